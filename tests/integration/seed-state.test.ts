// `npm start` seeds until a seed has finished once on this SQLite file: a half-done seed (the file exists, the seed
// stopped) is finished by the next start, and a database created again is seeded again.
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Env = Record<string, string | undefined>;
type SeedStateModule = {
  sqliteFile(env: Env, root: string): string | null;
  isSeeded(env: Env, root: string): boolean;
  markSeeded(env: Env, root: string): void;
  clearSeeded(env: Env, root: string): void;
};

const seedState = require(path.resolve(__dirname, '..', '..', 'scripts', 'lib', 'seed-state.mjs')) as SeedStateModule;

describe('the seed marker of npm start', () => {
  let root: string;
  let env: Env;
  let database: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'framecast-seed-state-'));
    database = path.join(root, 'data.db');
    env = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: database };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes a database file left by a seed that stopped half-way for not seeded', () => {
    seedState.clearSeeded(env, root);
    writeFileSync(database, 'tables, some rows');
    expect(seedState.isSeeded(env, root)).toBe(false);
    seedState.markSeeded(env, root);
    expect(seedState.isSeeded(env, root)).toBe(true);
  });

  it('seeds again a database deleted and created anew, and one whose seed was started again', () => {
    writeFileSync(database, 'seeded');
    seedState.markSeeded(env, root);
    // made while the old file still exists, so it cannot reuse the old file's inode
    writeFileSync(`${database}.new`, 'new');
    unlinkSync(database);
    renameSync(`${database}.new`, database);
    expect(seedState.isSeeded(env, root)).toBe(false);
    seedState.markSeeded(env, root);
    seedState.clearSeeded(env, root);
    expect(seedState.isSeeded(env, root)).toBe(false);
  });

  it('always seeds on PostgreSQL (the seed is idempotent there, and no file tells)', () => {
    const postgres = { DATABASE_CLIENT: 'postgres' };
    expect(seedState.sqliteFile(postgres, root)).toBeNull();
    seedState.markSeeded(postgres, root);
    expect(seedState.isSeeded(postgres, root)).toBe(false);
  });
});
