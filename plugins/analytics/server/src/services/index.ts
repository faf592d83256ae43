import salts from './salts';

export default { salts };
