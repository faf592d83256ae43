import path from 'node:path';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';

const VIDEO_FILE = /\.(mp4|m4v|mov|mkv|webm|avi|ts|mts|m2ts)$/;

/** Headers on every media library file: a download, never a page of the CMS origin (images and captions still load as subresources). */
export const MEDIA_LIBRARY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Disposition': 'attachment',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
});

/**
 * The path a static file server would serve for `rawPath`, lower-cased: decoded once (as koa-send decodes it),
 * backslashes as slashes, `.`/`..`/`//` collapsed. Null when it cannot be decoded (koa-send refuses those too).
 */
export function staticFilePath(rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  return path.posix
    .normalize(`/${decoded.replace(/\\/g, '/')}`)
    .replace(/^\/+/, '/')
    .toLowerCase();
}

/**
 * Strapi serves the local media library (public/uploads) to anyone, from the CMS origin, through two static
 * servers (`/uploads/*` and the public folder's catch-all, reachable as `//uploads/…` or `/%75ploads/…`). Every
 * request they could answer with a media library file is decided here on the decoded, normalised path:
 * - video containers are never served: a video's source stays private (viewers get the HLS ladder through the
 *   media gateway), whatever its publication state;
 * - everything else is served as a download in a sandbox, so a file can never run as a page of the CMS origin.
 * Goes before `strapi::public` in cms/config/middlewares.ts.
 */
export default () => async (ctx: Context, next: Next) => {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
  const target = staticFilePath(ctx.path);
  if (target === null) throw new errors.ValidationError('This address is not valid.');
  if (target !== '/uploads' && !target.startsWith('/uploads/')) return next();
  ctx.set(MEDIA_LIBRARY_HEADERS as Record<string, string>);
  // public files: readable from any page without credentials (captions and posters load with crossorigin="anonymous")
  if (!ctx.response.get('Access-Control-Allow-Origin')) ctx.set('Access-Control-Allow-Origin', '*');
  if (VIDEO_FILE.test(target)) throw new errors.NotFoundError('No such file.');
  return next();
};
