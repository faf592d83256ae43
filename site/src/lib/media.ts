// CMS media come back with relative URLs (/uploads/x.jpg); browsers need them absolute on PUBLIC_CMS_URL.

import { getConfig } from './config';
import type { Media, MediaFormat } from './types';

/** An absolute http(s) URL for a CMS media path, or undefined for anything else (javascript:, data:, empty). */
export function mediaUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('//')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  return `${getConfig().publicCmsUrl}${url.startsWith('/') ? '' : '/'}${url}`;
}

export interface ImageSource {
  src: string;
  srcset: string | undefined;
  width: number;
  height: number;
  alt: string;
}

interface Candidate {
  url: string;
  width: number;
  height: number;
}

function candidates(media: Media): Candidate[] {
  const list: Candidate[] = [];
  const add = (format: MediaFormat | Media | undefined | null) => {
    if (!format?.url || !format.width || !format.height) return;
    const url = mediaUrl(format.url);
    if (url && !list.some((item) => item.width === format.width))
      list.push({ url, width: format.width, height: format.height });
  };
  add(media.formats?.thumbnail);
  add(media.formats?.small);
  add(media.formats?.medium);
  add(media.formats?.large);
  add(media);
  return list.sort((a, b) => a.width - b.width);
}

/**
 * Picks the smallest rendition at least `targetWidth` wide (or the largest there is) and a srcset of all of them.
 * Without dimensions from the CMS the image is described as 16:9 (the CSS keeps the box 16:9 anyway).
 */
export function imageSource(media: Media | null | undefined, targetWidth: number): ImageSource | undefined {
  if (!media) return undefined;
  const alt = media.alternativeText?.trim() ?? '';
  const list = candidates(media);
  if (list.length === 0) {
    const src = mediaUrl(media.url);
    if (!src) return undefined;
    return { src, srcset: undefined, width: targetWidth, height: Math.round((targetWidth * 9) / 16), alt };
  }
  const chosen = list.find((item) => item.width >= targetWidth) ?? list[list.length - 1]!;
  const srcset = list.length > 1 ? list.map((item) => `${item.url} ${item.width}w`).join(', ') : undefined;
  return { src: chosen.url, srcset, width: chosen.width, height: chosen.height, alt };
}
