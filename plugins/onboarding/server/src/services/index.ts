import applications from './applications';

export default { applications };
