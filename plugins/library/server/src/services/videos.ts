/**
 * Which videos a library may show, and their cards. A collection or history list shows the videos the public
 * catalog lists (published, public, approved: the rule of cms/src/public-access and the search index); a resume
 * point is also kept for an unlisted video, whose watch page anyone with the link can open.
 */
import type { Core } from '@strapi/strapi';
import type { SearchVideoCard } from '@framecast/contracts';
import { LISTED_VIDEO_WHERE, WATCHABLE_VIDEO_WHERE, discoveryService } from '@framecast/contracts';

const VIDEO = 'api::video.video';
const BATCH = 500;

export const LISTED_VIDEO = LISTED_VIDEO_WHERE;
const WATCHABLE_VIDEO = WATCHABLE_VIDEO_WHERE;

export type VideosService = ReturnType<typeof videosService>;

const videosService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Cards come from discovery, as search shows them (the library may call discovery: plugins/README.md). */
  const discoveryDocuments = () => {
    const documents = discoveryService(strapi, 'documents');
    if (!documents)
      throw new Error('The library shows video cards through the discovery plugin: enable it in cms/config/plugins.ts');
    return documents;
  };

  async function matching(documentIds: string[], rule: Record<string, unknown>): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(documentIds)];
    for (let start = 0; start < unique.length; start += BATCH) {
      const rows = (await strapi.db.query(VIDEO).findMany({
        where: { documentId: { $in: unique.slice(start, start + BATCH) }, ...rule },
        select: ['documentId'],
      })) as Array<{ documentId: string }>;
      for (const row of rows) found.add(row.documentId);
    }
    return found;
  }

  return {
    /** The ones among `documentIds` that a library lists. */
    listed(documentIds: string[]): Promise<Set<string>> {
      return matching(documentIds, LISTED_VIDEO);
    },

    async isListed(documentId: string): Promise<boolean> {
      return (await matching([documentId], LISTED_VIDEO)).has(documentId);
    },

    /** Published and approved, public or unlisted: a watch page exists, so a resume point may be kept. */
    async isWatchable(documentId: string): Promise<boolean> {
      return (await matching([documentId], WATCHABLE_VIDEO)).has(documentId);
    },

    /** Cards of the listed videos among `documentIds`, in that order; `absent` the others. */
    async cards(documentIds: string[]): Promise<{ cards: SearchVideoCard[]; absent: string[] }> {
      if (documentIds.length === 0) return { cards: [], absent: [] };
      const { documents } = await discoveryDocuments().build([...new Set(documentIds)]);
      const byId = new Map(documents.map((document) => [document.id, document.card]));
      const cards: SearchVideoCard[] = [];
      const absent: string[] = [];
      for (const id of documentIds) {
        const card = byId.get(id);
        if (card) cards.push(card);
        else absent.push(id);
      }
      return { cards, absent };
    },
  };
};

export default videosService;
