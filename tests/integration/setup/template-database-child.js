// Makes the template database for tests/integration/setup/strapi.ts in a Node process of its own: boots the compiled CMS
// on the empty database the environment names (FRAMECAST_TEST_DATABASE_URL or _FILENAME), waits for the writes its
// bootstraps set off, and stops it. Its own process, not the test file's: Strapi's plugins keep module-level state
// (users-permissions' route list, which the accounts plugin guards at register), so a second boot in the same jest
// module registry would guard those routes twice.
'use strict';
const path = require('node:path');

async function main() {
  const cmsDir = path.resolve(__dirname, '..', '..', '..', 'cms');
  const { createStrapi } = require(require.resolve('@strapi/strapi', { paths: [cmsDir] }));
  const strapi = createStrapi({
    appDir: cmsDir,
    distDir: path.join(cmsDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  strapi.log.level = 'error';
  await strapi.load();
  const pool = strapi.db.connection.client.pool;
  if (pool) {
    let quiet = 0;
    while (quiet < 3) {
      quiet = pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() === 0 ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  // closing the last connection folds SQLite's write-ahead log into the file, which is then whole
  await strapi.destroy();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
