// A real HTTP server standing in for the CMS in the site's lib tests: it records every request and answers with
// whatever the test's handler says. `useFakeCms()` starts one for a test file and points the CMS client at it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetCmsClientForTests } from '../../cms';
import { resetConfigForTests } from '../../config';

export interface CmsRequest {
  method: string;
  /** the request target as sent: path and query string */
  path: string;
  /** the same, percent-decoded (Strapi's bracket filters read better) */
  url: string;
  pathname: string;
  headers: http.IncomingHttpHeaders;
  contentType: string | undefined;
  /** the body as latin1 text, so multipart bytes survive; '' without a body */
  raw: string;
  /** the body parsed as JSON; undefined when there is none or it is not JSON */
  body: unknown;
}

export type CmsHandler = (request: CmsRequest, res: http.ServerResponse) => void;

export const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function parsed(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export class FakeCms {
  readonly seen: CmsRequest[] = [];
  /** the decoded request targets, in order (the same requests as `seen`) */
  readonly paths: string[] = [];
  handler: CmsHandler = (_request, res) => json(res, 404, {});
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const request: CmsRequest = {
        method: req.method ?? 'GET',
        path,
        url: decodeURIComponent(path),
        pathname: new URL(path, 'http://cms').pathname,
        headers: req.headers,
        contentType: req.headers['content-type'],
        raw: bytes.toString('latin1'),
        body: parsed(bytes),
      };
      this.seen.push(request);
      this.paths.push(request.url);
      this.handler(request, res);
    });
  });

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers after `ms` (a slow CMS); what is still pending is dropped after each test so jest can exit. */
  later(ms: number, send: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, ms);
    this.timers.add(timer);
  }

  forget(): void {
    this.seen.length = 0;
    this.paths.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Starts a fake CMS for this test file. Before each test the client points at it with `settings` (undefined deletes
 * a variable), fresh settings and an empty cache; after each test those variables are gone again.
 */
export function useFakeCms(settings: Record<string, string | undefined> = {}): FakeCms {
  const cms = new FakeCms();
  const keys = ['CMS_URL', ...Object.keys(settings)];
  beforeAll(() => cms.start());
  afterAll(() => cms.stop());
  beforeEach(() => {
    process.env.CMS_URL = cms.origin;
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    cms.forget();
    resetConfigForTests();
    resetCmsClientForTests();
  });
  afterEach(() => {
    cms.forget();
    for (const key of keys) delete process.env[key];
    resetConfigForTests();
    resetCmsClientForTests();
  });
  return cms;
}
