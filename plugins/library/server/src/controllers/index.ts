import collections from './collections';
import courses from './courses';
import history from './history';
import items from './items';
import settings from './settings';

export default { collections, courses, history, items, settings };
