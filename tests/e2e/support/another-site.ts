import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A page of another origin, served from loopback under the name localhost: it stands in for a site that frames
 * the embed or posts a form to ours. (Chromium keeps public pages such as about:blank from framing or posting to
 * loopback addresses, and the site's and the CMS's own pages forbid that through their CSP.)
 */
export async function serveAnotherSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Another site</title>${html}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
