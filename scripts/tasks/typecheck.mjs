// `npm run typecheck`: the type checks of `npm test`, on their own and in the same order; exits non-zero when any fails.
import { buildAll } from '../lib/build.mjs';
import { loadEnv } from '../lib/env.mjs';
import { runChecks } from '../lib/run-checks.mjs';
import { typeChecks } from '../lib/typecheck.mjs';

const env = loadEnv();
const log = (message) => console.log(`[typecheck] ${message}`);
// the other workspaces read the shared contracts' types from contracts/dist (built only when its sources changed)
buildAll({ ...env, NODE_ENV: 'production' }, { only: ['contracts'], log });
const failed = (await runChecks(typeChecks(), { env, log }))
  .filter((result) => !result.ok)
  .map((result) => result.name);
log(failed.length ? `failed: ${failed.join(', ')}` : 'all type checks pass');
process.exit(failed.length ? 1 : 0);
