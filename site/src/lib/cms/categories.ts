// Categories and tags.

import type { Category, ListResponse, Tag } from '../types';
import { findOne, MAX_PAGE_SIZE, request } from './client';

export async function listCategories(): Promise<Category[]> {
  const response = await request<ListResponse<Category>>('/categories', {
    sort: 'position:asc',
    pagination: { page: 1, pageSize: MAX_PAGE_SIZE },
  });
  return Array.isArray(response.data) ? response.data : [];
}

export async function getCategory(slug: string): Promise<Category> {
  return findOne<Category>('Category', '/categories', { filters: { slug: { $eq: slug } } });
}

/** One tag by slug. Throws CmsNotFoundError when there is none. */
export async function getTag(slug: string): Promise<Tag> {
  return findOne<Tag>('Tag', '/tags', { filters: { slug: { $eq: slug } } });
}
