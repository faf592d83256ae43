import documents from './documents';
import engine from './engine';
import indexer from './indexer';
import metrics from './metrics';
import recommendations from './recommendations';
import related from './related';
import search from './search';
import signals from './signals';
import views from './views';

export default { documents, engine, indexer, metrics, recommendations, related, search, signals, views };
