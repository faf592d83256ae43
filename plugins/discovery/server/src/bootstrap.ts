import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/**
 * Brings the engine up without holding the boot: the embedded engine is rebuilt from the database, and an
 * empty Meilisearch index is filled. Until then (or while Meilisearch is unreachable) search answers from
 * the database.
 */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  if (!getService(strapi, 'engine').config.viewSigningSecret)
    strapi.log.warn(
      '[discovery] VIEW_SIGNING_SECRET is not set: view beacons are refused (503) and no view is counted',
    );
  const engineService = getService(strapi, 'engine');
  const indexer = getService(strapi, 'indexer');
  await engineService.start(async () => {
    const { engine } = engineService;
    if (engine.name === 'embedded' || (await engine.count()) === 0) {
      const report = await indexer.reindex();
      strapi.log.info(
        `[discovery] ${engine.name} index built: ${report.indexed} videos in ${report.seconds.toFixed(2)} s`,
      );
    }
  });
};
