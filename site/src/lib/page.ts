// How a page turns its data loading into either content or a friendly failure with the right status
// and cache headers. Stack traces go to the log, never to the viewer.

import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './cms/errors';
import { log } from './log';
import { SessionUnavailableError } from './session/errors';

export const CACHE_CATALOG = 'public, max-age=30, stale-while-revalidate=60';
export const CACHE_NONE = 'no-store';

export interface PageFailure {
  status: 400 | 403 | 404 | 429 | 500 | 502 | 503;
  title: string;
  message: string;
  /** Whether trying again later may help (shows a "Try again" link). */
  retry: boolean;
}

export const FAILURES = {
  badRequest: {
    status: 400,
    title: 'That address doesn’t look right',
    message: 'Part of the link is not in a form we understand. Check the address, or start again from the home page.',
    retry: false,
  },
  notFound: {
    status: 404,
    title: 'We couldn’t find that page',
    message: 'The video, creator or page you are looking for may have been moved, made private or removed.',
    retry: false,
  },
  unavailable: {
    status: 503,
    title: 'Framecast is taking a short break',
    message: 'We can’t reach our video library right now. This is usually brief, so please try again in a moment.',
    retry: true,
  },
  badGateway: {
    status: 502,
    title: 'Something went wrong on our side',
    message: 'Our video library answered in a way we didn’t expect. The team has been told; please try again later.',
    retry: true,
  },
  badSearch: {
    status: 400,
    title: 'We couldn’t run that search',
    message:
      'Something in the search or its filters is not in a form we understand. Try different words, or remove a filter.',
    retry: false,
  },
  tooManySearches: {
    status: 429,
    title: 'That was a lot of searches',
    message: 'Please wait a few seconds, then try your search again.',
    retry: true,
  },
  formExpired: {
    status: 403,
    title: 'This form has expired',
    message:
      'We couldn’t verify that this form came from this site, so nothing was sent. This happens when a page stays open for a long time, or after signing in or out in another tab. Open the page again and resend the form.',
    retry: true,
  },
  internal: {
    status: 500,
    title: 'Something went wrong',
    message: 'An unexpected error stopped this page from loading. Please try again in a moment.',
    retry: true,
  },
} as const satisfies Record<string, PageFailure>;

/** Search and browse pages: a query the CMS refuses is the viewer's to fix, not a failure of ours. */
export function searchFailureFor(error: unknown): PageFailure {
  if (error instanceof CmsRequestError && error.status === 400) return FAILURES.badSearch;
  if (error instanceof CmsRequestError && error.status === 429) return FAILURES.tooManySearches;
  return failureFor(error);
}

export function failureFor(error: unknown): PageFailure {
  if (error instanceof CmsNotFoundError) return FAILURES.notFound;
  if (error instanceof CmsUnavailableError || error instanceof SessionUnavailableError) return FAILURES.unavailable;
  if (error instanceof CmsRequestError) return FAILURES.badGateway;
  return FAILURES.internal;
}

/** The slice of Astro's global this module needs (keeps it testable without Astro). */
export interface PageContext {
  response: { status?: number; readonly headers: Headers };
  url: URL;
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; failure: PageFailure };

/** Marks the response as a failure page: status, no-store, Retry-After when waiting helps. */
export function fail<T = never>(page: PageContext, failure: PageFailure): Loaded<T> {
  page.response.status = failure.status;
  page.response.headers.set('Cache-Control', CACHE_NONE);
  if (failure.status === 503) page.response.headers.set('Retry-After', '30');
  if (failure.status === 429) page.response.headers.set('Retry-After', '10');
  return { ok: false, failure };
}

/** Runs the page's data loading; on success marks the page cacheable, on failure picks status and message. */
export async function loadPage<T>(
  page: PageContext,
  load: () => Promise<T>,
  classify: (error: unknown) => PageFailure = failureFor,
): Promise<Loaded<T>> {
  try {
    const data = await load();
    page.response.headers.set('Cache-Control', CACHE_CATALOG);
    return { ok: true, data };
  } catch (error) {
    const failure = classify(error);
    const fields = {
      path: page.url.pathname,
      status: failure.status,
      error: error instanceof Error ? error.message : String(error),
    };
    if (failure.status === 404) log.debug('page not found', fields);
    else if (failure.status === 400 || failure.status === 429) log.info('page refused', fields);
    else if (failure.status === 500)
      log.error('page failed', { ...fields, stack: error instanceof Error ? error.stack : undefined });
    else log.warn('page degraded', fields);
    return fail<T>(page, failure);
  }
}
