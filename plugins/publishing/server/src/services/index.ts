import bulkEdits from './bulk-edits';
import premieres from './premieres';
import scheduler from './scheduler';
import schedules from './schedules';

export default { 'bulk-edits': bulkEdits, premieres, scheduler, schedules };
