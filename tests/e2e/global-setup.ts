import { resolveTestRedis } from '../integration/setup/redis-server';
import { cloneStackData, seedStackData, startStack } from '../support/stack';
import { E2E_BULLMQ_CMS_PORT, E2E_BULLMQ_SITE_PORT, E2E_CMS_PORT, E2E_SITE_PORT } from './playwright.config';

/**
 * Seeds the demo catalog once and starts two stacks on copies of it: the main one (transcoding in-process,
 * every spec) and a BullMQ one (a real Redis under a key prefix of its own, and a worker process), which the
 * upload spec uses as well. Returns the teardown that stops both.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const seeded = seedStackData();
  const twin = cloneStackData(seeded);
  const redis = await resolveTestRedis();
  const main = await startStack(seeded, { cmsPort: E2E_CMS_PORT, sitePort: E2E_SITE_PORT });
  const bullmq = await startStack(twin, { cmsPort: E2E_BULLMQ_CMS_PORT, sitePort: E2E_BULLMQ_SITE_PORT, redis }).catch(async (error) => {
    await main.stop();
    await redis.stop();
    throw error;
  });
  process.env.E2E_CMS_URL = main.cmsUrl;
  process.env.E2E_BULLMQ_CMS_URL = bullmq.cmsUrl;
  process.env.E2E_BULLMQ_SITE_URL = bullmq.siteUrl;
  return async () => {
    await Promise.all([main.stop(), bullmq.stop()]);
    await redis.stop();
  };
}
