/**
 * A running Framecast for end-to-end tests and benchmarks: the built CMS on a fresh SQLite database and media
 * folder, seeded with the demo catalog, and the built site in front of it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

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

/** A seeded data folder (database, Strapi media, HLS outputs) and the environment that points at it. */
export type SeededData = { dir: string; env: NodeJS.ProcessEnv };

function dataEnv(dir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    DATABASE_FILENAME: path.join(dir, 'cms.db'),
    PUBLIC_DIR: path.join(dir, 'public'),
    MEDIA_ROOT: path.join(dir, 'media'),
    UPLOAD_TMP_DIR: path.join(dir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(dir, 'work'),
  };
}

// The per-run secrets: a cached seed keeps the ones it was written with.
const SECRET_KEYS = [
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  'MEDIA_SIGNING_SECRET',
  'VIEW_SIGNING_SECRET',
  'APP_KEYS',
];
const seedCacheRoot = path.join(root, '.cache', 'e2e-seed');

function hashTree(hash: ReturnType<typeof createHash>, target: string): void {
  if (!existsSync(target)) return;
  if (statSync(target).isFile()) {
    hash.update(path.relative(root, target)).update(readFileSync(target));
    return;
  }
  for (const entry of readdirSync(target).sort()) hashTree(hash, path.join(target, entry));
}

/**
 * What a seeded folder depends on: the seed's code, the built CMS, plugins and config (their build stamps, written
 * by scripts/lib/build.mjs from their sources) and the settings the seed reads. Null without build stamps: seed.
 */
function seedKey(env: NodeJS.ProcessEnv): string | null {
  const stamps = path.join(root, '.cache', 'build-stamps');
  if (!existsSync(path.join(stamps, 'cms'))) return null;
  const hash = createHash('sha256');
  for (const stamp of readdirSync(stamps).sort()) if (stamp !== 'site') hashTree(hash, path.join(stamps, stamp));
  for (const input of ['database/seed', 'scripts/tasks/seed.mjs', 'package-lock.json'])
    hashTree(hash, path.join(root, input));
  hash.update(
    JSON.stringify([env.NODE_ENV, env.TRANSCODE_PRESET ?? '', env.FFMPEG_PATH ?? '', env.SIGN_IN_MAX_FAILURES]),
  );
  return hash.digest('hex').slice(0, 16);
}

/**
 * Seeds the demo catalog (its media through the in-process transcoding runner) into a fresh folder. The seed
 * transcodes 24 videos through the whole ladder: minutes on 2 cores. With `reuse`, a finished seed is kept under
 * .cache/e2e-seed, keyed by everything it depends on, and later runs start from a copy of it (as the BullMQ twin does).
 */
