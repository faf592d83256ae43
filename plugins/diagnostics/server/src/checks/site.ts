/**
 * The site: it answers at SITE_URL, says it is ready (its /health/ready asks the CMS's readiness, so the site reaches
 * the CMS) and renders the home page (200, HTML with the layout's main landmark). Outside production a site that is not
 * running is skipped (the CMS may be started alone); in production it fails.
 */
import { getSettings } from '../utils';
import type { Check } from './types';

const TIMEOUT_MS = 10_000;
const USER_AGENT = 'Framecast-Diagnostics/1 (site)';
/** The main landmark of the site's layout (site/src/layouts/Base.astro). */
const MAIN_LANDMARK = /<main\b[^>]*\bid="main"/;

/** Why a request got no answer at all, in a few words (connection refused, a timeout, an unknown host). */
function noAnswer(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function timed(url: string) {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': USER_AGENT } });
  const body = await response.text();
  return { response, body, ms: Math.round(performance.now() - started) };
}

const site: Check = {
  name: 'site',
  verifies: 'the site answers at SITE_URL, reaches the CMS (its readiness) and renders the home page',
  readiness: false,
  async run(strapi) {
    const { siteUrl, production } = getSettings(strapi);
    if (!siteUrl)
      return {
        status: 'skip',
        detail:
          'SITE_URL is not set: set it to where viewers reach the site (`npm start` serves it at http://localhost:4321)',
      };
    let ready: Awaited<ReturnType<typeof timed>>;
    try {
      ready = await timed(`${siteUrl}/health/ready`);
    } catch (error) {
      if (!production)
        return {
          status: 'skip',
          detail: `no site answers at ${siteUrl} (${noAnswer(error)}): start it with \`npm start\``,
        };
      return {
        status: 'fail',
        detail: `no site answers at ${siteUrl}: ${noAnswer(error)}`,
        fix: 'Start the site (`node site/dist/server/entry.mjs`, or its container) and check that SITE_URL is the address viewers use, reachable from this host.',
      };
    }
    if (ready.response.status !== 200) {
      let cms: unknown;
      try {
        cms = (JSON.parse(ready.body) as { cms?: unknown }).cms;
      } catch {
        cms = undefined;
      }
      const answered = `${siteUrl}/health/ready answered ${ready.response.status}`;
      if (cms === 'unreachable')
        return {
          status: 'fail',
          detail: `${answered}: the site cannot reach the CMS`,
          fix: "Set the site's CMS_URL to an address of the CMS its host can reach (and CMS_TIMEOUT_MS if the CMS is slow to answer).",
        };
      if (cms === 'not-ready')
        return {
          status: 'fail',
          detail: `${answered}: the site reaches the CMS, but the CMS is not ready`,
          fix: 'The readiness checks (database, storage, queue, search) say which part of the CMS is down.',
        };
      return {
        status: 'fail',
        detail: answered,
        fix: 'Something other than the site answers at SITE_URL: check SITE_URL and the proxy in front of the site.',
      };
    }
    let home: Awaited<ReturnType<typeof timed>>;
    try {
      home = await timed(`${siteUrl}/`);
    } catch (error) {
      return {
        status: 'fail',
        detail: `the site is ready, but its home page did not answer: ${noAnswer(error)}`,
        fix: "The site's log names what the page waited for (the CMS call, with its request id).",
      };
    }
    if (home.response.status !== 200)
      return {
        status: 'fail',
        detail: `the home page ${siteUrl}/ answered ${home.response.status}`,
        fix: "The site's log names the page's error (the CMS call that failed, with its request id).",
      };
    if (!/^text\/html/i.test(home.response.headers.get('content-type') ?? '') || !MAIN_LANDMARK.test(home.body))
      return {
        status: 'fail',
        detail: `the home page ${siteUrl}/ is not the site's page (no <main id="main">)`,
        fix: 'Something other than the site answers at SITE_URL: check SITE_URL and the proxy in front of the site.',
      };
    return {
      status: 'ok',
      detail: `${siteUrl}: ready, the CMS reached (${ready.ms} ms); the home page rendered (${home.ms} ms, ${Math.round(home.body.length / 1024)} KiB)`,
    };
  },
};

export default site;
