import applications from './applications';
import checklist from './checklist';
import help from './help';

export default { applications, checklist, help };
