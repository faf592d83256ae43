/**
 * The ingest: one beacon (a batch of one viewing session's events) checked, given its context (source, device,
 * country, viewer key: utils/context.ts) and written at once (one transaction). A retried beacon is written once: the
 * unique (session, video, seq) index turns the repeat into a no-op (insert … on conflict do nothing). Bots are
 * answered like everyone else and dropped. Only videos anyone with the link may watch are counted
 * (contracts' video-access rule); their channel and duration are cached for a minute so a heartbeat costs one insert.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { WATCHABLE_VIDEO_WHERE, type PlaybackBatch } from '@framecast/contracts';
import { parseAnalyticsSettings } from '../config';
import { getService } from '../utils';
import { ingestContext } from '../utils/context';

const VIDEO = 'api::video.video';
const EVENT = 'plugin::analytics.event';
const VIDEO_CACHE_MS = 60_000;
const VIDEO_CACHE_SIZE = 10_000;
/** A beacon holds a few heartbeats: an event is never dated further back than this from its arrival. */
const MAX_BACKDATE_MS = 5 * 60_000;

export interface IngestRequestInfo {
  /** the viewer's address (the peer, or the client a trusted proxy named): hashed into the key and the country only */
  address: string;
  userAgent: string | undefined;
  /** lower-cased request headers (DNT, Sec-GPC) */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface IngestResult {
  /** events written now (a repeat of an earlier beacon writes none) */
  stored: number;
  /** why nothing was kept, when it was not */
  dropped?: 'bot';
}

type VideoFacts = { creator: string | null; expires: number };

/** The parts of better-sqlite3 the SQLite insert uses (the knex pool's connection). */
interface SqliteStatement {
  run(parameters: Record<string, unknown>): { changes: number };
}
interface SqliteDatabase {
  prepare(source: string): SqliteStatement;
  transaction<T>(work: () => T): () => T;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = parseAnalyticsSettings(strapi.config.get('plugin::analytics'));
  const videos = new Map<string, VideoFacts>();

  async function videoFacts(documentId: string, now: number): Promise<VideoFacts | null> {
    const cached = videos.get(documentId);
    if (cached && cached.expires > now) return cached;
    const row = (await strapi.db.query(VIDEO).findOne({
      where: { documentId, ...WATCHABLE_VIDEO_WHERE },
      select: ['id'],
      populate: { creator: { select: ['documentId'] } },
    })) as { creator?: { documentId: string } | null } | null;
    if (!row) {
      videos.delete(documentId);
      return null;
    }
    if (videos.size >= VIDEO_CACHE_SIZE) videos.delete(videos.keys().next().value!);
    const facts = { creator: row.creator?.documentId ?? null, expires: now + VIDEO_CACHE_MS };
    videos.set(documentId, facts);
    return facts;
  }

  /** The better-sqlite3 statement of the event insert, prepared once per connection. */
  const sqliteInserts = new WeakMap<SqliteDatabase, SqliteStatement>();

  /**
   * Writes a beacon's rows; a repeated (session, video, seq) is skipped. Returns how many were new. On SQLite, one
   * single-row statement prepared once and run for each row in one transaction: knex would build and prepare a new
   * 50-row statement for every beacon, which measured a third of the ingest's time on the CMS's one thread.
   */
  async function insertEvents(rows: Array<Record<string, unknown>>): Promise<number> {
    const knex = strapi.db.connection;
    const { tableName } = strapi.db.metadata.get(EVENT);
    if (strapi.db.dialect.client !== 'sqlite') {
      const inserted = (await knex(tableName)
        .insert(rows, ['id'])
        .onConflict(['session', 'video', 'seq'])
        .ignore()) as unknown[];
      return inserted.length;
    }
    const client = knex.client as unknown as {
      acquireConnection(): Promise<SqliteDatabase>;
      releaseConnection(connection: SqliteDatabase): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      let statement = sqliteInserts.get(connection);
      if (!statement) {
        const columns = Object.keys(rows[0]!);
        statement = connection.prepare(
          `INSERT INTO "${tableName}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns
            .map((column) => `@${column}`)
            .join(', ')}) ON CONFLICT ("session", "video", "seq") DO NOTHING`,
        );
        sqliteInserts.set(connection, statement);
      }
      const prepared = statement;
      // stored as knex stores them on SQLite: dates as epoch milliseconds, booleans as 0/1
      const bindable = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([column, value]) => [
            column,
            value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value,
          ]),
        ),
      );
      return connection.transaction(() => bindable.reduce((count, row) => count + prepared.run(row).changes, 0))();
    } finally {
      await client.releaseConnection(connection);
    }
  }

  return {
    async record(batch: PlaybackBatch, request: IngestRequestInfo, now = Date.now()): Promise<IngestResult> {
      const video = await videoFacts(batch.video, now);
      if (!video) throw new errors.NotFoundError('No such video');
      const { salt } = await getService(strapi, 'salts').saltFor(now);
      const context = ingestContext({
        address: request.address,
        userAgent: request.userAgent,
        headers: request.headers,
        siteId: settings.siteId,
        salt,
        src: batch.src,
        referrer: batch.referrer,
        ownHosts: settings.ownHosts,
      });
      if (context.bot) return { stored: 0, dropped: 'bot' };

      const stamp = new Date(now);
      const latest = batch.events.reduce((max, event) => Math.max(max, event.t), 0);
      const rows = batch.events.map((event) => ({
        // time-ordered (the moment, then randomness): the index on it grows at its end, as the table does
        document_id: `${now.toString(36)}${randomBytes(8).toString('hex')}`,
        video: batch.video,
        creator: video.creator,
        viewer_key: context.viewerKey,
        session: batch.session,
        seq: event.seq,
        type: event.type,
        at: 'at' in event ? event.at : null,
        ranges: event.type === 'heartbeat' ? JSON.stringify(event.ranges) : null,
        startup_ms: event.type === 'start' ? event.startupMs : null,
        stall_ms: event.type === 'stall' ? event.durationMs : null,
        height: event.type === 'quality' ? event.height : null,
        error_code: event.type === 'error' ? event.code : null,
        fatal: event.type === 'error' ? event.fatal : null,
        media_duration: batch.duration,
        source: context.source,
        referrer_domain: context.referrerDomain,
        device_class: context.deviceClass,
        browser: context.browser,
        os: context.os,
        country: context.country,
        // the server's clock orders sessions into hours; the player's `t` only orders events within one
        occurred_at: new Date(now - Math.min(MAX_BACKDATE_MS, Math.max(0, latest - event.t))),
        created_at: stamp,
        updated_at: stamp,
        published_at: stamp,
      }));
      return { stored: await insertEvents(rows) };
    },

    /** Forgets cached video facts (a video was unpublished, moved to another channel or deleted). */
    forgetVideo(documentId: string): void {
      videos.delete(documentId);
    },
  };
};
