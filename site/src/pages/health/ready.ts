import type { APIRoute } from 'astro';
import { checkCmsReadiness } from '../../lib/cms';

// Readiness: the site can serve only what the CMS can answer, so it is ready when the CMS says it is (its database,
// storage, queue and search usable). 503 with the reason otherwise; never cached.
export const GET: APIRoute = async () => {
  const cms = await checkCmsReadiness();
  return Response.json(
    { status: cms === 'ready' ? 'ready' : 'not-ready', cms },
    { status: cms === 'ready' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
};
