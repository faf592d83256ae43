import ladder from './ladder';
import validation from './validation';

export default { ladder, validation };
