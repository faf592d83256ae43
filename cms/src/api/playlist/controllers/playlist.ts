import { factories } from '@strapi/strapi';
import { publicOutputSanitizer } from '../../../public-reads';

const UID = 'api::playlist.playlist';

export default factories.createCoreController(UID, ({ strapi }) => ({
  // public reads go through a compiled plan (src/public-reads): the generic sanitizer's answer, cheaper
  sanitizeOutput: publicOutputSanitizer(strapi, UID),
}));
