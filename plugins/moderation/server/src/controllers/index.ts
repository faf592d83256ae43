import appeals from './appeals';
import log from './log';
import queue from './queue';

export default { appeals, log, queue };
