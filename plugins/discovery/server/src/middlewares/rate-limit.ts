/**
 * A per-address limit on public discovery endpoints: a fixed one-minute window per client address and bucket,
 * answered with 429, Retry-After and Strapi's error body. The site forwards each viewer's address, so viewers
 * are counted one by one, not the site as one client. Kept in this process's memory: behind several CMS
 * instances each counts its own share.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import type { EngineService } from '../services/engine';

const WINDOW_MS = 60_000;

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Whether `address` (as Node reports a peer, IPv4-mapped IPv6 included) is one of `trusted`. */
export function isTrustedPeer(address: string, trusted: string[]): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  for (const entry of trusted) {
    if (entry === plain || entry === address) return true;
    const [range, bits] = entry.split('/');
    if (bits === undefined) continue;
    const start = ipv4ToNumber(range!);
    const value = ipv4ToNumber(plain);
    if (start === undefined || value === undefined) continue;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    if ((start & mask) === (value & mask)) return true;
  }
  return false;
}

/**
 * Who to count: the peer, or the client a trusted peer (the site) names in X-Forwarded-For, the last entry
 * being the one that peer added. A client talking to the CMS directly cannot choose its own key.
 */
export function clientKey(peer: string, forwardedFor: string | undefined, trusted: string[]): string {
  if (!forwardedFor || !isTrustedPeer(peer, trusted)) return peer;
  return forwardedFor.split(',').pop()!.trim() || peer;
}

type Bucket = 'search' | 'views';

export default (options: { bucket?: Bucket } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const bucket: Bucket = options.bucket ?? 'search';
  const windows = new Map<string, { start: number; count: number }>();
  return async (ctx: Context, next: Next) => {
    const { config } = strapi.plugin('discovery').service('engine') as EngineService;
    const limit = bucket === 'search' ? config.searchRateLimitPerMinute : config.viewRateLimitPerMinute;
    if (limit === 0) return next();
    const now = Date.now();
    if (windows.size > 50_000) for (const [key, entry] of windows) if (now - entry.start >= WINDOW_MS) windows.delete(key);
    const key = clientKey(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, config.trustedProxies);
    let entry = windows.get(key);
    if (!entry || now - entry.start >= WINDOW_MS) {
      entry = { start: now, count: 0 };
      windows.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((entry.start + WINDOW_MS - now) / 1000));
      ctx.set('Retry-After', String(retryAfter));
      ctx.status = 429;
      ctx.body = { data: null, error: { status: 429, name: 'RateLimitError', message: `Too many requests: try again in ${retryAfter} s`, details: { retryAfter } } };
      return;
    }
    return next();
  };
};
