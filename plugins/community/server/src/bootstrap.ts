import type { Core } from '@strapi/strapi';
import { discoveryService } from '@framecast/contracts';

const FOLLOW = 'plugin::community.follow';
const RATING = 'plugin::community.rating';

/** Hands discovery the follows and ratings it learns "You might like" from, so it never reads community's tables. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  discoveryService(strapi, 'signals')?.provide('community', async (viewerId) => {
    const [follows, ratings] = await Promise.all([
      strapi.db.query(FOLLOW).findMany({
        where: { viewer: viewerId },
        select: ['creator'],
        orderBy: { createdAt: 'desc' },
        limit: 20,
      }) as Promise<Array<{ creator: string }>>,
      strapi.db.query(RATING).findMany({
        where: { viewer: viewerId },
        select: ['video', 'stars'],
        orderBy: { updatedAt: 'desc' },
        limit: 50,
      }) as Promise<Array<{ video: string; stars: number }>>,
    ]);
    return { follows: follows.map((row) => row.creator), ratings };
  });
};
