/**
 * Which new comments wait for a moderator before anyone else sees them: those with a blocked word (the shipped list
 * in server/data/blocked-words.txt plus the `blockedWords` setting, COMMENT_BLOCKED_WORDS), and those with a link from an
 * account younger than `linkMinAccountDays` (COMMENT_LINK_MIN_ACCOUNT_DAYS) days (the usual shape of spam).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { getSettings } from '../utils';

export const LINK_PATTERN =
  /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|ru|cn|xyz|info|biz|top|co|me|ly|gg|tv)\b(?:\/[^\s<>"']*)?/gi;

function shippedWords(): string[] {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const file = path.join(dir, 'server', 'data', 'blocked-words.txt');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line && !line.startsWith('#'))
    : [];
}

const moderationService = ({ strapi }: { strapi: Core.Strapi }) => {
  let words: RegExp | undefined;
  const blocked = () => {
    if (!words) {
      const extra = getSettings(strapi)
        .blockedWords.map((word) => word.trim().toLowerCase())
        .filter(Boolean);
      const all = [...new Set([...shippedWords(), ...extra])].map((word) =>
        word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      );
      words = all.length ? new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${all.join('|')})(?:$|[^\\p{L}\\p{N}])`, 'iu') : /$^/;
    }
    return words;
  };
  const minAccountDays = () => getSettings(strapi).linkMinAccountDays;

  return {
    /** Why this comment should be held, or null when it may be shown at once. */
    holdReason(body: string, author: { createdAt: string | Date }): string | null {
      if (blocked().test(body.normalize('NFKC'))) return 'blocked-word';
      LINK_PATTERN.lastIndex = 0;
      const ageDays = (Date.now() - new Date(author.createdAt).getTime()) / 86_400_000;
      if (LINK_PATTERN.test(body) && ageDays < minAccountDays()) return 'link-from-new-account';
      return null;
    },
  };
};

export default moderationService;
export type ModerationService = ReturnType<typeof moderationService>;
