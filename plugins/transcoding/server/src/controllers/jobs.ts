import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { JOB_STATES, type JobState } from '../jobs/types';
import { getService } from '../utils';

const VIDEO = 'api::video.video';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pipeline = () => getService(strapi, 'pipeline');

  /** The documentIds among `ids` this admin may read in the content manager (creators: their own). */
  async function readableVideos(ctx: Context, ids: string[]): Promise<Set<string>> {
    const permissionChecker = strapi.plugin('content-manager').service('permission-checker') as unknown as {
      create(options: { userAbility: unknown; model: string }): {
        can: { read(entity?: unknown): boolean };
        cannot: { read(entity?: unknown): boolean };
      };
    };
    const checker = permissionChecker.create({ userAbility: ctx.state.userAbility, model: VIDEO });
    if (ids.length === 0) return new Set();
    const rows = (await strapi.db.query(VIDEO).findMany({
      where: { documentId: { $in: ids } },
      populate: ['creator', 'collaborators', 'creator.owner', 'collaborators.owner'],
    })) as Array<{ documentId: string }>;
    return new Set(rows.filter((row) => checker.can.read(row)).map((row) => row.documentId));
  }

  return {
    /** GET /transcoding/jobs?state=waiting,active */
    async list(ctx: Context) {
      const raw =
        typeof ctx.query.state === 'string'
          ? ctx.query.state
              .split(',')
              .map((state) => state.trim())
              .filter(Boolean)
          : [];
      const unknown = raw.filter((state) => !(JOB_STATES as readonly string[]).includes(state));
      if (unknown.length > 0)
        throw new errors.ValidationError(`Unknown job state: ${unknown.join(', ')}. Use ${JOB_STATES.join(', ')}.`);
      ctx.body = await pipeline().listJobs(raw as JobState[], (ids) => readableVideos(ctx, ids));
    },

    /** POST /transcoding/jobs/:id/retry */
    async retry(ctx: Context) {
      const job = await pipeline().getJob(String(ctx.params.id));
      if (!job || !(await readableVideos(ctx, [job.videoDocumentId])).has(job.videoDocumentId))
        throw new errors.NotFoundError('No such job.');
      // 409: @strapi/utils has no conflict error (an ApplicationError answers 400); Strapi's own helper shapes the body
      if (job.state !== 'failed') return ctx.conflict(`This job is ${job.state}; only failed jobs can be retried.`);
      if (!(await pipeline().sourceKept(job.id)))
        return ctx.conflict(
          'The uploaded file of this job is no longer kept (a refused upload is removed): upload the video again.',
        );
      ctx.body = { job: await pipeline().retryJob(job.id) };
    },

    /** GET /transcoding/videos/:documentId/status */
    async status(ctx: Context) {
      const documentId = String(ctx.params.documentId);
      if (!(await readableVideos(ctx, [documentId])).has(documentId)) throw new errors.NotFoundError('No such video.');
      ctx.body = await pipeline().statusOf(documentId);
    },
  };
};
