import type { APIRoute } from 'astro';
import { feedResponse, playlistFeedSource } from '../../../lib/feeds';

/** GET /p/<slug>/feed.atom: a playlist's public videos in its order, as Atom. */
export const GET: APIRoute = ({ params, url }) => feedResponse('atom', () => playlistFeedSource(params.slug, url));
