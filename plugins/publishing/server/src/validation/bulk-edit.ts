/** The body of POST /publishing/videos/bulk (zod): which videos, what changes, preview or apply. */
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { BULK_EDIT_MAX_VIDEOS, type BulkVideoChange } from '@framecast/contracts';

const documentId = z.string().regex(/^[a-z0-9]{10,64}$/, 'must be a document id');

const changeSchema = z
  .object({
    titlePattern: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    description: z.string().max(20000, 'must be at most 20000 characters').optional(),
    visibility: z
      .enum(['public', 'unlisted', 'private'], { message: 'must be public, unlisted or private' })
      .optional(),
    category: documentId.nullable().optional(),
    addTags: z.array(documentId).max(50).optional(),
    removeTags: z.array(documentId).max(50).optional(),
    addToPlaylist: documentId.optional(),
    scheduledAt: z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date and time')
      .nullable()
      .optional(),
    then: z.enum(['publish', 'unpublish', 'delete'], { message: 'must be publish, unpublish or delete' }).optional(),
  })
  .strict();

const bodySchema = z
  .object({
    documentIds: z
      .array(documentId)
      .min(1, 'select at least one video')
      .max(BULK_EDIT_MAX_VIDEOS, `at most ${BULK_EDIT_MAX_VIDEOS} videos at once`),
    change: changeSchema,
    preview: z.boolean().default(false),
    offset: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export function parseBulkEdit(body: unknown): {
  documentIds: string[];
  change: BulkVideoChange;
  preview: boolean;
  offset: number;
} {
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => [...issue.path, key].join('.')).join(', ')
        : issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? 'not something a bulk edit changes' : issue.message;
    throw new errors.ValidationError(`${where}: ${message}`);
  }
  const { change } = parsed.data;
  const changes = Object.values(change).filter(
    (value) => value !== undefined && !(Array.isArray(value) && !value.length),
  );
  if (changes.length === 0) throw new errors.ValidationError('change: choose at least one thing to change');
  const both = (change.addTags ?? []).filter((tag) => (change.removeTags ?? []).includes(tag));
  if (both.length) throw new errors.ValidationError('addTags: a tag cannot be added and removed at once');
  if (change.then === 'delete' && changes.length > 1)
    throw new errors.ValidationError('then: deleting cannot be combined with other changes');
  return {
    documentIds: [...new Set(parsed.data.documentIds)],
    change,
    preview: parsed.data.preview,
    offset: parsed.data.offset,
  };
}
