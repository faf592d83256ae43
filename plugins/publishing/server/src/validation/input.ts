/** Request input of the premiere routes: a video slug and a channel handle, refused with 400 when malformed. */
import { errors } from '@strapi/utils';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HANDLE = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export function parseSlug(value: unknown): string {
  if (typeof value !== 'string' || value.length > 200 || !SLUG.test(value))
    throw new errors.ValidationError('No premiere is announced at this address: the address is malformed.');
  return value;
}

export function parseChannelQuery(query: Record<string, unknown>): { creator: string } {
  const unknown = Object.keys(query).filter((key) => key !== 'creator');
  if (unknown.length) throw new errors.ValidationError(`${unknown.join(', ')}: not a filter (only creator)`);
  const { creator } = query;
  if (typeof creator !== 'string' || !HANDLE.test(creator))
    throw new errors.ValidationError('creator: give a channel handle (lowercase letters, digits and dashes)');
  return { creator };
}
