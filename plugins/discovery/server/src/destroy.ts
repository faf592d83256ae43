import type { Core } from '@strapi/strapi';
import type { EngineService } from './services/engine';
import type { IndexerService } from './services/indexer';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const indexer = strapi.plugin('discovery').service('indexer') as IndexerService;
  indexer.stop();
  await (strapi.plugin('discovery').service('engine') as EngineService).stop();
};
