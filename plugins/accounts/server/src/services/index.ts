import audit from './audit';
import passwords from './passwords';
import profiles from './profiles';
import signInLimits from './sign-in-limits';
import viewers from './viewers';

export default { audit, passwords, profiles, 'sign-in-limits': signInLimits, viewers };
