/** Once per jest project: compile the CMS, and find (or start) the PostgreSQL server for this run. */
import path from 'node:path';
import { resolvePostgres } from './postgres-server';

const cmsDir = path.resolve(__dirname, '..', '..', '..', 'cms');
let compiled = false;

export default async function globalSetup(): Promise<void> {
  process.env.FRAMECAST_TEST_RUN_ID ??= `${Date.now().toString(36)}${process.pid}`;
  if (!compiled) {
    // TypeScript config files are skipped unless the app is compiled first (strapi#20935)
    const { compileStrapi } = require(require.resolve('@strapi/strapi', { paths: [cmsDir] }));
    await compileStrapi({ appDir: cmsDir, ignoreDiagnostics: true });
    compiled = true;
  }
  if (!process.env.FRAMECAST_TEST_PG_SERVER) {
    const server = await resolvePostgres();
    process.env.FRAMECAST_TEST_PG_SERVER = server.url;
    process.env.FRAMECAST_TEST_PG_SOURCE = server.source;
    if (server.stop) (globalThis as { __stopPostgres?: () => void }).__stopPostgres = server.stop;
  }
}
