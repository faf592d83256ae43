import bulkEdits from './bulk-edits';
import premieres from './premieres';

export default { 'bulk-edits': bulkEdits, premieres };
