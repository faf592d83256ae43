import type { Core } from '@strapi/strapi';
import { getService } from './utils';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const indexer = getService(strapi, 'indexer');
  indexer.stop();
  await getService(strapi, 'engine').stop();
};
