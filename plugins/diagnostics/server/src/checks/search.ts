/** The search engine: it answers now, and holds as many documents as the database has indexable videos. */
import { searchEngine } from '../utils';
import type { Check } from './types';

const search: Check = {
  name: 'search',
  verifies: 'the search engine answers and its document count agrees with the database',
  readiness: true,
  async run(strapi) {
    const engine = searchEngine(strapi);
    if (!engine) return { status: 'skip', detail: 'the discovery plugin is not enabled' };
    const found = await engine.check();
    if (!found.answering)
      return {
        status: 'fail',
        detail: `${found.engine}: ${found.error} (searches fall back to the database meanwhile)`,
        fix: 'Start Meilisearch, or point MEILI_HOST (and MEILI_MASTER_KEY) at it; unset MEILI_HOST for the embedded engine.',
      };
    if (found.indexed !== found.indexable)
      return {
        status: 'fail',
        detail: `${found.engine}: ${found.indexed} documents in the index, ${found.indexable} videos in the database`,
        fix: 'Rebuild the index with `npm run reindex` (safe while the site serves).',
      };
    return { status: 'ok', detail: `${found.engine}: answers; ${found.indexed} documents, as in the database` };
  },
};

export default search;
