/**
 * The plugin's settings: cms/config/plugins.ts reads them from the environment (COMMENT_BLOCKED_WORDS,
 * COMMENT_LINK_MIN_ACCOUNT_DAYS, VIDEO_REPORTS_TO_HOLD) and Strapi checks them here at boot.
 */
export interface CommunityConfig {
  /** Words that hold a comment for a moderator, beyond the shipped list (server/data/blocked-words.txt); lower case. */
  blockedWords: string[];
  /** A comment with a link from an account younger than this many days waits for a moderator. */
  linkMinAccountDays: number;
  /** Reports from this many viewers hold a video (moderation state pending) until a moderator reviews it. */
  videoReportsToHold: number;
}

const defaults: CommunityConfig = { blockedWords: [], linkMinAccountDays: 3, videoReportsToHold: 5 };

function validator(config: Partial<CommunityConfig>): void {
  if (!Array.isArray(config.blockedWords) || !config.blockedWords.every((word) => typeof word === 'string')) {
    throw new Error('Invalid community settings: COMMENT_BLOCKED_WORDS must be a comma-separated list of words');
  }
  const days = config.linkMinAccountDays;
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new Error(
      `Invalid community settings: COMMENT_LINK_MIN_ACCOUNT_DAYS must be a number of days, 0 or more (got "${String(days)}")`,
    );
  }
  const hold = config.videoReportsToHold;
  if (typeof hold !== 'number' || !Number.isInteger(hold) || hold < 1) {
    throw new Error(
      `Invalid community settings: VIDEO_REPORTS_TO_HOLD must be a whole number, 1 or more (got "${String(hold)}")`,
    );
  }
}

export default { default: defaults, validator };
