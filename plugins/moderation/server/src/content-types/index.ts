import appeal from './appeal/schema.json';
import logEntry from './log-entry/schema.json';

export default {
  'log-entry': { schema: logEntry },
  appeal: { schema: appeal },
};
