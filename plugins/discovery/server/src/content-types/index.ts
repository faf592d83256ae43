import viewSchema from './view/schema.json';

export default {
  view: { schema: viewSchema },
};
