// Creators' channel pages.

import type { Creator } from '../types';
import { findOne } from './client';
import type { QueryObject } from './query';

const CREATOR_POPULATE = { avatar: true, banner: true, socialLinks: true } satisfies QueryObject;

export async function getCreator(handle: string): Promise<Creator> {
  return findOne<Creator>('Creator', '/creators', {
    filters: { handle: { $eq: handle } },
    populate: CREATOR_POPULATE,
  });
}
