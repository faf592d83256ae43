/** A deleted video takes its invitations with it; invitations are not a GraphQL type. */
import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const VIDEO = 'api::video.video';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    extension.shadowCRUD('plugin::collaboration.invitation').disable();
  }

  strapi.documents.use(async (context, next) => {
    const result = await next();
    const documentId = (context.params as { documentId?: string }).documentId;
    if (context.uid === VIDEO && context.action === 'delete' && documentId)
      await getService(strapi, 'invitations').forgetVideo(documentId);
    return result;
  });
};
