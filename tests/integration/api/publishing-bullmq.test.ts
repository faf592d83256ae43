/**
 * Scheduled publishing driven by BullMQ (REDIS_URL set: a delayed job per scheduled time, a sweep for lost jobs) on a
 * real Redis (TEST_REDIS_URL, else 127.0.0.1:6379, else a throwaway redis-server; a key prefix of its own). The rules
 * themselves are in publishing.test.ts; this file checks the driver publishes on time and after a restart.
 */
import { resolveTestRedis } from '../setup/redis-server';
import { startTestCms, type TestCms } from '../setup/strapi';
import { until } from '../setup/until';

const VIDEO = 'api::video.video';
let cms: TestCms;
let redis: Awaited<ReturnType<typeof resolveTestRedis>>;

beforeAll(async () => {
  redis = await resolveTestRedis();
  Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: redis.keyPrefix });
  cms = await startTestCms();
}, 120_000);
afterAll(async () => {
  await cms?.stop();
  await redis?.stop();
  delete process.env.REDIS_URL;
  delete process.env.QUEUE_PREFIX;
});

const scheduler = () =>
  cms.strapi.plugin('publishing').service('scheduler') as {
    driver: string;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
const isPublished = async (documentId: string) =>
  (await cms.strapi.db.query(VIDEO).count({ where: { documentId, publishedAt: { $notNull: true } } })) > 0;

let drafts = 0;
async function scheduledDraft(scheduledAt: Date): Promise<string> {
  drafts += 1;
  const created = await cms.strapi.documents(VIDEO).create({
    data: {
      title: `Queued lesson ${drafts}`,
      slug: `queued-lesson-${drafts}`,
      visibility: 'public',
      moderationState: 'approved',
      processingStatus: 'ready',
      scheduledAt,
    } as never,
  });
  return created.documentId;
}

it('a delayed job publishes the draft at its time', async () => {
  expect(scheduler().driver).toBe('bullmq');
  const at = new Date(Date.now() + 1500);
  const id = await scheduledDraft(at);
  expect(await isPublished(id)).toBe(false);
  await until('the draft is published by its delayed job', () => isPublished(id));
  const row = (await cms.strapi.db.query(VIDEO).findOne({
    where: { documentId: id, publishedAt: { $notNull: true } },
    select: ['publishedAt'],
  })) as { publishedAt: string };
  expect(new Date(row.publishedAt).getTime()).toBeGreaterThanOrEqual(at.getTime());
});

it('a time that passed while the scheduler was stopped is published when it starts again', async () => {
  await scheduler().stop();
  const id = await scheduledDraft(new Date(Date.now() - 30_000));
  expect(await isPublished(id)).toBe(false);
  await scheduler().start();
  await until('the missed draft is published at start', () => isPublished(id));
});
