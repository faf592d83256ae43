import type { APIRoute } from 'astro';
import { feedResponse, playlistFeedSource } from '../../../lib/feeds';

/** GET /p/<slug>/feed.xml: a playlist's public videos in its order, as RSS. */
export const GET: APIRoute = ({ params, url }) => feedResponse('rss', () => playlistFeedSource(params.slug, url));
