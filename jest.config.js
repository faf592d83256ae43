// One jest run: unit tests beside the code, the API suites on SQLite and on PostgreSQL, and repo checks.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] };
const api = (database) => ({
  displayName: `api:${database}`,
  transform,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/api/**/*.test.ts', '<rootDir>/tests/security/**/*.test.ts'],
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
