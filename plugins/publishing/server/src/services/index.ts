import scheduler from './scheduler';
import schedules from './schedules';

export default { scheduler, schedules };
