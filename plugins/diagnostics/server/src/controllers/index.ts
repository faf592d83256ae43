import health from './health';
import metrics from './metrics';
import runs from './runs';

export default { health, metrics, runs };
