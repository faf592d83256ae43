import audit from './audit';
import passwords from './passwords';
import signInLimits from './sign-in-limits';
import viewers from './viewers';

export default { audit, passwords, 'sign-in-limits': signInLimits, viewers };
