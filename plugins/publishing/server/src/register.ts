/**
 * Video writes and the schedule (document service middleware, so every road is covered: content manager, bulk actions,
 * the seed, other plugins):
 * - after a write, the video's `scheduledAt` / `unpublishAt` are copied into the schedule and the scheduler is woken;
 * - a publish or unpublish by hand ends the pending schedule for it;
 * - a publish asked through the admin is refused while the video's media is not ready, with the reason.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from './utils';
import { MEDIA_STATE_FIELDS, notReadyReason, refusalMessage, type MediaState } from './utils/readiness';

const VIDEO = 'api::video.video';
const SCHEDULE_CHANGES = new Set(['create', 'update', 'clone', 'delete', 'discardDraft']);

/** True when the write was asked by a signed-in admin user (the admin panel and its API), not by code. */
function askedInTheAdmin(strapi: Core.Strapi): boolean {
  const ctx = strapi.requestContext.get() as { state?: { auth?: { strategy?: { name?: string } } } } | undefined;
  return ctx?.state?.auth?.strategy?.name === 'admin';
}

/**
 * Refuses a publish asked in the admin while the video's media is not ready. Registered by bootstrap.ts, after the
 * CMS's own middlewares (cms/src/roles): it runs inside them, so a creator's publish of something not theirs is
 * refused as forbidden before anything is said about its media.
 */
export function refuseUnreadyPublishes(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const documentId = (context.params as { documentId?: string }).documentId;
    if (context.uid !== VIDEO || context.action !== 'publish' || !documentId || !askedInTheAdmin(strapi)) return next();
    const draft = (await strapi.db.query(VIDEO).findOne({
      where: { documentId, publishedAt: null },
      select: [...MEDIA_STATE_FIELDS],
    })) as MediaState | null;
    const reason = draft && notReadyReason(draft);
    if (draft && reason) throw new errors.ValidationError(refusalMessage(draft, reason));
    return next();
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    for (const uid of ['plugin::publishing.schedule', 'plugin::publishing.reminder'])
      extension.shadowCRUD(uid).disable();
  }

  strapi.documents.use(async (context, next) => {
    if (context.uid !== VIDEO) return next();
    const params = context.params as { documentId?: string };

    const result = await next();
    const documentId =
      (context.action === 'clone' ? undefined : params.documentId) ??
      (result as { documentId?: string } | null)?.documentId;
    if (!documentId) return result;
    try {
      const schedules = getService(strapi, 'schedules');
      if (context.action === 'publish' || context.action === 'unpublish')
        await schedules.doneByHand(documentId, context.action);
      // a premiere starts: those who asked to be reminded are told (after this write, outside it)
      if (context.action === 'publish') void getService(strapi, 'premieres').started(documentId);
      if (context.action === 'delete') await getService(strapi, 'premieres').forgetVideo(documentId);
      else if (SCHEDULE_CHANGES.has(context.action))
        await getService(strapi, 'scheduler').wake(await schedules.sync(documentId));
    } catch (error) {
      // the write is done; the scheduler's sweep and the next save bring the schedule in line
      strapi.log.error(`[publishing] the schedule of video ${documentId} was not updated: ${(error as Error).message}`);
    }
    return result;
  });
};
