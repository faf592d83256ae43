/**
 * A running Framecast for end-to-end tests and benchmarks: the built CMS on a fresh SQLite database and media
 * folder, seeded with the demo catalog, and the built site in front of it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

// both the Playwright runner and the benchmarks run from the repository root (the launcher sets FRAMECAST_ROOT)
const root = process.env.FRAMECAST_ROOT ?? process.cwd();

async function waitFor(url: string, child: ChildProcess, name: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before answering at ${url}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

export type Stack = { cmsUrl: string; siteUrl: string; stop: () => Promise<void> };

export async function startSeededStack({ cmsPort, sitePort, nodeEnv = 'development' }: { cmsPort: number; sitePort: number; nodeEnv?: string }): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-'));
  mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  const secret = () => randomBytes(16).toString('hex');
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: nodeEnv,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'cms.db'),
    PUBLIC_DIR: path.join(dir, 'public'),
    // the same throwaway secrets as tests/support/secrets.ts; inlined because the benchmarks run this file
    // on Node's own type stripping, which needs `.ts` import paths that the jest tsconfig does not allow
    ...Object.fromEntries(['API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'].map((key) => [key, secret()])),
    APP_KEYS: `${secret()},${secret()}`,
    STRAPI_TELEMETRY_DISABLED: 'true',
  };

  const seed = spawnSync(process.execPath, [path.join(root, 'scripts', 'tasks', 'seed.mjs')], { cwd: root, env, stdio: 'inherit' });
  if (seed.status !== 0) throw new Error('Seeding the demo catalog for the end-to-end tests failed');

  const cms = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], { cwd: path.join(root, 'cms'), env: { ...env, PORT: String(cmsPort) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const site = spawn(process.execPath, [path.join(root, 'site', 'dist', 'server', 'entry.mjs')], {
    cwd: path.join(root, 'site'),
    env: { ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(sitePort), CMS_URL: cmsUrl, PUBLIC_CMS_URL: cmsUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    for (const child of [site, cms]) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const child of [site, cms]) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${cmsUrl}/api/health`, cms, 'The CMS');
    await waitFor(`http://127.0.0.1:${sitePort}/health`, site, 'The site');
  } catch (error) {
    await stop();
    throw error;
  }
  return { cmsUrl, siteUrl: `http://127.0.0.1:${sitePort}`, stop };
}
