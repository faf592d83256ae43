import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const production = env('NODE_ENV') === 'production';
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
        amountLimit: env.int('GRAPHQL_AMOUNT_LIMIT', 100),
        maxQueryCost: env.int('GRAPHQL_MAX_COST', 5000),
        apolloServer: {
          introspection: !production,
        },
      },
    },
    diagnostics: {
      enabled: true,
      resolve: '../plugins/diagnostics',
    },
  };
};
