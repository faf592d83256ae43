import gateway from './gateway';
import pipeline from './pipeline';
import uploads from './uploads';

export default { gateway, pipeline, uploads };
