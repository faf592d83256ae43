// oEmbed 1.0 (https://oembed.com) for watch and embed pages: reading the request, sizing the iframe, the JSON.
// The endpoint (pages/oembed.ts) only wires these to the CMS client.

import { creatorPath, isValidSlug, watchPath } from './links';
import { aspectRatio, posterCandidates, type SizedImage } from './player/playback';
import type { Video } from './types';

export const embedPath = (slug: string) => `/embed/${encodeURIComponent(slug)}`;

/** `/oembed?url=...&format=json` for a page of this site: the discovery link of a watch page. */
export function oembedDiscoveryHref(siteOrigin: string, pageUrl: string): string {
  return `${siteOrigin}/oembed?${new URLSearchParams({ url: pageUrl, format: 'json' }).toString()}`;
}

export type OembedQuery =
  | { ok: true; slug: string; maxwidth: number | undefined; maxheight: number | undefined }
  | { ok: false; status: 400 | 404 | 501; message: string };

const PAGE_PATH = /^\/(?:watch|embed)\/([^/]+)\/?$/;
/** Upper bound for maxwidth/maxheight: larger values are clamped, not refused (they still bound nothing real). */
const MAX_DIMENSION = 8192;

function readDimension(params: URLSearchParams, name: string): number | undefined | null {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^\d{1,6}$/.test(raw.trim())) return null;
  const value = Number(raw.trim());
  return value >= 1 ? Math.min(value, MAX_DIMENSION) : null;
}

/**
 * Validates an oEmbed request for this site. `url` must be a watch or embed page on `siteOrigin` (either scheme:
 * consumers sometimes pass http for an https site). Status codes as the spec gives them: 404 for a URL this
 * provider has nothing for, 501 for a format other than JSON; 400 for a missing or malformed parameter.
 */
export function parseOembedQuery(params: URLSearchParams, siteOrigin: string): OembedQuery {
  const format = params.get('format');
  if (format !== null && format !== 'json') return { ok: false, status: 501, message: 'Only format=json is supported' };

  const raw = params.get('url')?.trim();
  if (!raw) return { ok: false, status: 400, message: 'The url parameter is required' };
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    return { ok: false, status: 400, message: 'The url parameter must be an absolute URL' };
  }
  const site = new URL(siteOrigin);
  if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.host !== site.host) {
    return { ok: false, status: 404, message: 'The url is not a page of this site' };
  }
  const match = PAGE_PATH.exec(target.pathname);
  let slug: string | undefined;
  try {
    slug = match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    slug = undefined;
  }
  if (!isValidSlug(slug)) return { ok: false, status: 404, message: 'The url is not a video page' };

  const maxwidth = readDimension(params, 'maxwidth');
  const maxheight = readDimension(params, 'maxheight');
  if (maxwidth === null || maxheight === null) {
    return { ok: false, status: 400, message: 'maxwidth and maxheight must be positive integers' };
  }
  return { ok: true, slug, maxwidth, maxheight };
}

/** Without maxwidth/maxheight the player fits this box (640x360 for 16:9, 360x640 for 9:16). */
export const DEFAULT_EMBED_BOX = { width: 640, height: 640 } as const;

/**
 * The largest size with the picture's aspect ratio inside maxwidth x maxheight (either may be absent),
 * or inside the default box when neither is given. Rounded down so the bounds always hold.
 */
export function embedSize(aspect: number, maxwidth?: number, maxheight?: number): { width: number; height: number } {
  const ratio = Number.isFinite(aspect) && aspect > 0 ? aspect : 16 / 9;
  const boundW = maxwidth ?? (maxheight === undefined ? DEFAULT_EMBED_BOX.width : Number.POSITIVE_INFINITY);
  const boundH = maxheight ?? (maxwidth === undefined ? DEFAULT_EMBED_BOX.height : Number.POSITIVE_INFINITY);
  let width = boundW;
  let height = width / ratio;
  if (height > boundH) {
    height = boundH;
    width = height * ratio;
  }
  return { width: Math.max(1, Math.floor(width + 1e-9)), height: Math.max(1, Math.floor(height + 1e-9)) };
}

/** The largest image within the bounds (the spec requires thumbnails to respect them too), or none. */
export function pickThumbnail(
  images: readonly SizedImage[],
  maxwidth?: number,
  maxheight?: number,
): SizedImage | undefined {
  const fitting = images.filter(
    (image) =>
      (maxwidth === undefined || image.width <= maxwidth) && (maxheight === undefined || image.height <= maxheight),
  );
  return [...fitting].sort((a, b) => b.width - a.width)[0];
}

export interface OembedVideoResponse {
  version: '1.0';
  type: 'video';
  title: string;
  author_name?: string;
  author_url?: string;
  provider_name: 'Framecast';
  provider_url: string;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
  html: string;
  width: number;
  height: number;
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&#39;');
}

/** The iframe other sites paste: sized, titled (for screen readers), allowed to go fullscreen. */
export function embedIframe(src: string, title: string, width: number, height: number): string {
  return (
    `<iframe src="${escapeAttribute(src)}" width="${width}" height="${height}" title="${escapeAttribute(title)}" ` +
    'style="border:0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen loading="lazy" ' +
    'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
  );
}

export interface OembedOptions {
  siteOrigin: string;
  maxwidth?: number | undefined;
  maxheight?: number | undefined;
}

export function buildOembed(video: Video, { siteOrigin, maxwidth, maxheight }: OembedOptions): OembedVideoResponse {
  const { width, height } = embedSize(aspectRatio(video), maxwidth, maxheight);
  const response: OembedVideoResponse = {
    version: '1.0',
    type: 'video',
    title: video.title,
    provider_name: 'Framecast',
    provider_url: `${siteOrigin}/`,
    html: embedIframe(`${siteOrigin}${embedPath(video.slug)}`, video.title, width, height),
    width,
    height,
  };
  const creator = video.creator;
  if (creator?.handle) {
    response.author_name = creator.displayName || creator.handle;
    response.author_url = `${siteOrigin}${creatorPath(creator.handle)}`;
  }
  const thumbnail = pickThumbnail(posterCandidates(video), maxwidth, maxheight);
  if (thumbnail) {
    response.thumbnail_url = thumbnail.url;
    response.thumbnail_width = thumbnail.width;
    response.thumbnail_height = thumbnail.height;
  }
  return response;
}

/** The watch page URL an embed links back to. */
export function watchUrl(siteOrigin: string, slug: string): string {
  return `${siteOrigin}${watchPath(slug)}`;
}
