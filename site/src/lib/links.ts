// One place for the site's URL shapes, and the checks on route parameters before they reach the CMS.

import type { SourceTag } from '@framecast/contracts';

/** A watch page; `source` tags the link for creator analytics (`?src=related`: where the view came from). */
export const watchPath = (slug: string, source?: SourceTag) =>
  `/watch/${encodeURIComponent(slug)}${source ? `?src=${source}` : ''}`;
export const creatorPath = (handle: string) => `/creators/${encodeURIComponent(handle)}`;
export const categoryPath = (slug: string) => `/c/${encodeURIComponent(slug)}`;
export const playlistPath = (slug: string) => `/p/${encodeURIComponent(slug)}`;
export const tagPath = (slug: string) => `/t/${encodeURIComponent(slug)}`;

// Strapi uid fields allow A-Za-z0-9-_.~ ; anything else cannot exist, so it is a 404 without asking the CMS.
const SLUG = /^[A-Za-z0-9._~-]{1,200}$/;

export function isValidSlug(value: string | undefined): value is string {
  return typeof value === 'string' && SLUG.test(value);
}

/** `?page=` as a positive integer; undefined when absent, null when malformed. */
export function parsePageParam(url: URL): number | undefined | null {
  const raw = url.searchParams.get('page');
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,4}$/.test(raw)) return null;
  const page = Number(raw);
  return page >= 1 ? page : null;
}

/** Only http(s) links from the CMS become hrefs (no javascript:, data:, ...). */
export function safeExternalUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
