import type { APIRoute } from 'astro';
import { feedResponse, creatorFeedSource } from '../../../lib/feeds';

/** GET /creators/<handle>/feed.atom: a creator's newest public videos, as Atom. */
export const GET: APIRoute = ({ params, url }) => feedResponse('atom', () => creatorFeedSource(params.handle, url));
