import reindex from './reindex';
import related from './related';
import search from './search';
import views from './views';

export default { reindex, related, search, views };
