/**
 * Who may read a `/metrics` endpoint (the CMS's, the worker's): one rule, so the processes cannot drift. With
 * METRICS_TOKEN set, whoever sends it as `Authorization: Bearer <token>`; without it, only a scraper on this machine
 * (the socket's own address, never X-Forwarded-For) and only outside production.
 */
import { timingSafeEqual } from 'node:crypto';

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const sameToken = (sent: string, expected: string) => {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function metricsAccess({
  token,
  production,
  authorization,
  remoteAddress,
}: {
  token: string | null;
  production: boolean;
  authorization: string | undefined;
  remoteAddress: string | undefined;
}): MetricsAccess {
  const sent = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (token) {
    if (sent && sameToken(sent, token)) return { allowed: true };
    return { allowed: false, status: 401, message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.' };
  }
  if (production)
    return { allowed: false, status: 403, message: 'Metrics are off in production until METRICS_TOKEN is set.' };
  if (LOOPBACK.test(remoteAddress ?? '')) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message: 'Metrics answer this machine only; set METRICS_TOKEN to scrape them from elsewhere.',
  };
}
