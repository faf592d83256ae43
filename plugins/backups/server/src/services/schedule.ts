/**
 * The daily backup (BACKUP_SCHEDULE=daily, at BACKUP_TIME UTC). Every CMS instance keeps the timer, and the one that
 * claims the day's slot makes the backup: one conditional UPDATE on a row of Strapi's core store, so several instances
 * behind a load balancer make one backup a day. A CMS started after the day's time, whose backup no instance made
 * (it was down), makes it a minute after it starts.
 */
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { getService, getSettings } from '../utils';

const TABLE = 'strapi_core_store_settings';
const CLAIM_KEY = 'plugin_backups_schedule';
/** The timer looks again at least this often, so a changed clock or a sleeping host cannot push a backup by a day. */
const MAX_WAIT_MS = 60 * 60 * 1000;
/** After the CMS starts: its boot-time work goes first. */
const FIRST_LOOK_MS = 60 * 1000;

type ClaimRow = { id: number; value: string | null };

export type ScheduledRun =
  | { ran: false; slot: string; reason: string }
  | { ran: true; slot: string; location: string; files: number; bytes: number; removed: string[] };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  const dueTimeOn = (day: Date) => {
    const [hours, minutes] = getSettings(strapi).time.split(':').map(Number) as [number, number];
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes));
  };

  const service = {
    /** The day whose backup is due at `now`: today once today's time has come, else yesterday (YYYY-MM-DD). */
    slotAt(now: Date): string {
      const today = dueTimeOn(now);
      const due = today.getTime() <= now.getTime() ? today : new Date(today.getTime() - 24 * 60 * 60 * 1000);
      return due.toISOString().slice(0, 10);
    },

    /** The next time a backup is due after `now`. */
    nextDue(now: Date): Date {
      const today = dueTimeOn(now);
      return today.getTime() > now.getTime() ? today : new Date(today.getTime() + 24 * 60 * 60 * 1000);
    },

    /**
     * Claims `slot` for this process: a release function for exactly one caller per slot, whichever instance it runs
     * in (null for the others). Releasing hands the slot back, so a failed backup is tried again at the next look.
     */
    async claim(slot: string): Promise<(() => Promise<void>) | null> {
      const knex = strapi.db.connection;
      const first = (): Promise<ClaimRow | undefined> =>
        knex(TABLE).where('key', CLAIM_KEY).orderBy('id').first('id', 'value');
      let row = await first();
      if (!row) {
        await knex(TABLE).insert({ key: CLAIM_KEY, value: JSON.stringify({ slot: null }), type: 'object' });
        // two instances inserting at once leave two rows: both then compare-and-set the first one
        row = await first();
      }
      const claimed = (JSON.parse(row!.value ?? '{}') as { slot?: string | null }).slot ?? null;
      if (claimed !== null && claimed >= slot) return null;
      const value = JSON.stringify({ slot, by: `${os.hostname()}:${process.pid}`, at: new Date().toISOString() });
      const updated = await knex(TABLE).where({ id: row!.id, value: row!.value }).update({ value });
      if (updated !== 1) return null;
      const { id, value: before } = row!;
      return async () => {
        await knex(TABLE).where({ id, value }).update({ value: before });
      };
    },

    /** Makes the backup due at `now` unless another run (here or on another instance) has made or is making it. */
    async runDue(now: Date = new Date()): Promise<ScheduledRun> {
      const slot = service.slotAt(now);
      const release = await service.claim(slot);
      if (!release) return { ran: false, slot, reason: 'made or being made by another run' };
      strapi.log.info(`[backups] Making the scheduled backup for ${slot}…`);
      try {
        const report = await getService(strapi, 'backups').backUpNow(now);
        strapi.log.info(
          `[backups] Backup for ${slot} made at ${report.location}: ${report.manifest.totals.files} files, ${report.manifest.totals.bytes} bytes in ${report.seconds.toFixed(1)} s` +
            (report.removed.length ? `; removed ${report.removed.length} older (BACKUP_KEEP)` : ''),
        );
        return {
          ran: true,
          slot,
          location: report.location,
          files: report.manifest.totals.files,
          bytes: report.manifest.totals.bytes,
          removed: report.removed,
        };
      } catch (error) {
        strapi.log.error(
          `[backups] The scheduled backup for ${slot} failed (tried again within the hour): ${(error as Error).message}`,
        );
        await release().catch(() => undefined);
        throw error;
      }
    },

    /** Starts the timer when BACKUP_SCHEDULE=daily. */
    start(): void {
      if (getSettings(strapi).schedule !== 'daily' || !stopped) return;
      stopped = false;
      const arm = (delay: number) => {
        timer = setTimeout(() => {
          timer = null;
          running = service
            .runDue(new Date())
            .catch(() => undefined) // logged by runDue; the next day tries again
            .finally(() => {
              running = null;
              const now = new Date();
              if (!stopped) arm(Math.min(service.nextDue(now).getTime() - now.getTime(), MAX_WAIT_MS));
            });
        }, delay);
        // a timer alone never keeps the process alive
        timer.unref();
      };
      arm(FIRST_LOOK_MS);
    },

    /** Stops the timer and waits for a backup under way. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
  return service;
};
