import type { Core } from '@strapi/strapi';
import { graphqlValidationRules } from '../src/public-access/graphql-limits';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const production = env('NODE_ENV') === 'production';
  // landing page (playground) and introspection are development aids, off in production
  return {
    'users-permissions': {
      config: {
        jwtSecret: env('JWT_SECRET'),
      },
    },
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        landingPage: !production,
        depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 7),
        defaultLimit: 24,
        maxLimit: env.int('GRAPHQL_AMOUNT_LIMIT', 100),
        apolloServer: {
          introspection: !production,
          validationRules: graphqlValidationRules({
            maxDepth: env.int('GRAPHQL_DEPTH_LIMIT', 7),
            maxFields: env.int('GRAPHQL_MAX_COST', 500),
          }),
        },
      },
    },
    diagnostics: {
      enabled: true,
      resolve: '../plugins/diagnostics',
    },
  };
};
