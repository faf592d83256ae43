/**
 * Premieres: a draft video with "Premiere" ticked and a scheduled time is announced. Until it is published it has a
 * public page (poster, description, countdown), it shows in its channel's "Upcoming" shelf and in the home page's shelf
 * of followed channels, and viewers may ask to be reminded. When it is published (by the scheduler, or by hand) those
 * viewers are notified (in the site, and by mail if they asked for mail); followers hear of it from community as of any
 * new video, under the same notification key, so nobody is told twice.
 *
 * Announced means: the draft has `premiere` and `scheduledAt`, is public and approved by moderation, belongs to a
 * channel, and the video has never been published. Nothing else of a draft is ever shown.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PremiereView } from '@framecast/contracts';
import { communityService, transcodingService } from '../utils/other-plugins';

const VIDEO = 'api::video.video';
const REMINDER = 'plugin::publishing.reminder';
export const UPCOMING_LIMIT = 24;

type DraftRow = {
  documentId: string;
  slug: string;
  title: string;
  description: string | null;
  scheduledAt: string | Date;
  duration: number | string | null;
  playbackAssets: unknown;
  poster: {
    url: string;
    width: number | null;
    height: number | null;
    formats?: Record<string, { url: string; width: number; height: number }>;
  } | null;
  creator: { documentId: string; handle: string; displayName: string } | null;
};

const ANNOUNCED = {
  publishedAt: null,
  premiere: true,
  scheduledAt: { $notNull: true },
  visibility: 'public',
  moderationState: 'approved',
  creator: { id: { $notNull: true } },
};

const premieresService = ({ strapi }: { strapi: Core.Strapi }) => {
  // notifications run outside the request or turn that published (its transaction, its user)
  const detached = new AsyncResource('publishing-premieres');
  const reminders = () => strapi.db.query(REMINDER);

  async function announced(where: Record<string, unknown>, limit: number): Promise<DraftRow[]> {
    const rows = (await strapi.db.query(VIDEO).findMany({
      where: { ...ANNOUNCED, ...where },
      select: ['documentId', 'slug', 'title', 'description', 'scheduledAt', 'duration', 'playbackAssets'],
      populate: {
        poster: { select: ['url', 'width', 'height', 'formats'] },
        creator: { select: ['documentId', 'handle', 'displayName'] },
      },
      orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }],
      limit: limit * 2,
    })) as DraftRow[];
    if (rows.length === 0) return [];
    // a video published before (a draft of changes, rescheduled) is no premiere
    const published = (await strapi.db.query(VIDEO).findMany({
      where: { documentId: { $in: rows.map((row) => row.documentId) }, publishedAt: { $notNull: true } },
      select: ['documentId'],
    })) as Array<{ documentId: string }>;
    const seen = new Set(published.map((row) => row.documentId));
    return rows.filter((row) => !seen.has(row.documentId)).slice(0, limit);
  }

  function posterOf(row: DraftRow): PremiereView['poster'] {
    if (row.poster?.url) {
      const large = row.poster.formats?.large ?? row.poster.formats?.medium;
      return large
        ? { url: large.url, width: large.width, height: large.height }
        : { url: row.poster.url, width: row.poster.width, height: row.poster.height };
    }
    const frames = transcodingService(strapi, 'playback').playbackFor(row.documentId, row.playbackAssets, {
      signed: true,
    })?.posters;
    const frame = frames?.[frames.length - 1];
    return frame ? { url: frame.jpeg, width: frame.width, height: frame.height } : null;
  }

  async function view(rows: DraftRow[], viewer?: number): Promise<PremiereView[]> {
    const asked = viewer
      ? new Set(
          (
            (await reminders().findMany({
              where: { viewer, video: { $in: rows.map((row) => row.documentId) } },
              select: ['video'],
            })) as Array<{ video: string }>
          ).map((row) => row.video),
        )
      : new Set<string>();
    const now = Date.now();
    return rows.map((row) => ({
      documentId: row.documentId,
      slug: row.slug,
      title: row.title,
      description: row.description,
      startsAt: new Date(row.scheduledAt).toISOString(),
      late: new Date(row.scheduledAt).getTime() <= now,
      creator: row.creator ? { handle: row.creator.handle, displayName: row.creator.displayName } : null,
      poster: posterOf(row),
      duration: row.duration === null ? null : Number(row.duration),
      reminded: asked.has(row.documentId),
    }));
  }

  async function oneRow(slug: string): Promise<DraftRow> {
    const [row] = await announced({ slug }, 1);
    if (!row) throw new errors.NotFoundError('No premiere is announced at this address');
    return row;
  }

  return {
    /** One channel's announced premieres, the soonest first. */
    async ofChannel(handle: string, viewer?: number): Promise<PremiereView[]> {
      return view(await announced({ creator: { handle } }, UPCOMING_LIMIT), viewer);
    },

    /** The premieres of the channels a viewer follows, the soonest first. */
    async followedBy(viewer: number): Promise<PremiereView[]> {
      const channels = await communityService(strapi, 'follows').following(viewer);
      if (channels.length === 0) return [];
      const rows = await announced(
        { creator: { documentId: { $in: channels.map((channel) => channel.documentId) } } },
        UPCOMING_LIMIT,
      );
      return view(rows, viewer);
    },

    async one(slug: string, viewer?: number): Promise<PremiereView> {
      const [premiere] = await view([await oneRow(slug)], viewer);
      return premiere!;
    },

    /** Idempotent: asking twice keeps one reminder. */
    async remind(slug: string, viewer: number): Promise<{ reminded: boolean }> {
      const row = await oneRow(slug);
      if ((await reminders().count({ where: { video: row.documentId, viewer } })) === 0) {
        try {
          await reminders().create({ data: { video: row.documentId, viewer } });
        } catch (error) {
          // the same viewer asking twice at once: the unique index kept one
          if ((await reminders().count({ where: { video: row.documentId, viewer } })) === 0) throw error;
        }
      }
      return { reminded: true };
    },

    async forget(slug: string, viewer: number): Promise<{ reminded: boolean }> {
      const row = await oneRow(slug);
      await reminders().deleteMany({ where: { video: row.documentId, viewer } });
      return { reminded: false };
    },

    /** A deleted video (every version gone) takes its reminders with it. */
    async forgetVideo(documentId: string): Promise<void> {
      if ((await strapi.db.query(VIDEO).count({ where: { documentId } })) === 0)
        await reminders().deleteMany({ where: { video: documentId } });
    },

    /** Account deletion: the viewer's reminders go. */
    async forgetViewer(viewer: number): Promise<void> {
      await reminders().deleteMany({ where: { viewer } });
    },

    /**
     * A video was published: if viewers asked to be reminded of it, they are told now (after the write, outside it),
     * and their reminders are done. Publishing it again finds none.
     */
    started(documentId: string): Promise<number> {
      return new Promise((resolve) => {
        detached.runInAsyncScope(() =>
          setImmediate(() => {
            this.notifyReminded(documentId)
              .catch((error: Error) => {
                strapi.log.error(`[publishing] premiere reminders for ${documentId}: ${error.message}`);
                return 0;
              })
              .then(resolve);
          }),
        );
      });
    },

    async notifyReminded(documentId: string): Promise<number> {
      const asked = (await reminders().findMany({ where: { video: documentId }, select: ['viewer'] })) as Array<{
        viewer: number;
      }>;
      if (asked.length === 0) return 0;
      const video = (await strapi.db.query(VIDEO).findOne({
        where: { documentId, publishedAt: { $notNull: true } },
        select: ['title'],
        populate: { creator: { select: ['displayName'] } },
      })) as { title: string; creator: { displayName: string } | null } | null;
      if (!video) return 0;
      const by = video.creator?.displayName ?? 'A creator';
      // the key followers' notifications use too (community): a follower who also asked is told once
      const sent = await communityService(strapi, 'notifications').notify(
        asked.map(({ viewer }) => ({
          recipient: viewer,
          kind: 'new-video' as const,
          dedupeKey: `new-video:${documentId}`,
          video: documentId,
          actorName: by,
          text: `Premiering now: “${video.title}” by ${by}`,
        })),
      );
      await reminders().deleteMany({ where: { video: documentId } });
      return sent;
    },
  };
};

export default premieresService;
export type PremieresService = ReturnType<typeof premieresService>;
