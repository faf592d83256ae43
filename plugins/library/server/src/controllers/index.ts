import collections from './collections';
import history from './history';
import items from './items';
import settings from './settings';

export default { collections, history, items, settings };
