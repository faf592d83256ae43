// `npm run seed [-- --reset]`: loads .env, makes sure the media folder exists, then runs the seed CLI
// (database/seed/index.ts, TypeScript run by Node 24's type stripping) and exits with its status.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearSeeded, markSeeded } from '../lib/seed-state.mjs';

const root = process.env.FRAMECAST_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** KEY=VALUE lines; `#` comments and blank lines ignored; variables already set win. */
function loadEnvFile(file) {
  if (!existsSync(file)) return false;
  for (const rawLine of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rawValue] = match;
    let value = rawValue;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    if (process.env[key] === undefined) process.env[key] = value;
  }
  return true;
}

if (!loadEnvFile(path.join(root, '.env'))) {
  process.stderr.write('[framecast] No .env file: using the environment as it is (`npm start` creates .env).\n');
}
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';

// the local upload provider needs public/uploads before Strapi loads (PUBLIC_DIR is relative to cms/)
mkdirSync(path.resolve(root, 'cms', process.env.PUBLIC_DIR || '../public', 'uploads'), { recursive: true });

clearSeeded(process.env, root);
const child = spawn(process.execPath, [path.join(root, 'database', 'seed', 'index.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env: process.env,
  stdio: 'inherit',
});
// an interrupted seed may still exit 0 after shutting Strapi down cleanly: it is not a finished one
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    child.kill(signal);
  });
}
child.on('error', (error) => {
  process.stderr.write(`[framecast] Could not start the seed: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  const status = interrupted ? code || 130 : (code ?? (signal ? 1 : 0));
  if (status === 0 && !process.argv.includes('--help')) markSeeded(process.env, root);
  process.exit(status);
});
