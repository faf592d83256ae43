// What `npm run backup` and `npm run restore` share: the settings (the environment over .env), the parts they run
// built, and the platform as the built CMS config describes it (plugins/backups server/src/backup/platform.ts). Neither
// command boots a CMS: a backup runs beside the serving one, a restore goes onto a stopped or not yet started one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildAll } from './build.mjs';
import { loadEnv, root } from './env.mjs';

/** What the commands load, and a file that proves each was built. */
const PARTS = {
  contracts: 'contracts/dist/index.js',
  'plugins/transcoding': 'plugins/transcoding/dist/server/src/config/index.js',
  'plugins/backups': 'plugins/backups/dist/server/src/backup/index.js',
};

/**
 * Loads the settings, builds what was never built, and answers the backup module, the platform and the backup
 * settings. The commands use the built code and config, as the running CMS does (`npm start` and `npm run build`
 * rebuild what changed); the CMS's config is compiled (server code only, no admin build) when it never was. Relative
 * paths the user typed are taken from where they typed them (npm's INIT_CWD).
 */
export async function loadBackupPlatform(log) {
  const userCwd = process.env.INIT_CWD || process.cwd();
  const env = loadEnv();
  Object.assign(process.env, env);
  const missing = Object.entries(PARTS)
    .filter(([, file]) => !existsSync(path.join(root, file)))
    .map(([name]) => name);
  if (missing.length > 0) buildAll(env, { log, only: missing });
  const cmsDir = path.join(root, 'cms');
  if (!existsSync(path.join(cmsDir, 'dist', 'config', 'plugins.js'))) {
    log('Compiling the CMS config…');
    const { compileStrapi } = createRequire(path.join(cmsDir, 'package.json'))('@strapi/strapi');
    await compileStrapi({ appDir: cmsDir, ignoreDiagnostics: true });
  }
  const require = createRequire(import.meta.url);
  const backups = require(path.join(root, 'plugins', 'backups', 'dist', 'server', 'src', 'backup', 'index.js'));
  // the CMS opens a relative SQLite path from its own folder
  process.chdir(cmsDir);
  const { platform, settings } = backups.platformFromBuild(root, env.NODE_ENV || 'development');
  return { backups, platform, settings, userCwd, root };
}

export function formatBytes(bytes) {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** "1 file", "3 files". */
export const count = (number, noun) => `${number} ${noun}${number === 1 ? '' : 's'}`;
