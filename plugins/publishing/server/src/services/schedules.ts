/**
 * The schedule of videos' publishes and unpublishes. The video's own fields (`scheduledAt`, `unpublishAt`, edited in
 * the content manager) say what the creator wants; one row per video and action here records it for the scheduler,
 * with its state. The database is the source of truth: a due row is claimed with one conditional UPDATE (a lease),
 * so two CMS instances, or two turns of one, never run it both, and a row whose instance died is taken again once
 * its lease ends.
 */
import type { Core } from '@strapi/strapi';
import { parsePublishingSettings } from '../config';
import { MEDIA_STATE_FIELDS, notReadyReason, type MediaState } from '../utils/readiness';

const UID = 'plugin::publishing.schedule';
const VIDEO = 'api::video.video';
/** How long a claimed row is this instance's: far above a publish, short enough to recover from a crash. */
const LEASE_MS = 2 * 60_000;
const BATCH = 50;

export type ScheduleAction = 'publish' | 'unpublish';
const FIELD = { publish: 'scheduledAt', unpublish: 'unpublishAt' } as const satisfies Record<ScheduleAction, string>;

interface Entry {
  id: number;
  video: string;
  action: ScheduleAction;
  dueAt: string | Date;
  state: 'pending' | 'done' | 'cancelled' | 'failed';
  waitingFor: string | null;
  attempts: number;
  lastError: string | null;
  leaseUntil: string | Date | null;
  completedAt: string | Date | null;
}

export interface ScheduleView {
  action: ScheduleAction;
  dueAt: string;
  state: Entry['state'];
  waitingFor: string | null;
  lastError: string | null;
  completedAt: string | null;
}

export interface TurnReport {
  published: string[];
  unpublished: string[];
  waiting: string[];
  failed: string[];
}

