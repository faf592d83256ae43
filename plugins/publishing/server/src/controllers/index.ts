import premieres from './premieres';

export default { premieres };
