/** Parses the query of GET /api/search and /api/search/suggest, and the view beacon body: 400 with a reason. */
import { z } from 'zod';
import { errors } from '@strapi/utils';
import {
  DURATION_BUCKETS,
  countsAsView,
  SEARCH_LIMITS,
  SEARCH_SORTS,
  UPLOAD_WINDOWS,
  type SearchQuery,
  type SearchSort,
  type ViewBeacon,
} from '@framecast/contracts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const HANDLE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A GET form sends empty fields for unset filters: they mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const single = (name: string) =>
  z.preprocess(
    (value) => (Array.isArray(value) ? (value.length === 1 ? value[0] : value) : value),
    z.string({ message: `${name} must be given once` }),
  );

const searchSchema = z
  .object({
    q: optional(
      single('q').pipe(
        z
          .string()
          .trim()
          .max(SEARCH_LIMITS.maxQueryLength, `q must be at most ${SEARCH_LIMITS.maxQueryLength} characters`),
      ),
    ),
    category: optional(single('category').pipe(z.string().regex(SLUG, 'category must be a category slug'))),
    tags: optional(
      z.preprocess(
        (value) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value),
        z
          .array(z.string().trim().regex(SLUG, 'tags must be tag slugs'), { message: 'tags must be tag slugs' })
          .max(SEARCH_LIMITS.maxTags, `at most ${SEARCH_LIMITS.maxTags} tags`)
          .transform((tags) => [...new Set(tags.filter(Boolean))]),
      ),
    ),
    duration: optional(
      single('duration').pipe(
        z.enum(DURATION_BUCKETS, { message: `duration must be one of ${DURATION_BUCKETS.join(', ')}` }),
      ),
    ),
    uploaded: optional(
      single('uploaded').pipe(
        z.enum(UPLOAD_WINDOWS, { message: `uploaded must be one of ${UPLOAD_WINDOWS.join(', ')}` }),
      ),
    ),
    creator: optional(single('creator').pipe(z.string().regex(HANDLE, 'creator must be a creator handle'))),
    sort: optional(
      single('sort').pipe(z.enum(SEARCH_SORTS, { message: `sort must be one of ${SEARCH_SORTS.join(', ')}` })),
    ),
    page: optional(
      single('page').pipe(
        z
          .string()
          .regex(/^\d{1,6}$/, 'page must be a whole number')
          .transform(Number)
          .pipe(
            z
              .number()
              .min(1, 'page must be 1 or more')
              .max(SEARCH_LIMITS.maxPage, `page must be at most ${SEARCH_LIMITS.maxPage}`),
          ),
      ),
    ),
    pageSize: optional(
      single('pageSize').pipe(
        z
          .string()
          .regex(/^\d{1,6}$/, 'pageSize must be a whole number')
          .transform(Number)
          .pipe(
            z
              .number()
              .min(1, 'pageSize must be 1 or more')
              .max(SEARCH_LIMITS.maxPageSize, `pageSize must be at most ${SEARCH_LIMITS.maxPageSize}`),
          ),
      ),
    ),
  })
  .strict();

export type ParsedSearchQuery = SearchQuery & { sort: SearchSort; page: number; pageSize: number; q: string };

function reason(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : issue.message,
    )
    .join('; ');
}

export function parseSearchQuery(query: unknown): ParsedSearchQuery {
  const parsed = searchSchema.safeParse(query ?? {});
  if (!parsed.success) throw new errors.ValidationError(`Invalid search: ${reason(parsed.error)}`);
  const value = parsed.data;
  const q = value.q ?? '';
  return {
    ...Object.fromEntries(
      Object.entries(value).filter(([, field]) => field !== undefined && !(Array.isArray(field) && field.length === 0)),
    ),
    q,
    sort: value.sort ?? (q ? 'relevance' : 'newest'),
    page: value.page ?? 1,
    pageSize: value.pageSize ?? SEARCH_LIMITS.defaultPageSize,
  };
}

const suggestSchema = z
  .object({
    q: single('q').pipe(z.string().trim().min(1, 'q is required').max(100, 'q must be at most 100 characters')),
  })
  .strict();

export function parseSuggestQuery(query: unknown): string {
  const parsed = suggestSchema.safeParse(query ?? {});
  if (!parsed.success) throw new errors.ValidationError(`Invalid suggest request: ${reason(parsed.error)}`);
  return parsed.data.q;
}

const DOCUMENT_ID = /^[a-z0-9]{10,64}$/;

export function parseDocumentId(value: unknown): string {
  if (typeof value !== 'string' || !DOCUMENT_ID.test(value)) throw new errors.ValidationError('Invalid video id');
  return value;
}

const beaconSchema = z
  .object({
    video: z.string({ message: 'video is required' }).regex(DOCUMENT_ID, 'video must be a video id'),
    // the site's signed viewer id; whether the signature holds is the controller's check (401, not 400)
    viewer: z.string({ message: 'viewer is required' }).min(1, 'viewer is required').max(256, 'viewer is too long'),
    watchedSeconds: z
      .number({ message: 'watchedSeconds must be a number' })
      .finite()
      .min(0, 'watchedSeconds must be 0 or more')
      .max(86_400),
  })
  .strict();

/** A beacon that is well formed; `tooShort` when it does not count as a view (contracts' VIEW_RULE, as analytics). */
export function parseViewBeacon(body: unknown): ViewBeacon & { tooShort: boolean } {
  const parsed = beaconSchema.safeParse(body ?? {});
  if (!parsed.success) throw new errors.ValidationError(`Invalid view: ${reason(parsed.error)}`);
  return { ...parsed.data, tooShort: !countsAsView(parsed.data.watchedSeconds) };
}
