import gateway from './gateway';
import pipeline from './pipeline';
import playback from './playback';
import uploads from './uploads';

export default { gateway, pipeline, playback, uploads };
