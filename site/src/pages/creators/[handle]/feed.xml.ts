import type { APIRoute } from 'astro';
import { feedResponse, creatorFeedSource } from '../../../lib/feeds';

/** GET /creators/<handle>/feed.xml: a creator's newest public videos, as RSS. */
export const GET: APIRoute = ({ params, url }) => feedResponse('rss', () => creatorFeedSource(params.handle, url));
