import diagnose from './diagnose';
import health from './health';
import metrics from './metrics';

export default { diagnose, health, metrics };
