/**
 * Requests to this CMS's own HTTP server, for the checks that go the way the site and a player do (a viewer signing
 * up, a video's playlist through the media gateway): to its port through loopback when it listens (the admin's
 * Diagnostics page, in the serving CMS), else through a short-lived server on a loopback port that serves the same Koa
 * app (`npm run diagnose`'s CMS does not listen). Never through PUBLIC_URL: a CMS need not reach its public address.
 * Every request closes its connection and never follows a redirect.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

export interface CmsResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** The body as JSON, or null when it is not. */
  json<T = Record<string, unknown>>(): T | null;
  ms: number;
}

export interface CmsHttp {
  /** Where the requests go, as the detail line names it. */
  via: string;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<CmsResponse>;
  close(): Promise<void>;
}

type Target = { host: string; port: number } | { socketPath: string };

/** A listening address as a client reaches it from this host: the unspecified address is reached on loopback. */
function reach(address: AddressInfo): { host: string; port: number } {
  if (address.address === '0.0.0.0') return { host: '127.0.0.1', port: address.port };
  if (address.address === '::') return { host: '::1', port: address.port };
  return { host: address.address, port: address.port };
}

function client(target: Target, via: string, userAgent: string, close: () => Promise<void>): CmsHttp {
  return {
    via,
    close,
    request(method, path, { body, headers = {} } = {}) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = performance.now();
      return new Promise<CmsResponse>((resolve, reject) => {
        const call = http.request(
          {
            ...target,
            method,
            path,
            agent: false,
            timeout: REQUEST_TIMEOUT_MS,
            headers: {
              'user-agent': userAgent,
              accept: 'application/json, */*',
              ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
              ...headers,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BYTES) {
                response.destroy(new Error(`${method} ${path} answered more than ${MAX_BYTES / 1024 / 1024} MB`));
                return;
              }
              chunks.push(chunk);
            });
            response.on('error', reject);
            response.on('end', () => {
              const data = Buffer.concat(chunks);
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: data,
                ms: Math.round(performance.now() - started),
                text: () => data.toString('utf8'),
                json: <T>() => {
                  try {
                    return JSON.parse(data.toString('utf8')) as T;
                  } catch {
                    return null;
                  }
                },
              });
            });
          },
        );
        call.on('timeout', () =>
          call.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
        );
        call.on('error', reject);
        call.end(payload);
      });
    },
  };
}

/** A client for this CMS (see above); `close()` it when done. Throws when the CMS's routes are not mounted. */
export async function openCmsHttp(strapi: Core.Strapi, { userAgent }: { userAgent: string }): Promise<CmsHttp> {
  const server = strapi.server.httpServer;
  const address = server.listening ? server.address() : null;
  if (typeof address === 'string')
    return client({ socketPath: address }, `its socket ${address}`, userAgent, async () => {});
  if (address) {
    const target = reach(address);
    return client(target, `its port, ${target.host}:${target.port}`, userAgent, async () => {});
  }
  // loaded without listening (the diagnose command): its routes must be mounted, as listening would do
  if (!strapi.server.listRoutes().some((layer) => String(layer.path).startsWith('/api/')))
    throw new Error('this CMS has no routes mounted, so nothing can be asked of it over HTTP');
  const temporary = http.createServer(strapi.server.app.callback());
  await new Promise<void>((resolve, reject) => {
    temporary.once('error', reject);
    temporary.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = temporary.address() as AddressInfo;
  return client({ host: '127.0.0.1', port }, `its app on 127.0.0.1:${port} (it does not listen)`, userAgent, () => {
    temporary.closeAllConnections();
    return new Promise<void>((resolve) => temporary.close(() => resolve()));
  });
}
