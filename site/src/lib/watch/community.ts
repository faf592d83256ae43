// Everything the watch page's community parts need, loaded in parallel as the viewer (or as nobody). Each part
// degrades on its own: a CMS without the community plugin still serves the video.

import type { AstroSession } from 'astro';
import {
  collectionsContaining,
  followState,
  listComments,
  listRatings,
  watchProgress,
  type CommentPage,
  type FollowState,
  type LibraryContainingEntry,
  type RatingPage,
  type WatchProgress,
} from '../cms';
import { log } from '../log';
import { SignedOutError, withViewerAccess, type Viewer } from '../session/viewer-session';

export interface WatchCommunity {
  follow: FollowState | null;
  comments: CommentPage | null;
  ratings: RatingPage | null;
  /** signed in only */
  collections: LibraryContainingEntry[] | null;
  progress: WatchProgress | null;
}

async function part<T>(what: string, load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof SignedOutError))
      log.warn(`${what} unavailable`, { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** Runs `call` as the viewer when signed in, as nobody otherwise. */
export function asViewer<T>(
  session: AstroSession | undefined,
  viewer: Viewer | undefined,
  call: (bearer: string | undefined) => Promise<T>,
): Promise<T> {
  return viewer && session ? withViewerAccess(session, ({ jwt }) => call(jwt)) : call(undefined);
}

export async function loadFollow(
  session: AstroSession | undefined,
  viewer: Viewer | undefined,
  handle: string | undefined,
): Promise<FollowState | null> {
  return handle ? part('follow state', () => asViewer(session, viewer, (bearer) => followState(handle, bearer))) : null;
}

export async function loadWatchCommunity(
  session: AstroSession | undefined,
  viewer: Viewer | undefined,
  video: string,
  handle: string | undefined,
  pages: { comments: number; reviews: number },
): Promise<WatchCommunity> {
  const signedIn = Boolean(viewer && session);
  // one refresh at a time: the first call renews a token about to expire, the rest reuse it (refreshOnce)
  const [follow, comments, ratings, collections, progress] = await Promise.all([
    loadFollow(session, viewer, handle),
    part('comments', () => asViewer(session, viewer, (bearer) => listComments(video, pages.comments, bearer))),
    part('ratings', () => asViewer(session, viewer, (bearer) => listRatings(video, pages.reviews, bearer))),
    signedIn
      ? part('collections', () => asViewer(session, viewer, (bearer) => collectionsContaining(video, bearer ?? '')))
      : Promise.resolve(null),
    signedIn
      ? part('watch progress', () => asViewer(session, viewer, (bearer) => watchProgress(video, bearer ?? '')))
      : Promise.resolve(null),
  ]);
  return { follow, comments, ratings, collections, progress };
}

/** A positive page number from the query, 1 otherwise. */
export function pageParam(raw: string | null): number {
  const page = Number(raw);
  return Number.isSafeInteger(page) && page > 0 && page < 10_000 ? page : 1;
}
