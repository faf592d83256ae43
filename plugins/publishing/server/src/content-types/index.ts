import bulkEdit from './bulk-edit/schema.json';
import reminder from './reminder/schema.json';
import schedule from './schedule/schema.json';

export default {
  schedule: { schema: schedule },
  reminder: { schema: reminder },
  'bulk-edit': { schema: bulkEdit },
};
