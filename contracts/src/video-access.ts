/**
 * Who may watch a video: the one statement of the rule, imported by the CMS's public API, the media gateway,
 * discovery, community and library. A video is
 * - listed (catalog, search, feeds, public relations) when its published version is public and approved;
 * - watchable by link (watch page, views, comments, history) when it is public or unlisted, and approved.
 * Everything else (drafts, private, pending, rejected or removed videos) is for its owner and staff only.
 */
export const APPROVED = 'approved';
export const LISTED_VISIBILITIES = ['public'] as const;
export const WATCHABLE_VISIBILITIES = ['public', 'unlisted'] as const;

export type VideoAccessFields = {
  publishedAt?: string | Date | null;
  visibility?: string | null;
  moderationState?: string | null;
};

/** Document Service filters (published/draft is chosen by `status`, not by a filter). */
export const LISTED_VIDEO_FILTERS = { visibility: { $eq: 'public' }, moderationState: { $eq: APPROVED } };
export const WATCHABLE_VIDEO_FILTERS = {
  visibility: { $in: [...WATCHABLE_VISIBILITIES] },
  moderationState: { $eq: APPROVED },
};

/** Query Engine conditions on video rows (drafts and published versions are both rows there). */
export const LISTED_VIDEO_WHERE = {
  publishedAt: { $notNull: true },
  visibility: 'public',
  moderationState: APPROVED,
} as const;
export const WATCHABLE_VIDEO_WHERE = {
  publishedAt: { $notNull: true },
  visibility: { $in: [...WATCHABLE_VISIBILITIES] },
  moderationState: APPROVED,
} as const;

export function isListedVideo(row: VideoAccessFields): boolean {
  return Boolean(row.publishedAt) && row.moderationState === APPROVED && row.visibility === 'public';
}

export function isWatchableVideo(row: VideoAccessFields): boolean {
  return (
    Boolean(row.publishedAt) &&
    row.moderationState === APPROVED &&
    (WATCHABLE_VISIBILITIES as readonly string[]).includes(row.visibility ?? '')
  );
}

/** The SQL builder methods `whereListedVideo` needs (a knex query builder has them). */
export interface SqlConditions {
  whereNotNull(column: string): unknown;
  whereIn(column: string, values: string[]): unknown;
  where(column: string, value: string): unknown;
}

/** The listed rule as SQL conditions, for raw queries (knex) that join video rows; `column` names each field's column. */
export function whereListedVideo(builder: SqlConditions, column: (field: keyof VideoAccessFields) => string): void {
  builder.whereNotNull(column('publishedAt'));
  builder.whereIn(column('visibility'), [...LISTED_VISIBILITIES]);
  builder.where(column('moderationState'), APPROVED);
}
