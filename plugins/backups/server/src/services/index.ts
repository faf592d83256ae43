import backups from './backups';
import schedule from './schedule';

export default { backups, schedule };
