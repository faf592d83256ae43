import schedule from './schedule/schema.json';

export default {
  schedule: { schema: schedule },
};
