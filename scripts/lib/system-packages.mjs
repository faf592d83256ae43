// Debian packages the platform needs at run time or in tests (ffmpeg, chromium), installed when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import path from 'node:path';

const BINARIES = { ffmpeg: ['ffmpeg', 'ffprobe'], chromium: ['chromium'] };
/** What `npm test` drives: Debian's Chromium, at this path (Playwright's executablePath). */
const FIXED_PATHS = { chromium: '/usr/bin/chromium' };

function onPath(binary) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, binary)));
}

function isInstalled(name) {
  if (FIXED_PATHS[name]) return existsSync(FIXED_PATHS[name]);
  if (name === 'ffmpeg' && process.env.FFMPEG_PATH && existsSync(process.env.FFMPEG_PATH)) return true;
  return (BINARIES[name] ?? [name]).every((binary) => existsSync(`/usr/bin/${binary}`) || onPath(binary));
}

/** The one command that installs `missing` on this machine. */
export function installCommand(missing) {
  if (process.platform === 'darwin') return `brew install ${missing.filter((name) => name !== 'chromium').join(' ')}`;
  return `sudo apt-get install -y ${missing.join(' ')}`;
}

export function ensureSystemPackages(packages, { log = console.log } = {}) {
  const missing = packages.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed. Run \`${installCommand(missing)}\`, then run this command again.`,
    );
  }
  log(`Installing ${missing.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0)
      throw new Error(
        `apt-get ${args[0]} failed. Run \`${installCommand(missing)}\` yourself, then run this command again.`,
      );
  }
}
