import { PassThrough } from 'node:stream';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';

/**
 * Rebuilds the index in this (running) process and streams progress as JSON lines:
 * `{"done":n,"total":t}` … then `{"report":{…}}` or `{"error":"…"}`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async run(ctx: Context) {
    const stream = new PassThrough();
    ctx.type = 'application/x-ndjson';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = stream;
    const send = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    let lastSent = 0;
    getService(strapi, 'indexer')
      .reindex((done, total) => {
        if (done === total || performance.now() - lastSent > 100) {
          lastSent = performance.now();
          send({ done, total });
        }
      })
      .then((report) => send({ report }))
      .catch((error: unknown) => {
        strapi.log.error(`[discovery] reindex failed: ${error instanceof Error ? error.message : String(error)}`);
        send({ error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => stream.end());
  },
});
