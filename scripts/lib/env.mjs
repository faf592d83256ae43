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
