import collections from './collections';
import courses from './courses';
import history from './history';
import library from './library';
import settings from './settings';
import videos from './videos';

export default { collections, courses, history, library, settings, videos };
