/** The job code path on its own (no Strapi): a source that is gone fails for good, with a reason for the creator. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transcodingConfigFrom } from '../config';
import { SourceRefusedError, describeFailure, processTranscodeJob } from '../jobs/process-job';
import { createMediaStorage } from '../storage';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'framecast-process-job-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = () =>
  transcodingConfigFrom({
    MEDIA_ROOT: path.join(dir, 'media'),
    TRANSCODE_WORK_DIR: path.join(dir, 'work'),
    UPLOAD_TMP_DIR: path.join(dir, 'tmp'),
  });

it.each([
  ['a stored object', { kind: 'storage' as const, key: 'sources/gone/0123.mp4' }],
  ['a file', { kind: 'file' as const, path: '/nonexistent/source.mp4' }],
])('refuses, without retrying, a source that is missing (%s)', async (_label, source) => {
  const cfg = config();
  const storage = createMediaStorage(cfg.storage);
  const job = processTranscodeJob(
    { videoDocumentId: 'doc1', videoTitle: 'Gone', checksum: 'a'.repeat(64), source, sourceName: 'gone.mp4' },
    { jobId: 'job-1', config: cfg, storage },
  );
  await expect(job).rejects.toBeInstanceOf(SourceRefusedError);
  const failure = describeFailure(await job.catch((error: unknown) => error));
  expect(failure).toEqual({
    code: 'refused:missing',
    reason: expect.stringMatching(/no longer in storage.*Upload the video again\./),
  });
  await storage.close();
});
