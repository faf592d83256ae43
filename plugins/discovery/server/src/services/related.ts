/**
 * Related videos for a watch page: the engine's text similarity (title and tags, any word), plus the same
 * creator, category and tags, plus what is trending as a filler. Never the video itself, and at most
 * MAX_PER_CREATOR from any one creator, so the list is not all one channel.
 */
import type { Core } from '@strapi/strapi';
import { SEARCH_LIMITS, type SearchVideoCard } from '@framecast/contracts';
import type { SearchDocument } from '../engines/types';
import { getService } from '../utils';

const POOL = 24;
const MAX_PER_CREATOR = 3;

interface Candidate {
  document: SearchDocument;
  score: number;
}

export function rankRelated(
  video: SearchDocument,
  textMatches: SearchDocument[],
  neighbours: SearchDocument[],
  fillers: SearchDocument[],
  limit: number,
): SearchDocument[] {
  const candidates = new Map<string, Candidate>();
  const add = (document: SearchDocument, score: number) => {
    if (document.id === video.id) return;
    const entry = candidates.get(document.id) ?? { document, score: 0 };
    entry.score += score;
    candidates.set(document.id, entry);
  };
  textMatches.forEach((document, rank) => add(document, 3 * (1 - rank / POOL)));
  for (const document of [...neighbours, ...fillers]) add(document, 0);
  for (const entry of candidates.values()) {
    const { document } = entry;
    if (video.creatorHandle && document.creatorHandle === video.creatorHandle) entry.score += 1.5;
    if (video.categorySlug && document.categorySlug === video.categorySlug) entry.score += 2;
    entry.score += Math.min(3, document.tagSlugs.filter((slug) => video.tagSlugs.includes(slug)).length);
    entry.score += Math.log10(document.views + 1) * 0.1;
  }
  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || b.document.views - a.document.views);
  const perCreator = new Map<string, number>();
  const chosen: SearchDocument[] = [];
  for (const { document } of ranked) {
    const creator = document.creatorHandle ?? '';
    if ((perCreator.get(creator) ?? 0) >= MAX_PER_CREATOR) continue;
    perCreator.set(creator, (perCreator.get(creator) ?? 0) + 1);
    chosen.push(document);
    if (chosen.length === limit) break;
  }
  return chosen;
}

export type RelatedService = ReturnType<typeof relatedService>;

const relatedService = ({ strapi }: { strapi: Core.Strapi }) => {
  const engineService = () => getService(strapi, 'engine');
  const documents = () => getService(strapi, 'documents');

  async function fromEngine(video: SearchDocument): Promise<SearchDocument[]> {
    const { engine } = engineService();
    const base = { offset: 0, limit: POOL, facets: false } as const;
    const words = [video.title, ...video.tags].join(' ');
    const [text, neighbours, fillers] = await Promise.all([
      engine.search({ ...base, q: words, filters: { excludeIds: [video.id] }, sort: 'relevance', matching: 'any' }, []),
      engine.search(
        {
          ...base,
          q: '',
          filters: {
            excludeIds: [video.id],
            anyOf: {
              categorySlug: video.categorySlug ?? undefined,
              tagSlugs: video.tagSlugs,
              creatorHandle: video.creatorHandle ?? undefined,
            },
          },
          sort: 'trending',
          matching: 'any',
        },
        [],
      ),
      engine.search(
        {
          ...base,
          limit: SEARCH_LIMITS.related * 2,
          q: '',
          filters: { excludeIds: [video.id] },
          sort: 'trending',
          matching: 'any',
        },
        [],
      ),
    ]);
    const documentsOf = (result: typeof text) => result.hits.map((hit) => hit.document);
    return rankRelated(video, documentsOf(text), documentsOf(neighbours), documentsOf(fillers), SEARCH_LIMITS.related);
  }

  async function fromDatabase(video: SearchDocument): Promise<SearchDocument[]> {
    const or: Record<string, unknown>[] = [];
    if (video.creatorHandle) or.push({ creator: { handle: { $eq: video.creatorHandle } } });
    if (video.categorySlug) or.push({ category: { slug: { $eq: video.categorySlug } } });
    if (video.tagSlugs.length > 0) or.push({ tags: { slug: { $in: video.tagSlugs } } });
    const filters = { documentId: { $ne: video.id }, ...(or.length > 0 ? { $or: or } : {}) };
    const [{ documents: neighbours }, { documents: fillers }] = await Promise.all([
      documents().query(filters, ['viewCount:desc'], 0, POOL),
      documents().query({ documentId: { $ne: video.id } }, ['viewCount:desc'], 0, SEARCH_LIMITS.related * 2),
    ]);
    return rankRelated(video, [], neighbours, fillers, SEARCH_LIMITS.related);
  }

  return {
    /** Up to SEARCH_LIMITS.related cards; undefined when the video is not published. */
    async forVideo(documentId: string): Promise<SearchVideoCard[] | undefined> {
      const video = await documents().describe(documentId);
      if (!video) return undefined;
      const service = engineService();
      if (service.ready) {
        try {
          return (await fromEngine(video)).map((document) => document.card);
        } catch (error) {
          service.markFailed(error);
          strapi.log.error(
            `[discovery] related videos from the engine failed, using the database: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      return (await fromDatabase(video)).map((document) => document.card);
    },
  };
};

export default relatedService;
