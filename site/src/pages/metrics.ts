import type { APIRoute } from 'astro';
import { metricsAccess } from '@framecast/contracts';
import { getConfig } from '../lib/config';
import { siteMetrics } from '../lib/metrics';

// Prometheus scrapes the site here, under the rule the CMS's and the worker's /metrics follow: METRICS_TOKEN as a
// bearer token, else this machine only and never in production. "This machine" is the socket's address: Astro takes
// the client address from X-Forwarded-For when it trusts the host, so a request that carries one is never loopback.
export const GET: APIRoute = async ({ request, clientAddress }) => {
  const { metricsToken, production } = getConfig();
  const access = metricsAccess({
    token: metricsToken,
    production,
    authorization: request.headers.get('authorization') ?? undefined,
    remoteAddress: request.headers.has('x-forwarded-for') ? undefined : clientAddress,
  });
  if (!access.allowed)
    return Response.json(
      { error: { status: access.status, message: access.message } },
      { status: access.status, headers: { 'Cache-Control': 'no-store' } },
    );
  const { contentType, body } = await siteMetrics.exposition();
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
};
