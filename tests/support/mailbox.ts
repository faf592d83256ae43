/**
 * The mail catcher's messages over HTTP: the catcher runs in Playwright's global setup, specs run in worker
 * processes, so they ask this loopback endpoint (its URL is E2E_MAIL_URL) instead of sharing the object.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaughtMail, MailCatcher } from './mail-catcher';

export type Mailbox = { url: string; stop: () => Promise<void> };

/** GET /messages?to=ADDRESS[&subject=REGEX][&timeoutMs=N]: the first such mail (waiting for it), or 404 with what arrived. */
export async function serveMailbox(catcher: MailCatcher): Promise<Mailbox> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mailbox');
    const to = url.searchParams.get('to');
    if (req.method !== 'GET' || url.pathname !== '/messages' || !to) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'GET /messages?to=ADDRESS' }));
      return;
    }
    const subject = url.searchParams.get('subject');
    const timeoutMs = Math.min(Number(url.searchParams.get('timeoutMs')) || 15_000, 60_000);
    catcher.waitFor(to, subject ? new RegExp(subject, 'i') : undefined, timeoutMs).then(
      (mail) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(mail)),
      (error: Error) =>
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** In a spec: the first mail to `to` whose subject matches, as the global setup's catcher received it. */
export async function waitForMail(to: string, subject?: RegExp, timeoutMs = 15_000): Promise<CaughtMail> {
  const base = process.env.E2E_MAIL_URL;
  if (!base) throw new Error('E2E_MAIL_URL is not set: run the specs through tests/e2e/playwright.config.ts');
  const query = new URLSearchParams({ to, timeoutMs: String(timeoutMs) });
  if (subject) query.set('subject', subject.source);
  const response = await fetch(`${base}/messages?${query}`, { signal: AbortSignal.timeout(timeoutMs + 5000) });
  const body = (await response.json()) as CaughtMail | { error: string };
  if (!response.ok) throw new Error((body as { error: string }).error);
  return body as CaughtMail;
}
