import type { APIRoute } from 'astro';
import { feedResponse, siteFeedSource } from '../lib/feeds';

/** GET /feed.xml: the newest public videos of the whole site, as RSS. */
export const GET: APIRoute = ({ url }) => feedResponse('rss', () => siteFeedSource(url));
