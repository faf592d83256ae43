// `npm run lint`: ESLint and Prettier over the whole tree (`npm run lint -- --fix` rewrites what they can fix).
import { spawnSync } from 'node:child_process';
import { lintChecks } from '../lib/lint.mjs';

const fix = process.argv.slice(2).includes('--fix');
const failed = [];
for (const check of lintChecks({ fix })) {
  console.log(`[lint] ${check.name}`);
  const result = spawnSync(check.command, check.args, { cwd: check.cwd, stdio: 'inherit' });
  if (result.status !== 0) failed.push(check.name);
}
console.log(
  failed.length
    ? `[lint] failed: ${failed.join(', ')} (npm run lint -- --fix rewrites what can be fixed)`
    : '[lint] clean',
);
process.exit(failed.length ? 1 : 0);
