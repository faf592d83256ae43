/** Bodies of POST and PATCH /api/library/collections[/:documentId]: 400 with a reason. */
import { z } from 'zod';
import { COLLECTION_VISIBILITIES, LIBRARY_LIMITS, type CollectionVisibility } from '@framecast/contracts';
import { characters, parseOrRefuse, videoId } from './common';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const title = z
  .string({ message: 'title must be text' })
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'title is required')
      .refine(
        (value) => characters(value) <= LIBRARY_LIMITS.titleMaxLength,
        `title must be at most ${LIBRARY_LIMITS.titleMaxLength} characters`,
      )
      .refine((value) => !CONTROL.test(value), 'title must be one line of text'),
  );

/** An empty description is no description. */
const description = z
  .union([z.string(), z.null()], { message: 'description must be text' })
  .transform((value) => (value === null ? null : value.normalize('NFC').replace(/\r\n?/g, '\n').trim() || null))
  .refine(
    (value) => value === null || characters(value) <= LIBRARY_LIMITS.descriptionMaxLength,
    `description must be at most ${LIBRARY_LIMITS.descriptionMaxLength} characters`,
  )
  .refine((value) => value === null || !CONTROL_BUT_LINES.test(value), 'description must be plain text');

const visibility = z.enum(COLLECTION_VISIBILITIES, {
  message: `visibility must be one of ${COLLECTION_VISIBILITIES.join(', ')}`,
});

const items = z
  .array(videoId('items'), { message: 'items must be a list of video ids' })
  .max(LIBRARY_LIMITS.itemsPerCollection, `a collection holds at most ${LIBRARY_LIMITS.itemsPerCollection} videos`)
  .refine((list) => new Set(list).size === list.length, 'items must not list a video twice');

const createSchema = z
  .object({ title, description: description.optional(), visibility: visibility.optional() })
  .strict();

const updateSchema = z
  .object({
    title: title.optional(),
    description: description.optional(),
    visibility: visibility.optional(),
    items: items.optional(),
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'send at least one of title, description, visibility, items',
  );

export type CreateCollectionInput = { title: string; description: string | null; visibility: CollectionVisibility };
export type UpdateCollectionInput = z.output<typeof updateSchema>;

export function parseCreateCollection(body: unknown): CreateCollectionInput {
  const value = parseOrRefuse(createSchema, body ?? {}, 'Invalid collection');
  return { title: value.title, description: value.description ?? null, visibility: value.visibility ?? 'private' };
}

export function parseUpdateCollection(body: unknown): UpdateCollectionInput {
  return parseOrRefuse(updateSchema, body ?? {}, 'Invalid collection change');
}
