import application from './application/schema.json';

export default {
  application: { schema: application },
};
