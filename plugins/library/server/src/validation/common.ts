/** What every library request shares: ids in the path and how a refused input is explained. */
import { z } from 'zod';
import { errors } from '@strapi/utils';
import { WATCH_LATER } from '@framecast/contracts';

/** Strapi document ids (cuid2: lower-case letters and digits). */
export const DOCUMENT_ID = /^[a-z0-9]{10,64}$/;

export const videoId = (name: string) =>
  z.string({ message: `${name} must be a video id` }).regex(DOCUMENT_ID, `${name} must be a video id`);

/** Length as a reader counts it: in characters, not UTF-16 units. */
export const characters = (value: string) => [...value].length;

export function reason(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
      return issue.message;
    })
    .join('; ');
}

/** Parses `value` with `schema`, or refuses the request with 400 and every reason in one sentence. */
export function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new errors.ValidationError(`${what}: ${reason(parsed.error)}`);
  return parsed.data;
}

export type CollectionRef = { watchLater: true } | { watchLater: false; documentId: string };

/** A collection's documentId, or `watch-later` for the signed-in viewer's own. */
export function parseCollectionRef(value: unknown): CollectionRef {
  if (value === WATCH_LATER) return { watchLater: true };
  if (typeof value !== 'string' || !DOCUMENT_ID.test(value))
    throw new errors.ValidationError(`Invalid collection id: use a collection's documentId or "${WATCH_LATER}"`);
  return { watchLater: false, documentId: value };
}

export function parseVideoId(value: unknown): string {
  if (typeof value !== 'string' || !DOCUMENT_ID.test(value)) throw new errors.ValidationError('Invalid video id');
  return value;
}
