import applications from './applications';
import checklist from './checklist';

export default { applications, checklist };