const time = (value: string | Date | number) => new Date(value).getTime();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = parsePublishingSettings(strapi.config.get('plugin::publishing'));
  const entries = () => strapi.db.query(UID);
  const videos = () => strapi.db.query(VIDEO);

  /** Takes a due row for this turn; false when another instance or turn has it. */
  async function claim(entry: Entry, now: Date): Promise<boolean> {
    const { count } = await entries().updateMany({
      where: {
        id: entry.id,
        state: 'pending',
        $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }],
      },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
    });
    return count === 1;
  }

  /**
   * The row is finished. The video's field is cleared first (if it still names this time, not a newer reschedule), so
   * a row marked done always has its field cleared; a crash in between leaves the row pending, and running it again
   * changes nothing.
   */
  async function finish(entry: Entry, state: 'done' | 'cancelled'): Promise<void> {
    await videos().updateMany({
      where: { documentId: entry.video, [FIELD[entry.action]]: new Date(entry.dueAt) },
      data: { [FIELD[entry.action]]: null },
    });
    await entries().update({
      where: { id: entry.id },
      data: { state, completedAt: new Date(), leaseUntil: null, waitingFor: null, lastError: null },
    });
  }

  async function run(entry: Entry): Promise<'published' | 'unpublished' | 'waiting' | 'cancelled'> {
    const documentId = entry.video;
    if (entry.action === 'publish') {
      const draft = (await videos().findOne({
        where: { documentId, publishedAt: null },
        select: [...MEDIA_STATE_FIELDS],
      })) as MediaState | null;
      if (!draft) {
        await finish(entry, 'cancelled');
        return 'cancelled';
      }
      if (notReadyReason(draft)) {
        // due, but its media is not ready: published by the first turn after it is
        await entries().update({ where: { id: entry.id }, data: { waitingFor: 'media', leaseUntil: null } });
        return 'waiting';
      }
      await strapi.documents(VIDEO).publish({ documentId } as never);
      await finish(entry, 'done');
      return 'published';
    }
    if ((await videos().count({ where: { documentId, publishedAt: { $notNull: true } } })) > 0)
      await strapi.documents(VIDEO).unpublish({ documentId } as never);
    await finish(entry, 'done');
    return 'unpublished';
  }

  async function failed(entry: Entry, error: unknown): Promise<boolean> {
    const attempts = entry.attempts + 1;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const final = attempts >= settings.maxAttempts;
    // tried again after 30 s, 1 min, 2 min… (at most 30 min), unless that was the last attempt
    const retryAt = new Date(Date.now() + Math.min(30_000 * 2 ** (attempts - 1), 30 * 60_000));
    await entries().update({
      where: { id: entry.id },
      data: final
        ? { state: 'failed', attempts, lastError: message, leaseUntil: null, completedAt: new Date() }
        : { attempts, lastError: message, leaseUntil: retryAt },
    });
    return final;
  }

  return {
    /**
     * Brings the video's rows in line with its draft's `scheduledAt` and `unpublishAt` (called after every write of a
     * video). A new time makes the row pending again; a cleared one cancels it; a deleted video cancels both.
     * Returns the earliest pending time, for the scheduler.
     */
    async sync(documentId: string): Promise<Date | null> {
      const draft = (await videos().findOne({
        where: { documentId, publishedAt: null },
        select: ['scheduledAt', 'unpublishAt'],
      })) as { scheduledAt: string | Date | null; unpublishAt: string | Date | null } | null;
      const existing = (await entries().findMany({ where: { video: documentId } })) as Entry[];
      let earliest: Date | null = null;
      for (const action of ['publish', 'unpublish'] as const) {
        const wanted = draft?.[FIELD[action]] ?? null;
        const entry = existing.find((row) => row.action === action);
        if (wanted === null) {
          if (entry?.state === 'pending')
            await entries().update({
              where: { id: entry.id },
              data: { state: 'cancelled', completedAt: new Date(), leaseUntil: null, waitingFor: null },
            });
          continue;
        }
        const dueAt = new Date(wanted);
        if (!earliest || dueAt < earliest) earliest = dueAt;
        // done at this very time: the scheduler ran it and the field is about to be cleared
        if (entry && time(entry.dueAt) === dueAt.getTime() && ['pending', 'done'].includes(entry.state)) continue;
        const data = {
          dueAt,
          state: 'pending',
          attempts: 0,
          lastError: null,
          waitingFor: null,
          leaseUntil: null,
          completedAt: null,
        };
        if (entry) await entries().update({ where: { id: entry.id }, data });
        else await entries().create({ data: { video: documentId, action, ...data } });
      }
      return earliest;
    },

    /** A publish or unpublish done by hand: its pending schedule has nothing left to do. */
    async doneByHand(documentId: string, action: ScheduleAction): Promise<void> {
      const entry = (await entries().findOne({
        where: { video: documentId, action, state: 'pending' },
      })) as Entry | null;
      if (entry) await finish(entry, 'done');
    },

    /** Runs every due row this instance can claim; rows whose media is not ready wait, and are looked at again. */
    async runDue(now = new Date()): Promise<TurnReport> {
      const report: TurnReport = { published: [], unpublished: [], waiting: [], failed: [] };
      const due = (await entries().findMany({
        where: {
          state: 'pending',
          dueAt: { $lte: now },
          $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }],
        },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        limit: BATCH,
      })) as Entry[];
      for (const entry of due) {
        if (!(await claim(entry, now))) continue;
        try {
          const outcome = await run(entry);
          if (outcome === 'published') report.published.push(entry.video);
          if (outcome === 'unpublished') report.unpublished.push(entry.video);
          if (outcome === 'waiting') report.waiting.push(entry.video);
        } catch (error) {
          const final = await failed(entry, error);
          strapi.log.warn(
            `[publishing] scheduled ${entry.action} of video ${entry.video} failed${final ? ' for good' : ' (tried again later)'}: ${(error as Error).message}`,
          );
          if (final) report.failed.push(entry.video);
        }
      }
      return report;
    },

    /** When the next pending row falls due (rows waiting for media are looked at on every poll). */
    async nextDueAt(): Promise<Date | null> {
      const next = (await entries().findOne({
        where: { state: 'pending', waitingFor: { $null: true } },
        orderBy: [{ dueAt: 'asc' }],
        select: ['dueAt', 'leaseUntil'],
      })) as Pick<Entry, 'dueAt' | 'leaseUntil'> | null;
      if (!next) return null;
      return new Date(Math.max(time(next.dueAt), next.leaseUntil ? time(next.leaseUntil) : 0));
    },

    /** A video's schedule, for the admin. */
    async of(documentId: string): Promise<ScheduleView[]> {
      const rows = (await entries().findMany({
        where: { video: documentId },
        orderBy: [{ action: 'asc' }],
      })) as Entry[];
      return rows.map((row) => ({
        action: row.action,
        dueAt: new Date(row.dueAt).toISOString(),
        state: row.state,
        waitingFor: row.waitingFor,
        lastError: row.lastError,
        completedAt: row.completedAt ? new Date(row.completedAt).toISOString() : null,
      }));
    },
  };
};
