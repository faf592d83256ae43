/**
 * The PostgreSQL server the API suites run against: TEST_DATABASE_URL, else the local one on
 * 127.0.0.1:5432, else a throwaway cluster started from Debian's packages in a temp folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(base, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

/** Starts a private cluster on a free port; PostgreSQL refuses to run as root, so it runs as `postgres`. */
function startThrowawayCluster(): { url: string; stop: () => void } {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error(
      'No PostgreSQL server answers and none is installed: run `apt-get install postgresql`, or set TEST_DATABASE_URL.',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-pg-'));
  chmodSync(dir, 0o777);
  const port = 55432 + Math.floor(Math.random() * 1000);
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (args: string[]) => {
    const [command, ...rest] = [...asPostgres, ...args];
    execFileSync(command, rest, { stdio: 'pipe' });
  };
  run([path.join(bin, 'initdb'), '-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run([
    path.join(bin, 'pg_ctl'),
    '-D',
    path.join(dir, 'data'),
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const stop = () => {
    const [command, ...rest] = [
      ...asPostgres,
      path.join(bin, 'pg_ctl'),
      '-D',
      path.join(dir, 'data'),
      '-m',
      'immediate',
      'stop',
    ];
    spawnSync(command, rest, { stdio: 'ignore' });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

export async function resolvePostgres(): Promise<{ url: string; stop?: () => void; source: string }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL' };
  const local = 'postgres://postgres@127.0.0.1:5432/test';
  if (await answers(local)) return { url: local, source: 'the local server at 127.0.0.1:5432' };
  const cluster = startThrowawayCluster();
  return { ...cluster, source: 'a throwaway cluster' };
}

/** The URL of a database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database on the same server: empty, or a copy of `template` (which nobody may be connected to). */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
