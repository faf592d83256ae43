import type { Core } from '@strapi/strapi';

/** Nothing to start yet: the rollup job (BullMQ with REDIS_URL, else a timer) and retention come next (issue 12). */
export default (_: { strapi: Core.Strapi }) => {};
