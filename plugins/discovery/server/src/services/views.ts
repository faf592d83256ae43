/**
 * View counting that trending can trust: the platform's one definition of a view (contracts' VIEW_RULE, which
 * creator analytics count by too): once per viewer session per video per 24 h, and only after 5 s of playback (the
 * player sends the beacon then, through the site, which owns the viewer session). A counted view is stored (it feeds trending), adds one to the video's counter in the same
 * statement for every row of the video (so concurrent views are never lost), and reindexes the video.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ViewBeacon, ViewResponse } from '@framecast/contracts';
import { hourOf } from '../utils/trending';
import { VIEW_RULE, WATCHABLE_VIDEO_WHERE } from '@framecast/contracts';
import { getService } from '../utils';

const VIDEO = 'api::video.video';
const VIEW = 'plugin::discovery.view';

export type ViewsService = ReturnType<typeof viewsService>;

const viewsService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** viewer+video pairs being recorded right now: two beacons racing count once */
  const inFlight = new Set<string>();

  return {
    async record(beacon: ViewBeacon, now = Date.now()): Promise<ViewResponse> {
      const watchable = await strapi.db.query(VIDEO).findOne({
        where: { documentId: beacon.video, ...WATCHABLE_VIDEO_WHERE },
        select: ['id'],
      });
      if (!watchable) throw new errors.NotFoundError('No such video');

      const viewerKey = createHash('sha256').update(beacon.viewer).digest('hex');
      const key = `${beacon.video}:${viewerKey}`;
      if (inFlight.has(key)) return { counted: false };
      inFlight.add(key);
      try {
        const recent = await strapi.db.query(VIEW).findOne({
          where: { video: beacon.video, viewerKey, countedAt: { $gt: new Date(now - VIEW_RULE.oncePerViewerMs) } },
          select: ['id'],
        });
        if (recent) return { counted: false };
        await strapi.db
          .query(VIEW)
          .create({ data: { video: beacon.video, viewerKey, hour: hourOf(now), countedAt: new Date(now) } });
        const { tableName, attributes } = strapi.db.metadata.get(VIDEO);
        const column = (attributes.viewCount as { columnName?: string }).columnName ?? 'view_count';
        const documentIdColumn =
          (attributes.documentId as { columnName?: string } | undefined)?.columnName ?? 'document_id';
        await strapi.db.connection(tableName).where(documentIdColumn, beacon.video).increment(column, 1);
        getService(strapi, 'indexer').schedule([beacon.video]);
        return { counted: true };
      } finally {
        inFlight.delete(key);
      }
    },
  };
};

export default viewsService;
