// The root .env: read it, and write one with fresh secrets on first run (never committed).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const envFile = path.join(root, '.env');

const secret = () => randomBytes(24).toString('base64');

/** Parses KEY=VALUE lines; quotes are stripped, comments and blank lines ignored. */
export function parseEnv(text) {
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    values[match[1]] = value;
  }
  return values;
}

/** Secrets added after a first `npm start` wrote .env: generated into an existing .env that lacks them. */
const LATER_SECRETS = ['VIEW_SIGNING_SECRET'];

/** Appends the LATER_SECRETS an existing .env lacks (set neither there nor in the shell); returns their names. */
export function addMissingSecrets() {
  if (!existsSync(envFile)) return [];
  const present = { ...parseEnv(readFileSync(envFile, 'utf8')), ...process.env };
  const missing = LATER_SECRETS.filter((name) => !present[name]);
  if (missing.length === 0) return [];
  const text = readFileSync(envFile, 'utf8');
  const lines = missing.map((name) => `${name}=${secret()}`);
  writeFileSync(
    envFile,
    `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}# Added by npm start (a newer version needs it)\n${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
  return missing;
}

/** Writes .env with generated secrets when there is none; returns true when it did. */
export function ensureEnvFile() {
  if (existsSync(envFile)) return false;
  const lines = [
    '# Written by the first `npm start` with freshly generated secrets. Never commit this file.',
    '# Every setting is documented in .env.example.',
    'NODE_ENV=development',
    `APP_KEYS=${[secret(), secret(), secret(), secret()].join(',')}`,
    `API_TOKEN_SALT=${secret()}`,
    `ADMIN_JWT_SECRET=${secret()}`,
    `TRANSFER_TOKEN_SALT=${secret()}`,
    `JWT_SECRET=${secret()}`,
    `ENCRYPTION_KEY=${secret()}`,
    `MEDIA_SIGNING_SECRET=${secret()}`,
    `VIEW_SIGNING_SECRET=${secret()}`,
    'DATABASE_CLIENT=sqlite',
    '',
  ];
  writeFileSync(envFile, lines.join('\n'), { mode: 0o600 });
  return true;
}

/** process.env wins over .env, so a variable set in the shell is never overridden. */
export function loadEnv() {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
