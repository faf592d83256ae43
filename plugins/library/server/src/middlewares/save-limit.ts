/**
 * Bounds progress saves per viewer: the player reports every ~10 s, so a fixed one-minute window per viewer (all
 * videos together, HISTORY_SAVE_RATE_LIMIT) leaves room for seeks, pauses and several tabs, and stops a runaway
 * client with 429 and Retry-After. Kept in this process's memory: behind several CMS instances each counts its share.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from '../config';

const WINDOW_MS = 60_000;

export default (_options: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const windows = new Map<number, { start: number; count: number }>();
  return async (ctx: Context, next: Next) => {
    const limit = (strapi.config.get('plugin::library.settings') as LibraryConfig).historySaveRateLimitPerMinute;
    const viewer = (ctx.state.viewer as { id?: number } | null | undefined)?.id;
    if (limit === 0 || typeof viewer !== 'number') return next();
    const now = Date.now();
    if (windows.size > 50_000) for (const [key, entry] of windows) if (now - entry.start >= WINDOW_MS) windows.delete(key);
    let entry = windows.get(viewer);
    if (!entry || now - entry.start >= WINDOW_MS) {
      entry = { start: now, count: 0 };
      windows.set(viewer, entry);
    }
    entry.count += 1;
    if (entry.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((entry.start + WINDOW_MS - now) / 1000));
      ctx.set('Retry-After', String(retryAfter));
      ctx.status = 429;
      ctx.body = { data: null, error: { status: 429, name: 'RateLimitError', message: `Too many progress saves: try again in ${retryAfter} s`, details: { retryAfter } } };
      return;
    }
    return next();
  };
};
