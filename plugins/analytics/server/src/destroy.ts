import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Forgets the viewer-key salt (it must not outlive the process); later also stops the rollup job. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'salts').forget();
};
