import diagnose from './diagnose';
import health from './health';

export default { diagnose, health };
