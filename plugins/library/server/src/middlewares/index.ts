import saveLimit from './save-limit';

export default { 'save-limit': saveLimit };
