// What every account page does the same way: never cached, refused forms shown with the right status, and the
// signed-out viewer sent to sign in (told when their session has just ended).

import type { FormOutcome } from './refusals';
import { CACHE_NONE, type PageContext } from '../page';
import { localRedirect, signInHref } from '../return-path';
import type { AstroSession } from 'astro';
import type { Viewer } from '../session/viewer-session';

/** Account pages show or take personal data: no cache may keep them. */
export function privatePage(page: PageContext): void {
  page.response.headers.set('Cache-Control', CACHE_NONE);
}

/** A form shown again after a refused POST: its status, and Retry-After when waiting is the answer. */
export function showOutcome(page: PageContext, outcome: FormOutcome): void {
  page.response.status = outcome.status;
  privatePage(page);
  const wait = outcome.problem?.retryAfterSeconds ?? (outcome.status === 503 ? 30 : undefined);
  if (wait) page.response.headers.set('Retry-After', String(wait));
}

/** The posted form, or an empty one when the body is not a form (its checks then fail like an empty form's). */
export async function postedForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

interface GuardContext extends PageContext {
  locals: App.Locals;
}

/** The signed-in viewer, or the redirect to the sign-in page that brings them back here. */
export function requireViewer(page: GuardContext): { viewer: Viewer } | { redirect: Response } {
  const viewer = page.locals.viewer;
  if (viewer) return { viewer };
  const back = `${page.url.pathname}${page.url.search}`;
  return { redirect: localRedirect(signInHref(back, page.locals.sessionEnded ? 'expired' : undefined)) };
}

export interface AccountPage {
  viewer: Viewer;
  session: AstroSession;
  /** The way out when the session ends mid-request (SignedOutError): sign in again, then come back to `back`. */
  signedOut: () => Response;
}

/**
 * How every signed-in account page opens: never cached, then the signed-in viewer with their session, or the
 * redirect to sign in. `back` is where signing in again brings the viewer when their session ends on this page.
 */
export function openAccountPage(
  page: GuardContext & { session?: AstroSession | undefined },
  back: string,
): AccountPage | { redirect: Response } {
  privatePage(page);
  const guard = requireViewer(page);
  if ('redirect' in guard) return guard;
  return { viewer: guard.viewer, session: page.session!, signedOut: () => localRedirect(signInHref(back, 'expired')) };
}
