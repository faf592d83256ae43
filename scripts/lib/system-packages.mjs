// Debian packages the platform needs at run time or in tests (ffmpeg, chromium), installed when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BINARIES = { ffmpeg: '/usr/bin/ffmpeg', chromium: '/usr/bin/chromium' };

export function ensureSystemPackages(packages, { log = console.log } = {}) {
  const missing = packages.filter((name) => !existsSync(BINARIES[name] ?? `/usr/bin/${name}`));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them (Debian: sudo apt-get install ${missing.join(' ')}) and run again.`);
  }
  log(`Installing ${missing.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args[0]} failed; install ${missing.join(' ')} yourself and run again.`);
  }
}
