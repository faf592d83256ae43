import limit from './limit';

export default { limit };
