// One jest run: unit tests beside the code, the API suites on SQLite and on PostgreSQL, and repo checks.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] };
// Suites about an engine beside the database (a BullMQ worker, an S3 bucket): what they write to the database is the
// same queries the in-process and local-storage suites make on both databases, so they run once, on PostgreSQL (as in
// production), not twice for nothing.
const ENGINE_SUITES = [
  'transcoding-bullmq',
  'transcoding-split',
  'publishing-bullmq',
  'transcoding-s3',
  's3-media',
  'backups-s3',
];
const api = (database) => ({
  displayName: `api:${database}`,
  transform,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/api/**/*.test.ts', '<rootDir>/tests/security/**/*.test.ts'],
  testPathIgnorePatterns:
    database === 'sqlite'
      ? ['/node_modules/', ...ENGINE_SUITES.map((name) => `/tests/integration/api/${name}\\.test\\.ts$`)]
      : ['/node_modules/'],
  globalSetup: '<rootDir>/tests/integration/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/integration/setup/global-teardown.ts',
  setupFiles: [`<rootDir>/tests/integration/setup/database-${database}.ts`],
  slowTestThreshold: 30,
});

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{cms/src,plugins,contracts/src,site/src}/**/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    { displayName: 'repo', transform, testEnvironment: 'node', testMatch: ['<rootDir>/tests/integration/*.test.ts'] },
    api('sqlite'),
    api('postgres'),
  ],
  // a safety net for hangs, not a speed bar: booting a real Strapi took over 60 s on a loaded 2-core machine
  testTimeout: 180_000,
};
