import collections from './collections';
import history from './history';
import library from './library';
import settings from './settings';
import videos from './videos';

export default { collections, history, library, settings, videos };
