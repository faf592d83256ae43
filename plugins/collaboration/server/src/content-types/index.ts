import invitation from './invitation/schema.json';

export default {
  invitation: { schema: invitation },
};
