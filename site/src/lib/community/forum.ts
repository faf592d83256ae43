// What the forum pages load, as the viewer (their personal state: what they may do, their subscriptions, their held
// posts) or as nobody. Failures are the pages' to show (loadPage): a board or topic that is not there is a 404.

import type { AstroSession } from 'astro';
import { getTopic, listBoards, listTopics, type BoardView, type TopicListPage, type TopicPage } from '../cms';
import { asViewer } from '../watch/community';
import type { Viewer } from '../session/viewer-session';

type Who = { session: AstroSession | undefined; viewer: Viewer | undefined };

export const loadBoards = ({ session, viewer }: Who): Promise<BoardView[]> =>
  asViewer(session, viewer, (bearer) => listBoards(bearer));

export const loadBoard = ({ session, viewer }: Who, board: string, page: number): Promise<TopicListPage> =>
  asViewer(session, viewer, (bearer) => listTopics(board, page, bearer));

export const loadTopic = ({ session, viewer }: Who, id: number, page: number): Promise<TopicPage> =>
  asViewer(session, viewer, (bearer) => getTopic(id, page, bearer));

/** Where a board lives on the site: a category's page, or the creator's Community tab. */
export function boardPath(board: Pick<BoardView, 'key' | 'kind'>): string {
  return board.kind === 'creator'
    ? `/creators/${encodeURIComponent(board.key.slice(1))}/community`
    : `/community/${encodeURIComponent(board.key)}`;
}

/** A category board in a URL: lower-case words joined by hyphens. */
export const isBoardSlug = (value: string | undefined): value is string =>
  typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,39}$/.test(value);
