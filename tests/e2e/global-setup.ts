import { rmSync } from 'node:fs';
import { resolveTestRedis } from '../integration/setup/redis-server';
import { startMailCatcher } from '../support/mail-catcher';
import { serveMailbox } from '../support/mailbox';
import { cloneStackData, seedStackData, spareDatabase, startStack } from '../support/stack';
import { E2E_BULLMQ_CMS_PORT, E2E_BULLMQ_SITE_PORT, E2E_CMS_PORT, E2E_SITE_PORT } from './playwright.config';

/**
 * Seeds the demo catalog once and starts two stacks on copies of it: the main one (transcoding in-process,
 * every spec) and a BullMQ one (a real Redis under a key prefix of its own, and a worker process), which the
 * upload spec uses as well. The main CMS sends its mail to a real SMTP catcher whose messages specs read over
 * HTTP (E2E_MAIL_URL, see support/mailbox.ts). A copy of the seeded database waits for a spec's own CMS
 * (E2E_SPARE_DATA). Returns the teardown that stops everything.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // the site gives up on a CMS call after CMS_TIMEOUT_MS (3 s by default) and leaves that shelf out; with both stacks,
  // two browsers and encodes on 2 cores an answer can take longer, and a page missing a shelf fails a spec that did
  // nothing wrong. The fallback itself is unit-tested (site/src/lib/__tests__/cms.test.ts). Set here, before the
  // seed copies the environment, so every site process (the stacks' and a spec's own) inherits it, whatever .env says.
  process.env.CMS_TIMEOUT_MS = '15000';
  // the specs change content and look at it at once, as visitors who are not signed in too: the page cache and the
  // data cache's stale-while-revalidate (each answers one request after expiry from the old copy) are off here. Both
  // are tested against the built site in tests/integration/site-page-cache.test.ts and measured by the catalog bench.
  process.env.PAGE_CACHE_TTL_MS = '0';
  process.env.CMS_CACHE_REVALIDATE_MS = '0';
  // the seed's 24 ladders, the upload spec's and the BullMQ worker's: x264's fastest preset (the same ffmpeg path,
  // renditions and segments; the API tests keep the default preset). Half the CPU on 2 cores shared with two browsers.
  process.env.TRANSCODE_PRESET = 'ultrafast';
  // creator analytics count a view a few seconds after the beacon (production: every 5 minutes), so the analytics spec
  // sees its viewers without waiting long
  process.env.ANALYTICS_ROLLUP_SECONDS = '3';
  const seeded = seedStackData({ reuse: true });
  const twin = cloneStackData(seeded);
  // the database and media, for a spec that starts a CMS of its own with a part broken (diagnostics.spec)
  const spare = spareDatabase(seeded);
  process.env.E2E_SPARE_DATA = spare.dir;
  const redis = await resolveTestRedis();
  const mail = await startMailCatcher();
  const mailbox = await serveMailbox(mail);
  const stopMail = async () => {
    await mailbox.stop();
    await mail.stop();
  };
  // links in mails lead to the site, as in production
  const cmsEnv = { ...mail.env, SITE_URL: `http://127.0.0.1:${E2E_SITE_PORT}` };
  const main = await startStack(seeded, { cmsPort: E2E_CMS_PORT, sitePort: E2E_SITE_PORT, cmsEnv }).catch(
    async (error) => {
      await stopMail();
      await redis.stop();
      throw error;
    },
  );
  const bullmq = await startStack(twin, { cmsPort: E2E_BULLMQ_CMS_PORT, sitePort: E2E_BULLMQ_SITE_PORT, redis }).catch(
    async (error) => {
      await main.stop();
      await stopMail();
      await redis.stop();
      throw error;
    },
  );
  process.env.E2E_CMS_URL = main.cmsUrl;
  process.env.E2E_BULLMQ_CMS_URL = bullmq.cmsUrl;
  process.env.E2E_BULLMQ_SITE_URL = bullmq.siteUrl;
  process.env.E2E_MAIL_URL = mailbox.url;
  return async () => {
    await Promise.all([main.stop(), bullmq.stop()]);
    await stopMail();
    await redis.stop();
    rmSync(spare.dir, { recursive: true, force: true });
  };
}
