// `npm run worker`: one stateless transcoding worker (BullMQ on REDIS_URL). Run as many as the hosts allow.
import { buildAll } from '../lib/build.mjs';
import { loadEnv } from '../lib/env.mjs';
import { startWorker, supervise } from '../lib/processes.mjs';

const log = (message) => console.log(`[framecast] ${message}`);
const env = loadEnv();
if (!env.REDIS_URL) {
  log('REDIS_URL is not set. Without Redis the CMS runs transcoding jobs itself; set REDIS_URL to use workers.');
  process.exit(2);
}
try {
  buildAll(env, { log, only: ['contracts', 'plugins/transcoding'] });
} catch (error) {
  log(`Build failed: ${error.message}`);
  process.exit(1);
}
// a worker that dies is started again with a backoff; after repeated failures the command gives up, non-zero
const { ok, reason } = await supervise(
  [{ name: 'The transcoding worker', start: () => startWorker(env), restart: true }],
  { log },
).done;
if (!ok) log(reason);
process.exit(ok ? 0 : 1);
