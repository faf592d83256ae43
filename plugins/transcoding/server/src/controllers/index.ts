import jobs from './jobs';
import media from './media';
import uploads from './uploads';

export default { jobs, media, uploads };
