/**
 * "You might like" for a signed-in viewer: videos from creators they follow, in the categories they chose as
 * interests or watched and rated well, and with the tags of what they liked, ranked by how many of those signals a
 * video carries and how hot it is, without what they already watched or rated, at most 3 per creator, topped up
 * with trending videos. Each pick says why it is there.
 */
import type { Core } from '@strapi/strapi';
import type { SearchVideoCard } from '@framecast/contracts';
import { getService } from '../utils';
import type { ParsedSearchQuery } from '../validation/search-query';

export type Recommendation = { video: SearchVideoCard; reason: string };
type Signal = { key: string; label: string; weight: number; query: Partial<ParsedSearchQuery> };

const VIDEO = 'api::video.video';
const PER_CREATOR = 3;
const POOL = 24;

const recommendationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const search = () => getService(strapi, 'search');
  /** The viewer's chosen categories, from the accounts plugin's profiles service when it is installed. */
  const interestsOf = async (userId: number): Promise<string[]> => {
    const profiles = strapi.plugin('accounts')?.service('profiles') as
      { interestsOf(userId: number): Promise<string[]> } | undefined;
    return profiles ? profiles.interestsOf(userId) : [];
  };

  /**
   * Transitional, until the community plugin provides its signals (`signals.provide('community', …)` in its bootstrap,
   * as library does): its follows and ratings read from its tables as before. Delete this once it does.
   */
  async function pool(query: Partial<ParsedSearchQuery>): Promise<SearchVideoCard[]> {
    const response = await search().search({
      q: '',
      page: 1,
      pageSize: POOL,
      sort: 'trending',
      ...query,
    } as ParsedSearchQuery);
    return response.data.map((hit) => hit.video);
  }

  async function signalsFor(userId: number): Promise<{ signals: Signal[]; seen: Set<string> }> {
    // follows and ratings from community, watch history from library: each hands discovery its own (services/signals.ts)
    const [provided, interests] = await Promise.all([
      getService(strapi, 'signals').forViewer(userId),
      interestsOf(userId),
    ]);
    const { follows, ratings } = provided;
    const history = provided.watched;
    const seen = new Set([...ratings.map((row) => row.video), ...history]);
    const liked = [...ratings.filter((row) => row.stars >= 4).map((row) => row.video), ...history];

    const signals = new Map<string, Signal>();
    const add = (signal: Signal) => {
      const existing = signals.get(signal.key);
      if (existing) existing.weight += signal.weight;
      else signals.set(signal.key, signal);
    };
    if (follows.length) {
      const creators = (await strapi.db
        .query('api::creator.creator')
        .findMany({ where: { documentId: { $in: follows } }, select: ['handle', 'displayName'] })) as Array<{
        handle: string;
        displayName: string;
      }>;
      for (const creator of creators)
        add({
          key: `creator:${creator.handle}`,
          label: `Because you follow ${creator.displayName}`,
          weight: 3,
          query: { creator: creator.handle, sort: 'newest' },
        });
    }
    if (interests.length) {
      const categories = (await strapi.db
        .query('api::category.category')
        .findMany({ where: { documentId: { $in: interests } }, select: ['slug', 'name'] })) as Array<{
        slug: string;
        name: string;
      }>;
      for (const category of categories)
        add({
          key: `category:${category.slug}`,
          label: `Because you like ${category.name}`,
          weight: 2,
          query: { category: category.slug },
        });
    }
    if (liked.length) {
      const videos = (await strapi.db.query(VIDEO).findMany({
        where: { documentId: { $in: [...new Set(liked)] }, publishedAt: { $notNull: true } },
        select: ['documentId', 'title'],
        populate: { category: { select: ['slug', 'name'] }, tags: { select: ['slug', 'name'] } },
      })) as Array<{
        title: string;
        category: { slug: string; name: string } | null;
        tags: Array<{ slug: string; name: string }>;
      }>;
      for (const video of videos) {
        if (video.category)
          add({
            key: `category:${video.category.slug}`,
            label: `Because you watched “${video.title}”`,
            weight: 1,
            query: { category: video.category.slug },
          });
        for (const tag of video.tags.slice(0, 3))
          add({
            key: `tag:${tag.slug}`,
            label: `Because you watched “${video.title}”`,
            weight: 0.5,
            query: { tags: [tag.slug] },
          });
      }
    }
    return { signals: [...signals.values()].sort((a, b) => b.weight - a.weight).slice(0, 8), seen };
  }

  return {
    async forViewer(userId: number, limit = 12): Promise<{ data: Recommendation[]; meta: { personalized: boolean } }> {
      const { signals, seen } = await signalsFor(userId);
      const scored = new Map<string, { video: SearchVideoCard; score: number; reason: string; best: number }>();
      const pools = await Promise.all(signals.map((signal) => pool(signal.query)));
      signals.forEach((signal, index) => {
        pools[index]!.forEach((video, rank) => {
          if (seen.has(video.documentId)) return;
          const points = signal.weight * (1 - rank / (POOL * 2));
          const entry = scored.get(video.documentId) ?? { video, score: 0, reason: signal.label, best: 0 };
          entry.score += points;
          if (points > entry.best) Object.assign(entry, { best: points, reason: signal.label });
          scored.set(video.documentId, entry);
        });
      });

      const picked: Recommendation[] = [];
      const perCreator = new Map<string, number>();
      const take = (video: SearchVideoCard, reason: string) => {
        if (picked.length >= limit || picked.some((pick) => pick.video.documentId === video.documentId)) return;
        const creator = video.creator?.documentId ?? '';
        if ((perCreator.get(creator) ?? 0) >= PER_CREATOR) return;
        perCreator.set(creator, (perCreator.get(creator) ?? 0) + 1);
        picked.push({ video, reason });
      };
      for (const entry of [...scored.values()].sort((a, b) => b.score - a.score)) take(entry.video, entry.reason);
      const personalized = picked.length > 0;
      if (picked.length < limit)
        for (const video of await pool({ sort: 'trending' }))
          if (!seen.has(video.documentId)) take(video, 'Trending now');
      return { data: picked, meta: { personalized } };
    },
  };
};

export default recommendationsService;
export type RecommendationsService = ReturnType<typeof recommendationsService>;
