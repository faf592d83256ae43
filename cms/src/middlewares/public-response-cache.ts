/**
 * A short-lived cache of anonymous content-API reads (GET /api/..., no Authorization): catalog lists are
 * read far more often than they change. Any document write or media change empties it, so a viewer sees an
 * edit at once on this instance and within `ttlMs` on others. `Cache-Control: no-cache` asks for a fresh read.
 */
import type { Core } from '@strapi/strapi';

type Entry = { body: string; type: string; expires: number };
type Config = { ttlMs?: number; maxEntries?: number; exclude?: string[] };
type Context = {
  method: string;
  path: string;
  url: string;
  status: number;
  body: unknown;
  type: string;
  get(name: string): string;
  set(name: string, value: string): void;
};

const entries = new Map<string, Entry>();

/** Empties the cache: called after every write that could change a public answer. */
export function clearPublicResponseCache(): void {
  entries.clear();
}

const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

export function registerPublicCacheInvalidation(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (WRITE_ACTIONS.has(context.action)) clearPublicResponseCache();
    return result;
  });
  // media records are written by the upload plugin through the query engine, not the document service
  strapi.db.lifecycles.subscribe({
    models: ['plugin::upload.file'],
    afterCreate: clearPublicResponseCache,
    afterUpdate: clearPublicResponseCache,
    afterDelete: clearPublicResponseCache,
  });
  // so are the pipeline fields of videos (status, playback); the transcoding plugin says when they change
  strapi.eventHub.on('transcoding::video.changed', async () => clearPublicResponseCache());
  // search answers change when the index does, a moment after the write (and on view counts)
  strapi.eventHub.on('discovery::index.changed', async () => clearPublicResponseCache());
  // comments, ratings and follower counts change through the community and library plugins' own writes
  strapi.eventHub.on('community::changed', async () => clearPublicResponseCache());
  strapi.eventHub.on('library::changed', async () => clearPublicResponseCache());
}

export default (config: Config) => {
  const ttlMs = config.ttlMs ?? 5000;
  const maxEntries = config.maxEntries ?? 500;
  const exclude = config.exclude ?? ['/api/health'];

  return async (ctx: Context, next: () => Promise<void>) => {
    const cacheable =
      ttlMs > 0 && ctx.method === 'GET' && ctx.path.startsWith('/api/') && !exclude.includes(ctx.path) && !ctx.get('authorization');
    if (!cacheable) return next();

    const hit = entries.get(ctx.url);
    if (hit && hit.expires > Date.now() && !/no-cache/i.test(ctx.get('cache-control'))) {
      ctx.set('X-Cache', 'HIT');
      ctx.type = hit.type;
      ctx.body = hit.body;
      return;
    }

    await next();
    ctx.set('X-Cache', 'MISS');
    if (ctx.status !== 200 || !ctx.body || typeof ctx.body !== 'object') return;
    const body = JSON.stringify(ctx.body);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.delete(ctx.url);
    entries.set(ctx.url, { body, type: 'application/json', expires: Date.now() + ttlMs });
    ctx.type = 'application/json';
    ctx.body = body;
  };
};
