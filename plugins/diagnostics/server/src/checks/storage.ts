/** Media storage (the local folder or the S3 bucket): an object written, read back and deleted through the driver. */
import { transcodingSelfTest } from '../utils';
import type { Check } from './types';

const storage: Check = {
  name: 'storage',
  verifies: 'an object is written, read back and deleted in media storage (local folder or S3)',
  readiness: true,
  async run(strapi) {
    const selfTest = transcodingSelfTest(strapi);
    if (!selfTest) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    const answer = await selfTest.storage();
    if (answer.ok) return { status: 'ok', detail: answer.detail };
    return {
      status: 'fail',
      detail: `${answer.driver} storage at ${answer.detail}: ${answer.error}`,
      fix:
        answer.driver === 'local'
          ? `Make ${selfTest.storageLocation()} a folder this user can write (or set MEDIA_ROOT to one).`
          : 'Check S3_BUCKET, S3_REGION, S3_ENDPOINT and the credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY): ' +
            'the bucket must exist and the key may put, get and delete objects in it.',
    };
  },
};

export default storage;
