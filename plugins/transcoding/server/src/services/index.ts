import captions from './captions';
import gateway from './gateway';
import pipeline from './pipeline';
import playback from './playback';
import selfTest from './self-test';
import uploads from './uploads';

export default { captions, gateway, pipeline, playback, 'self-test': selfTest, uploads };
