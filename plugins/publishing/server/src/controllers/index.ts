import bulkEdits from './bulk-edits';
import inbox from './inbox';
import premieres from './premieres';

export default { 'bulk-edits': bulkEdits, inbox, premieres };
