import bulkEdits from './bulk-edits';
import inbox from './inbox';
import premieres from './premieres';
import scheduler from './scheduler';
import schedules from './schedules';

export default { 'bulk-edits': bulkEdits, inbox, premieres, scheduler, schedules };
