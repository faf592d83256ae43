// Runs s3rver for tests/integration/setup/s3-server.ts in its own Node process, started with
// --openssl-legacy-provider: s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 disables by default.
// Arguments: <directory>. Messages to the parent: { port } once listening, then { request: { method, url, headers } } per request.
'use strict';
const S3rver = require('s3rver');

async function main() {
  const [directory] = process.argv.slice(2);
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  server.httpServer.on('request', (request) =>
    process.send({ request: { method: request.method, url: request.url, headers: request.headers } }),
  );
  process.send({ port });
  // The parent going away (or closing the channel) ends this process.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
