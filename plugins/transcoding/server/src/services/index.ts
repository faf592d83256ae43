import gateway from './gateway';
import ladder from './ladder';
import pipeline from './pipeline';
import uploads from './uploads';
import validation from './validation';

export default { gateway, ladder, pipeline, uploads, validation };
