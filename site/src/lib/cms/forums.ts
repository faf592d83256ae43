// The forum endpoints (plugins/community): boards (platform categories, creators' Community tabs), their topics, a
// topic's posts, and what viewers and a board's owner do there. A post's edit, deletion and report are the comment
// calls in community.ts, since posts are comments.

import type { BoardView, CommentView, TopicListPage, TopicPage, TopicView } from '@framecast/contracts';
import { resourceCall, type Bearer } from './client';

export { FORUM_CATEGORIES, TOPIC_TITLE_MAX_LENGTH } from '@framecast/contracts';
export type { BoardView, TopicListPage, TopicPage, TopicView } from '@framecast/contracts';

const enc = encodeURIComponent;
const pageQuery = (page: number) =>
  new URLSearchParams({ page: String(Math.max(1, Math.floor(page) || 1)) }).toString();

export async function listBoards(bearer: Bearer): Promise<BoardView[]> {
  const answer = await resourceCall<{ data?: BoardView[] }>('/community/boards', 'GET', bearer);
  return Array.isArray(answer.data) ? answer.data : [];
}

/** A board's topics, pinned first, then by latest post. `board` is a category's slug or `@handle`. */
export function listTopics(board: string, page: number, bearer: Bearer): Promise<TopicListPage> {
  return resourceCall(`/community/boards/${enc(board)}/topics`, 'GET', bearer, undefined, pageQuery(page));
}

/** A topic with its board and one page of its posts, oldest first. */
export function getTopic(id: number, page: number, bearer: Bearer): Promise<TopicPage> {
  return resourceCall(`/community/topics/${id}`, 'GET', bearer, undefined, pageQuery(page));
}

export async function startTopic(board: string, input: { title: string; body: string }, bearer: string) {
  return (await resourceCall<{ data: TopicView }>(`/community/boards/${enc(board)}/topics`, 'POST', bearer, input))
    .data;
}

export async function postInTopic(topic: number, input: { body: string; replyTo?: number }, bearer: string) {
  return (await resourceCall<{ data: CommentView }>(`/community/topics/${topic}/posts`, 'POST', bearer, input)).data;
}

/** The board's owner pins or locks a topic. */
export async function setTopicFlags(topic: number, flags: { pinned?: boolean; locked?: boolean }, bearer: string) {
  return (await resourceCall<{ data: TopicView }>(`/community/topics/${topic}`, 'PATCH', bearer, flags)).data;
}

/** Its author deletes a topic; the board's owner removes it from the board. */
export async function removeTopic(topic: number, bearer: string): Promise<void> {
  await resourceCall(`/community/topics/${topic}`, 'DELETE', bearer);
}

export function setTopicSubscription(topic: number, on: boolean, bearer: string): Promise<{ subscribed: boolean }> {
  return resourceCall(`/community/topics/${topic}/subscription`, on ? 'PUT' : 'DELETE', bearer);
}

/** The board's owner hides a post on their board, or shows one they hid. */
export async function setPostHidden(post: number, hidden: boolean, bearer: string) {
  return (
    await resourceCall<{ data: CommentView }>(`/community/posts/${post}/${hidden ? 'hide' : 'show'}`, 'POST', bearer)
  ).data;
}
