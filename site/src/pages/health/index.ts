import type { APIRoute } from 'astro';
import { checkCmsHealth } from '../../lib/cms';

// Liveness plus the one dependency that matters: 200 when the CMS answers, 503 when it does not.
export const GET: APIRoute = async () => {
  const cms = await checkCmsHealth();
  return Response.json(
    { status: cms.reachable ? 'ok' : 'unavailable', cms },
    { status: cms.reachable ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
};
