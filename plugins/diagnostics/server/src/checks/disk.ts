/** Free space where media lands: the media folder (local storage), uploads and encodes in progress. */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { transcodingSelfTest } from '../utils';
import type { Check } from './types';

const GIB = 1024 ** 3;
/** Below this a single long upload and its ladder may not fit. */
const FAIL_BELOW = 2 * GIB;
const WARN_BELOW = 10 * GIB;

/** The folder itself, or the nearest parent that exists (a folder made on first use). */
async function space(folder: string): Promise<{ free: number; size: number }> {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      const stats = await statfs(current);
      return { free: stats.bavail * stats.bsize, size: stats.blocks * stats.bsize };
    } catch (error) {
      if (path.dirname(current) === current) throw error;
    }
  }
}

const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

const disk: Check = {
  name: 'disk',
  verifies: `at least ${gib(WARN_BELOW)} free for media, uploads and encodes`,
  readiness: false,
  async run(strapi) {
    const selfTest = transcodingSelfTest(strapi);
    if (!selfTest) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    const found = await Promise.all(
      selfTest.folders().map(async (folder) => ({ ...folder, ...(await space(folder.path)) })),
    );
    const lowest = found.reduce((low, folder) => (folder.free < low.free ? folder : low));
    const detail = found.map((folder) => `${folder.role} ${gib(folder.free)} free (${folder.path})`).join('; ');
    if (lowest.free >= WARN_BELOW) return { status: 'ok', detail };
    return {
      status: lowest.free < FAIL_BELOW ? 'fail' : 'warn',
      detail,
      fix: `Free space on the disk holding ${lowest.path} (${lowest.role}), or move it to a larger one with ${
        lowest.role === 'media'
          ? 'MEDIA_ROOT'
          : lowest.role.startsWith('uploads')
            ? 'UPLOAD_TMP_DIR'
            : 'TRANSCODE_WORK_DIR'
      } (or keep media in S3: STORAGE_DRIVER=s3).`,
    };
  },
};

export default disk;
