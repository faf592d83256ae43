// `npm run worker`: one stateless transcoding worker (BullMQ on REDIS_URL). Run as many as the hosts allow.
import { buildAll } from '../lib/build.mjs';
import { loadEnv } from '../lib/env.mjs';
import { startWorker, superviseTogether } from '../lib/processes.mjs';

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
const codes = await superviseTogether([startWorker(env)], { log });
process.exit(codes.find((code) => code !== 0 && code !== null && code !== 130) ? 1 : 0);
