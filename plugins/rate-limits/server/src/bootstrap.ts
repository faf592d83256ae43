import type { Core } from '@strapi/strapi';
import { getService } from './utils';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'limiter').start();
};
