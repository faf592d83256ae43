import type { APIRoute } from 'astro';
import { feedResponse, siteFeedSource } from '../lib/feeds';

/** GET /feed.atom: the newest public videos of the whole site, as Atom. */
export const GET: APIRoute = ({ url }) => feedResponse('atom', () => siteFeedSource(url));
