import type { Core } from '@strapi/strapi';

// Tests choose their database through FRAMECAST_TEST_DATABASE_* only, so a developer's .env never leaks in.
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const url = env('FRAMECAST_TEST_DATABASE_URL', '');
  if (url) {
    return {
      connection: {
        client: 'postgres',
        connection: { connectionString: url },
        pool: { min: 0, max: 10 }, // the production default: concurrent writes plus the events Strapi runs after each commit
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: env('FRAMECAST_TEST_DATABASE_FILENAME', '.tmp/test.db') },
      useNullAsDefault: true,
    },
  };
};
