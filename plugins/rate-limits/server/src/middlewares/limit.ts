/**
 * Route middleware `plugin::rate-limits.limit`, configured per route:
 *   { name: 'plugin::rate-limits.limit', config: { bucket: 'comments', per: 'viewer' } }
 * `per` says who is counted: the signed-in viewer (after plugin::accounts.viewer), the authenticated user of the
 * route (an admin user on admin-type routes, keyed by auth strategy), or the client address (the peer, or the
 * client a trusted proxy names in X-Forwarded-For). Without a viewer or user, the address is counted. Past the
 * limit: 429, Retry-After and Strapi's error body (RateLimitError). A bucket that does not exist fails the boot.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { clientKey } from '@framecast/contracts';
import { getService } from '../utils';

const SUBJECTS = ['viewer', 'address', 'user'] as const;
type Subject = (typeof SUBJECTS)[number];
export type LimitOptions = { bucket?: string; per?: Subject };

export function addressOf(ctx: Context, trustedProxies: string[]): string {
  return clientKey(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, trustedProxies);
}

function subjectOf(ctx: Context, per: Subject, trustedProxies: string[]): string {
  if (per === 'viewer') {
    const viewer = (ctx.state.viewer as { id?: unknown } | null | undefined)?.id;
    if (typeof viewer === 'number' || typeof viewer === 'string') return `viewer:${viewer}`;
  }
  if (per === 'user') {
    const user = (ctx.state.user as { id?: unknown } | null | undefined)?.id;
    const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name ?? 'unknown';
    if (typeof user === 'number' || typeof user === 'string') return `user:${strategy}:${user}`;
  }
  return `address:${addressOf(ctx, trustedProxies)}`;
}

export default (options: LimitOptions = {}, { strapi }: { strapi: Core.Strapi }) => {
  const limiter = getService(strapi, 'limiter');
  const per = options.per ?? 'address';
  if (!SUBJECTS.includes(per)) throw new Error(`per must be one of ${SUBJECTS.join(', ')} (got "${String(per)}")`);
  const bucketName = options.bucket ?? '';
  const bucket = limiter.bucket(bucketName);
  if (!bucket)
    throw new Error(
      `unknown rate-limit bucket "${bucketName}": configure it in cms/config/plugins.ts (known: ${Object.keys(limiter.settings.buckets).join(', ')})`,
    );

  return async (ctx: Context, next: Next) => {
    const verdict = await limiter.hit(bucketName, subjectOf(ctx, per, limiter.settings.trustedProxies));
    if (!verdict.allowed) {
      ctx.set('Retry-After', String(verdict.retryAfterSeconds));
      throw new errors.RateLimitError(`Too many ${bucket.label}: try again in ${verdict.retryAfterSeconds} s`, {
        retryAfter: verdict.retryAfterSeconds,
      });
    }
    return next();
  };
};