export function seedStackData({
  nodeEnv = 'development',
  reuse = false,
}: { nodeEnv?: string; reuse?: boolean } = {}): SeededData {
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-'));
  const secret = () => randomBytes(16).toString('hex');
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: nodeEnv,
    DATABASE_CLIENT: 'sqlite',
    // the same throwaway secrets as tests/support/secrets.ts; inlined because the benchmarks run this file
    // on Node's own type stripping, which needs `.ts` import paths that the jest tsconfig does not allow
    ...Object.fromEntries(SECRET_KEYS.filter((key) => key !== 'APP_KEYS').map((key) => [key, secret()])),
    APP_KEYS: `${secret()},${secret()}`,
    STRAPI_TELEMETRY_DISABLED: 'true',
    // every spec signs in from the same address (127.0.0.1): the per-address limit would lock out specs that run
    // after a few wrong-password tests (the limits themselves are API-tested)
    SIGN_IN_MAX_FAILURES: '1000',
  };
  delete base.REDIS_URL;
  const key = reuse ? seedKey(base) : null;
  const cached = key ? path.join(seedCacheRoot, key) : null;
  if (cached && existsSync(path.join(cached, 'secrets.json'))) {
    cpSync(path.join(cached, 'data'), dir, { recursive: true });
    const secrets = JSON.parse(readFileSync(path.join(cached, 'secrets.json'), 'utf8')) as Record<string, string>;
    return { dir, env: dataEnv(dir, { ...base, ...secrets }) };
  }

  mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  const env = dataEnv(dir, base);
  const seed = spawnSync(process.execPath, [path.join(root, 'scripts', 'tasks', 'seed.mjs')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (seed.status !== 0) throw new Error('Seeding the demo catalog for the end-to-end tests failed');
  if (cached) {
    // written beside, then renamed: a run stopped half-way leaves no partial copy that looks finished
    rmSync(seedCacheRoot, { recursive: true, force: true });
    const staging = `${cached}.partial`;
    mkdirSync(staging, { recursive: true });
    cpSync(dir, path.join(staging, 'data'), { recursive: true });
    writeFileSync(
      path.join(staging, 'secrets.json'),
      JSON.stringify(Object.fromEntries(SECRET_KEYS.map((name) => [name, base[name]]))),
    );
    renameSync(staging, cached);
  }
  return { dir, env };
}

/** An independent copy of seeded data, for a second stack that must not share the first one's files. */
export function cloneStackData(data: SeededData): SeededData {
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-'));
  cpSync(data.dir, dir, { recursive: true });
  return { dir, env: dataEnv(dir, data.env) };
}

function spawnCms(env: NodeJS.ProcessEnv, cmsPort: number): ChildProcess {
  return spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: path.join(root, 'cms'),
    env: { ...env, PORT: String(cmsPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function spawnSite(
  env: NodeJS.ProcessEnv,
  {
    sitePort,
    cmsUrl,
    sessionDir,
    nodeEnv = 'production',
  }: { sitePort: number; cmsUrl: string; sessionDir: string; nodeEnv?: string },
): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'site', 'dist', 'server', 'entry.mjs')], {
    cwd: path.join(root, 'site'),
    env: {
      ...env,
      NODE_ENV: nodeEnv,
      HOST: '127.0.0.1',
      PORT: String(sitePort),
      CMS_URL: cmsUrl,
      PUBLIC_CMS_URL: cmsUrl,
      SESSION_DIR: sessionDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Starts the CMS and the site on seeded data. With `redis`, transcoding goes through BullMQ on that Redis
 * (its own key prefix) and a worker process (what `npm run worker` starts) runs the jobs. `cmsEnv` is for the CMS
 * only (mail settings, the site's URL for links in mails).
 */
export async function startStack(
  data: SeededData,
  {
    cmsPort,
    sitePort,
    redis,
    cmsEnv = {},
  }: { cmsPort: number; sitePort: number; redis?: { url: string; keyPrefix: string }; cmsEnv?: NodeJS.ProcessEnv },
): Promise<Stack> {
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const env: NodeJS.ProcessEnv = redis
    ? { ...data.env, REDIS_URL: redis.url, QUEUE_PREFIX: redis.keyPrefix }
    : data.env;
  const children: ChildProcess[] = [];
  const cms = spawnCms({ ...env, ...cmsEnv }, cmsPort);
  children.push(cms);
  const site = spawnSite(env, { sitePort, cmsUrl, sessionDir: path.join(data.dir, 'site-sessions') });
  children.push(site);
  if (redis) {
    const worker = spawn(
      process.execPath,
      [path.join(root, 'plugins', 'transcoding', 'dist', 'server', 'src', 'jobs', 'worker-main.js')],
      {
        cwd: root,
        env: { ...env, WORKER_HEALTH_PORT: '0' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(worker);
  }
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(data.dir, { recursive: true, force: true });
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

/**
 * One more site process in front of a running CMS, with settings of its own (a spec that needs, say, a short
 * session idle limit). Its sessions live in a fresh folder, removed on stop.
 */
export async function startSite({
  cmsUrl,
  sitePort,
  env = {},
  nodeEnv,
}: {
  cmsUrl: string;
  sitePort: number;
  env?: NodeJS.ProcessEnv;
  /** NODE_ENV of the site process (default production, as the built site runs). */
  nodeEnv?: string;
}): Promise<{ siteUrl: string; stop: () => Promise<void> }> {
  const sessionDir = mkdtempSync(path.join(tmpdir(), 'framecast-site-sessions-'));
  const site = spawnSite({ ...process.env, ...env }, { sitePort, cmsUrl, sessionDir, nodeEnv });
  const stop = async () => {
    if (site.exitCode === null) site.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (site.exitCode === null) site.kill('SIGKILL');
    rmSync(sessionDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${sitePort}/health`, site, 'The site', 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { siteUrl: `http://127.0.0.1:${sitePort}`, stop };
}

/**
 * A copy of a seeded database and its videos' media (the media library's uploads left out), kept in a folder that names its environment
 * (`env.json`): for a spec's own CMS with settings of its own (a part deliberately broken), which must not share the
 * stacks' files. Made before the stacks start, so the copy is of a database no process is writing.
 */
export function spareDatabase(data: SeededData): SeededData {
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-spare-'));
  for (const file of readdirSync(data.dir).filter((name) => name.startsWith('cms.db')))
    copyFileSync(path.join(data.dir, file), path.join(dir, file));
  // the videos' renditions too: the playback check plays one through the gateway
  cpSync(path.join(data.dir, 'media'), path.join(dir, 'media'), { recursive: true });
  mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  const spare = { dir, env: dataEnv(dir, data.env) };
  writeFileSync(path.join(dir, 'env.json'), JSON.stringify(spare.env), { mode: 0o600 });
  return spare;
}

/**
 * A CMS alone (no site, no worker) on the spare database the global setup made (`dir`), with `env` over its settings
 * and its encodes off (TRANSCODE_JOBS=off: it takes over no work). Stopping it removes nothing: the global teardown does.
 */
export async function startSpareCms(
  dir: string,
  { cmsPort, env = {} }: { cmsPort: number; env?: NodeJS.ProcessEnv },
): Promise<{ cmsUrl: string; stop: () => Promise<void> }> {
  const saved = JSON.parse(readFileSync(path.join(dir, 'env.json'), 'utf8')) as NodeJS.ProcessEnv;
  const cms = spawnCms({ ...saved, TRANSCODE_JOBS: 'off', ...env }, cmsPort);
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  const stop = async () => {
    if (cms.exitCode === null) cms.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (cms.exitCode === null) cms.kill('SIGKILL');
  };
  try {
    await waitFor(`${cmsUrl}/api/health`, cms, 'The spare CMS');
  } catch (error) {
    await stop();
    throw error;
  }
  return { cmsUrl, stop };
}

export async function startSeededStack({
  cmsPort,
  sitePort,
  nodeEnv = 'development',
}: {
  cmsPort: number;
  sitePort: number;
  nodeEnv?: string;
}): Promise<Stack> {
  return startStack(seedStackData({ nodeEnv }), { cmsPort, sitePort });
}
