/**
 * A real CMS for a bench: the built CMS (`strapi start`, production) on a fresh SQLite database, with its media
 * storage, tus uploads and transcoding work folders in one temporary folder, and the in-process job runner (no
 * REDIS_URL). Unlike tests/support/stack.ts (a seeded catalog and the site), it starts empty, keeps the CMS's log
 * lines in a file (the bench reads their times) and runs the CMS in a process group of its own: stopping it ends the
 * encodes it started too (the in-process runner waits for a running ffmpeg on a clean shutdown).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface BenchCms {
  url: string;
  /** The temporary folder: database, media storage (`media`), tus uploads (`uploads`), work folders (`work`). */
  dir: string;
  mediaRoot: string;
  workDir: string;
  /** The CMS's pid, also its process group's id (the encoders it starts are in the group). */
  pid: number;
  /** The CMS's log lines (pino JSON in production), one a line. */
  logLines: () => string[];
  /** Ends the CMS and whatever it started (ffmpeg), then removes the folder. */
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startBenchCms(root: string, env: NodeJS.ProcessEnv = {}): Promise<BenchCms> {
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-bench-cms-'));
  const port = await freePort();
  const secret = () => randomBytes(16).toString('hex');
  const mediaRoot = path.join(dir, 'media');
  const workDir = path.join(dir, 'work');
  mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  const cmsEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'cms.db'),
    PUBLIC_DIR: path.join(dir, 'public'),
    MEDIA_ROOT: mediaRoot,
    UPLOAD_TMP_DIR: path.join(dir, 'uploads'),
    TRANSCODE_WORK_DIR: workDir,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    MEDIA_SIGNING_SECRET: secret(),
    VIEW_SIGNING_SECRET: secret(),
    APP_KEYS: `${secret()},${secret()}`,
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_FORMAT: 'json',
    ...env,
  };
  // this CMS alone: local storage, jobs in its own process, no CDN or search server in front
  for (const name of ['REDIS_URL', 'STORAGE_DRIVER', 'CDN_URL', 'DATABASE_URL', 'MEILI_HOST'])
    if (!(name in env)) delete cmsEnv[name];

  const logFile = path.join(dir, 'cms.log');
  const log = openSync(logFile, 'a');
  const cms = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: path.join(root, 'cms'),
    env: cmsEnv,
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const pid = cms.pid!;
  const logLines = () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean);

  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // nothing left in it
    }
  };
  // a bench that ends without stop() (an error, Ctrl-C: the CMS's group does not get the terminal's signal) ends it
  const onExit = () => {
    killGroup();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5000 && alive(pid); waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // the group: the CMS if it still waits for an encode, and the encoder
    killGroup();
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  try {
    for (;;) {
      if (cms.exitCode !== null) throw new Error(`the CMS exited (${cms.exitCode}) before it answered`);
      if (Date.now() > deadline) throw new Error(`the CMS did not answer at ${url} within 180 s`);
      const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } catch (error) {
    const tail = logLines().slice(-20).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}; its last log lines:\n${tail}`, { cause: error });
  }
  cms.unref();
  return { url, dir, mediaRoot, workDir, pid, logLines, stop };
}
