import type { Core } from '@strapi/strapi';
import { TABLES } from './services/aggregates';

/** The analytics tables are read through the admin routes only: no GraphQL CRUD is generated for them. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    for (const uid of [...Object.values(TABLES), 'plugin::analytics.salt']) extension.shadowCRUD(uid).disable();
  }
};
