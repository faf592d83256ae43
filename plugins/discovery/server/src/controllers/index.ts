import reindex from './reindex';
import recommendations from './recommendations';
import related from './related';
import search from './search';
import views from './views';

export default { recommendations, reindex, related, search, views };
