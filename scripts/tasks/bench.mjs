// `npm run bench -- <name>`: builds what it measures, then runs tests/bench/<name>.ts on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildAll } from '../lib/build.mjs';
import { loadEnv, root } from '../lib/env.mjs';

const [name, ...rest] = process.argv.slice(2);
const benchDir = path.join(root, 'tests', 'bench');
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>   (available: ${available.join(', ')})`);
  process.exit(2);
}
const env = loadEnv();
buildAll({ ...env, NODE_ENV: 'production' }, { log: (message) => console.error(`[bench] ${message}`) });
const file = path.join(benchDir, `${name}.ts`);
if (!existsSync(file)) process.exit(2);
const result = spawnSync(process.execPath, [file, ...rest], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
