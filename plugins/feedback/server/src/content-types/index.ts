import feedback from './feedback/schema.json';

export default {
  feedback: { schema: feedback },
};
