/**
 * ffmpeg and ffprobe: found (the absolute paths every run uses, nice's too), their versions, and a one-second clip
 * encoded and probed through the media module.
 */
import { transcodingSelfTest } from '../utils';
import type { Check } from './types';

const mediaTools: Check = {
  name: 'ffmpeg',
  verifies: 'ffmpeg and ffprobe run, and a one-second clip is encoded and probed the way uploads are',
  readiness: false,
  async run(strapi) {
    const selfTest = transcodingSelfTest(strapi);
    if (!selfTest) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    const answer = await selfTest.mediaTools();
    if (answer.ok) return { status: 'ok', detail: answer.detail };
    const missing = !answer.ffmpeg.version ? answer.ffmpeg : !answer.ffprobe.version ? answer.ffprobe : null;
    return {
      status: 'fail',
      detail: `${answer.detail}: ${answer.error}`,
      fix: missing
        ? `Install ffmpeg (\`sudo apt-get install -y ffmpeg\` on Debian, \`brew install ffmpeg\` on macOS), or set ` +
          `FFMPEG_PATH${missing === answer.ffprobe ? ' (and FFPROBE_PATH)' : ''} to where it is: ` +
          (missing.path
            ? `"${missing.path}" does not run.`
            : 'none was found on PATH (folders named node_modules/.bin are not searched).')
        : 'ffmpeg runs but cannot encode H.264: install a build with libx264 (Debian’s ffmpeg package has it).',
    };
  },
};

export default mediaTools;
