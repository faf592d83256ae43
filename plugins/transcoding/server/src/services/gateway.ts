/**
 * The media gateway: serves HLS outputs, posters and storyboards from storage with byte ranges and
 * validators. Open videos (published, approved, public or unlisted) get long immutable caching in browsers (the
 * path holds the source checksum, so new bytes mean a new URL) and a minute in shared caches (a video that stops
 * being open stops being served from a CDN too); everything else needs a signed URL. Each request for media that is
 * not public (an unlisted, private, draft or unapproved video) is logged: who (address, user agent), which video and
 * file, granted or refused and why. Public media is not: every segment of every view would be a line.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../utils';
import type { AccessInfo } from './playback';
import { GROWING_STORYBOARD_VTT } from '../media/thumbnails';

/** How long a shared cache (CDN) may serve an open video's output before asking again. */
export const SHARED_CACHE_S = 60;

export type MediaRequest = { documentId: string; version: string; file: string; token?: string };

type AccessDecision =
  | { granted: true; cacheControl: string; linkExpiresAt?: number }
  | {
      granted: false;
      reason: 'unknown-version' | 'not-open' | 'link-expired' | 'link-invalid' | 'link-malformed';
      error: Error;
    };

const notFound = () => new errors.NotFoundError('No such media file.');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const playback = () => getService(strapi, 'playback');
  const pipeline = () => getService(strapi, 'pipeline');

  function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
    if (!header) return null;
    const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
    let start: number;
    let end: number;
    if (match[1] === '') {
      const suffix = Number(match[2]);
      if (suffix === 0) return 'invalid';
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(match[1]);
      end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    }
    if (start > end || start >= size) return 'invalid';
    return { start, end };
  }

  /** Whether this request may have the file: an output of the video, and open to everyone or a valid signed link. */
  function decide(documentId: string, prefix: string, access: AccessInfo, token?: string): AccessDecision {
    if (!access.prefixes.has(prefix)) return { granted: false, reason: 'unknown-version', error: notFound() };
    // browsers keep open outputs (the path changes with the bytes); shared caches (a CDN) come back within a
    // minute, so a video made private, unpublished or removed stops being served from them too
    if (token === undefined) {
      return access.open
        ? { granted: true, cacheControl: `public, max-age=31536000, s-maxage=${SHARED_CACHE_S}, immutable` }
        : { granted: false, reason: 'not-open', error: notFound() };
    }
    const check = playback().verifyMediaToken(documentId, token);
    if (!check.ok) {
      const message =
        check.reason === 'expired'
          ? 'This media link has expired. Reload the page to get a new one.'
          : 'This media link is not valid.';
      return { granted: false, reason: `link-${check.reason}`, error: new errors.ForbiddenError(message) };
    }
    const left = Math.max(0, check.expiresAt - Math.floor(Date.now() / 1000));
    return { granted: true, cacheControl: `private, max-age=${Math.min(left, 3600)}`, linkExpiresAt: check.expiresAt };
  }

  /** One line per request for media that is not public; never the link's signature. */
  function logAccess(ctx: Context, request: MediaRequest, access: AccessInfo, decision: AccessDecision) {
    const fields = {
      video: request.documentId,
      file: request.file,
      media: access.open ? 'unlisted' : 'restricted',
      signed: request.token !== undefined,
      granted: decision.granted,
      ...(decision.granted
        ? decision.linkExpiresAt
          ? { linkExpiresAt: new Date(decision.linkExpiresAt * 1000).toISOString() }
          : {}
        : { reason: decision.reason }),
      address: ctx.ip,
      userAgent: (ctx.get('user-agent') || '').slice(0, 255) || undefined,
    };
    if (decision.granted) strapi.log.info('media access', fields);
    else strapi.log.warn('media access', fields);
  }

  const service = {
    /** Kept for callers that clear it through the gateway; the cache lives in the playback service. */
    clearAccessCache() {
      playback().clearAccessCache();
    },

    async serve(ctx: Context, request: MediaRequest) {
      const { documentId, version, file } = request;
      if (
        !/^[a-z0-9]{10,40}$/.test(documentId) ||
        !/^[A-Za-z0-9_-]{1,64}$/.test(version) ||
        !/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*\.[a-z0-9]{2,5}$/.test(file) ||
        file.includes('..')
      ) {
        throw new errors.NotFoundError('No such media file.');
      }
      const prefix = `videos/${documentId}/${version}`;
      const access = await playback().accessOf(documentId);
      const decision = decide(documentId, prefix, access, request.token);
      if (access.exists && !access.listed) logAccess(ctx, request, access, decision);
      if (!decision.granted) throw decision.error;
      // a playlist (or the storyboard's track) still growing changes as segments are finished: never kept; its
      // segments and thumbnails are whole, and final
      const growing = access.growing.has(prefix) && (file.endsWith('.m3u8') || file === GROWING_STORYBOARD_VTT);
      const cacheControl = growing
        ? request.token === undefined
          ? `public, max-age=1, s-maxage=1`
          : 'private, no-cache'
        : decision.cacheControl;

      const storage = pipeline().storage;
      const key = `${prefix}/${file}`;
      const info = await storage.stat(key);
      if (!info) throw new errors.NotFoundError('No such media file.');

      ctx.set('Cache-Control', cacheControl);
      ctx.set('Accept-Ranges', 'bytes');
      ctx.set('ETag', info.etag);
      ctx.set('Last-Modified', info.lastModified.toUTCString());
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges');
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
      ctx.type = info.contentType;

      if (ctx.get('If-None-Match') === info.etag) {
        ctx.status = 304;
        return;
      }
      const range = parseRange(ctx.get('Range') || undefined, info.size);
      if (range === 'invalid') {
        ctx.set('Content-Range', `bytes */${info.size}`);
        ctx.status = 416;
        return;
      }
      if (ctx.method === 'HEAD') {
        ctx.status = range ? 206 : 200;
        ctx.length = range ? range.end - range.start + 1 : info.size;
        if (range) ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
        ctx.body = null;
        return;
      }
      const read = await storage.read(key, range ?? undefined);
      if (!read) throw new errors.NotFoundError('No such media file.');
      if (range) {
        ctx.status = 206;
        ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
        ctx.length = range.end - range.start + 1;
      } else {
        ctx.status = 200;
        ctx.length = info.size;
      }
      ctx.body = read.body;
    },
  };
  return service;
};
