// `npm run typecheck`: the type checks of `npm test`, on their own; exits non-zero when any fails.
import { spawnSync } from 'node:child_process';
import { buildAll } from '../lib/build.mjs';
import { loadEnv } from '../lib/env.mjs';
import { typeChecks } from '../lib/typecheck.mjs';

const env = loadEnv();
// the other workspaces read the shared contracts' types from config/dist (built only when its sources changed)
buildAll({ ...env, NODE_ENV: 'production' }, { only: ['config'], log: (message) => console.log(`[typecheck] ${message}`) });
const failed = [];
for (const check of typeChecks()) {
  console.log(`[typecheck] ${check.name}`);
  const result = spawnSync(check.command, check.args, { cwd: check.cwd, env, stdio: 'inherit' });
  if (result.status !== 0) failed.push(check.name);
}
console.log(failed.length ? `[typecheck] failed: ${failed.join(', ')}` : '[typecheck] all type checks pass');
process.exit(failed.length ? 1 : 0);
