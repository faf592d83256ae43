import type { Core } from '@strapi/strapi';
import type { LimiterService } from './services/limiter';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  (strapi.plugin('rate-limits').service('limiter') as LimiterService).start();
};
