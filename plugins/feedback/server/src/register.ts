import type { Core } from '@strapi/strapi';

/** Feedback is reached through the plugin's routes only, not GraphQL's generated CRUD. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    extension.shadowCRUD('plugin::feedback.feedback').disable();
  }
};
