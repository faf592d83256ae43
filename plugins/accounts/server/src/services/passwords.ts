/**
 * The password policy as the server enforces it: the shared length and personal-data rules, plus the list of common
 * passwords shipped with the plugin (server/data/common-passwords.txt), which the site never downloads.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { passwordProblem } from '@framecast/contracts';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (common) return common;
  // from the sources (tests) or from dist/ (Strapi): the data folder sits under the plugin's server/
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const text = readFileSync(path.join(dir, 'server', 'data', 'common-passwords.txt'), 'utf8');
  common = new Set(text.split('\n').filter((line) => line && !line.startsWith('#')));
  return common;
}

/**
 * On the list as typed, or once the digits and symbols people pad a common word with are taken off
 * ("Password123456!", "2024dragonfly!!"), or a common word repeated ("monkeymonkeymonkey").
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (core.length >= 4 && list.has(core)) return true;
  const repeated = /^(.{3,}?)\1+$/.exec(core);
  return Boolean(repeated && list.has(repeated[1]!));
}

const passwordsService = () => ({
  /** The first problem with a new password, or null when it may be used. */
  problem(password: string, context: { username?: string; email?: string } = {}): string | null {
    return passwordProblem(password, context, isCommonPassword);
  },
});

export default passwordsService;
export type PasswordsService = ReturnType<typeof passwordsService>;
