import type { Core } from '@strapi/strapi';

/** Nothing to hook yet: the ingest route and the rollup job come with the next steps of issue 12. */
export default (_: { strapi: Core.Strapi }) => {};
