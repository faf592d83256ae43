import appeals from './appeals';
import decisions from './decisions';
import log from './log';
import notices from './notices';
import premoderation from './premoderation';
import queue from './queue';
import videos from './videos';

export default { appeals, decisions, log, notices, premoderation, queue, videos };
