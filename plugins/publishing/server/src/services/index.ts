import premieres from './premieres';
import scheduler from './scheduler';
import schedules from './schedules';

export default { premieres, scheduler, schedules };
