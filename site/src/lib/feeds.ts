// Feeds and the video sitemap: RSS 2.0 with Media RSS and Atom 1.0 for the whole site, a creator and a playlist (what
// feed readers and podcatchers subscribe to), and a sitemap with Google's video extension for search engines. Only
// public, published videos go in: an unlisted, private, pending or draft video never does, whatever a CMS answer holds.
// The routes (pages/feed.{xml,atom}.ts, creators/[handle]/feed.{xml,atom}.ts, p/[slug]/feed.{xml,atom}.ts,
// sitemap.xml.ts) only name their source and format.

import { getCreator, getPlaylist, listCreatorVideos, listNewestVideos } from './cms';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './cms/errors';
import { log } from './log';
import { plainText, renderMarkdown } from './markdown';
import { embedPath } from './oembed';
import { creatorPath, isValidSlug, playlistPath, watchPath } from './links';
import { mediaUrl } from './media';
import { CACHE_CATALOG, CACHE_NONE } from './page';
import { posterCandidates } from './player/playback';
import type { Video } from './types';

export const FEED_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';
/** Items in a feed: the newest first. */
export const FEED_ITEMS = 50;
/** A sitemap file holds at most 50,000 URLs (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

/** Characters XML 1.0 does not allow at all (control characters other than tab, newline, carriage return). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML element or attribute: escaped, and characters XML cannot hold dropped. */
export function xmlText(value: string | null | undefined): string {
  return (value ?? '')
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A public, published video: the only kind a feed or the sitemap lists. */
export function isListed(video: Pick<Video, 'visibility' | 'publishedAt' | 'slug'>): boolean {
  return video.visibility === 'public' && Boolean(video.publishedAt) && Boolean(video.slug);
}

function seconds(value: Video['duration']): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? Math.round(number) : undefined;
}

/** The largest poster there is (feed readers scale it down). */
function poster(video: Video): { url: string; width: number; height: number } | undefined {
  const candidates = posterCandidates(video);
  return candidates.length > 0 ? candidates[candidates.length - 1] : undefined;
}

/** Plain text for a summary: the description (its Markdown read) cut at `limit`, or the title. */
function summary(video: Video, limit = 1000): string {
  return plainText(video.description, limit) || video.title;
}

/** The description as readers show it: the watch page's sanitized HTML, or the title. */
function descriptionHtml(video: Video): string {
  return renderMarkdown(video.description) || xmlText(video.title);
}

export interface FeedChannel {
  title: string;
  description: string;
  /** The page the feed belongs to (absolute). */
  pageUrl: string;
  /** The feed itself (absolute). */
  feedUrl: string;
  /** The channel's image (a creator's avatar), absolute. */
  imageUrl?: string;
}

/** RSS 2.0 with Media RSS: each listed video with its poster, duration, player and link. */
export function videoFeed(channel: FeedChannel, videos: Video[], origin: string): string {
  const listed = videos.filter(isListed).slice(0, FEED_ITEMS);
  const newest = listed.map((video) => Date.parse(video.publishedAt!)).filter(Number.isFinite);
  const items = listed.map((video) => {
    const link = `${origin}${watchPath(video.slug)}`;
    const image = poster(video);
    const duration = seconds(video.duration);
    const author = video.creator?.displayName ?? video.creator?.handle;
    return [
      '    <item>',
      `      <title>${xmlText(video.title)}</title>`,
      `      <link>${xmlText(link)}</link>`,
      `      <guid isPermaLink="true">${xmlText(link)}</guid>`,
      `      <pubDate>${new Date(video.publishedAt!).toUTCString()}</pubDate>`,
      author ? `      <dc:creator>${xmlText(author)}</dc:creator>` : '',
      video.category?.name ? `      <category>${xmlText(video.category.name)}</category>` : '',
      `      <description>${xmlText(descriptionHtml(video))}</description>`,
      `      <media:title>${xmlText(video.title)}</media:title>`,
      `      <media:description>${xmlText(summary(video))}</media:description>`,
      image
        ? `      <media:thumbnail url="${xmlText(image.url)}" width="${image.width}" height="${image.height}"/>`
        : '',
      `      <media:player url="${xmlText(`${origin}${embedPath(video.slug)}`)}"/>`,
      video.playback?.hls
        ? `      <media:content url="${xmlText(video.playback.hls)}" type="application/vnd.apple.mpegurl" medium="video"${duration ? ` duration="${duration}"` : ''}/>`
        : '',
      duration ? `      <itunes:duration>${duration}</itunes:duration>` : '',
      '    </item>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">',
    '  <channel>',
    `    <title>${xmlText(channel.title)}</title>`,
    `    <link>${xmlText(channel.pageUrl)}</link>`,
    `    <description>${xmlText(channel.description)}</description>`,
    `    <atom:link href="${xmlText(channel.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    newest.length > 0 ? `    <lastBuildDate>${new Date(Math.max(...newest)).toUTCString()}</lastBuildDate>` : '',
    channel.imageUrl
      ? `    <image><url>${xmlText(channel.imageUrl)}</url><title>${xmlText(channel.title)}</title><link>${xmlText(channel.pageUrl)}</link></image>`
      : '',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Atom 1.0 (RFC 4287) with Media RSS thumbnails: the same videos as the RSS feed, for readers that prefer Atom. */
export function atomFeed(channel: FeedChannel, videos: Video[], origin: string): string {
  const listed = videos.filter(isListed).slice(0, FEED_ITEMS);
  const newest = listed.map((video) => Date.parse(video.publishedAt!)).filter(Number.isFinite);
  const updated = new Date(newest.length > 0 ? Math.max(...newest) : 0).toISOString();
  const entries = listed.map((video) => {
    const link = `${origin}${watchPath(video.slug)}`;
    const image = poster(video);
    const author = video.creator?.displayName ?? video.creator?.handle;
    const published = new Date(video.publishedAt!).toISOString();
    return [
      '  <entry>',
      `    <title>${xmlText(video.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
      `    <id>${xmlText(link)}</id>`,
      `    <published>${published}</published>`,
      `    <updated>${published}</updated>`,
      author ? `    <author><name>${xmlText(author)}</name></author>` : '',
      video.category?.name ? `    <category term="${xmlText(video.category.name)}"/>` : '',
      `    <summary>${xmlText(summary(video))}</summary>`,
      `    <content type="html">${xmlText(descriptionHtml(video))}</content>`,
      image ? `    <media:thumbnail url="${xmlText(image.url)}" width="${image.width}" height="${image.height}"/>` : '',
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
    `  <title>${xmlText(channel.title)}</title>`,
    `  <subtitle>${xmlText(channel.description)}</subtitle>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(channel.pageUrl)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(channel.feedUrl)}"/>`,
    `  <id>${xmlText(channel.feedUrl)}</id>`,
    `  <updated>${updated}</updated>`,
    channel.imageUrl ? `  <logo>${xmlText(channel.imageUrl)}</logo>` : '',
    ...entries,
    '</feed>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export type FeedFormat = 'rss' | 'atom';

/** What a feed holds, whatever its format: the channel (but its own address) and the videos. */
interface FeedSource {
  channel: Omit<FeedChannel, 'feedUrl'>;
  /** the page's path; the feed is `<path>/feed.xml` or `<path>/feed.atom` (the whole site's: `/feed.*`) */
  feedBase: string;
  videos: Video[];
}

/** The whole site's newest public videos. */
export async function siteFeedSource(url: URL): Promise<FeedSource> {
  const { items } = await listNewestVideos({ pageSize: FEED_ITEMS });
  return {
    channel: {
      title: 'Framecast: new videos',
      description: 'The newest videos on Framecast',
      pageUrl: `${url.origin}/`,
    },
    feedBase: '',
    videos: items,
  };
}

/** A creator's newest public videos, collaborations included (as on the page). */
export async function creatorFeedSource(handle: string | undefined, url: URL): Promise<FeedSource> {
  if (!isValidSlug(handle)) throw new CmsNotFoundError('Creator', url.pathname);
  const [creator, videos] = await Promise.all([
    getCreator(handle),
    listCreatorVideos(handle, { pageSize: FEED_ITEMS }),
  ]);
  return {
    channel: {
      title: `${creator.displayName} on Framecast`,
      description: creator.bio?.trim() || `New videos from ${creator.displayName}`,
      pageUrl: `${url.origin}${creatorPath(creator.handle)}`,
      imageUrl: mediaUrl(creator.avatar?.url),
    },
    feedBase: creatorPath(creator.handle),
    videos: videos.items,
  };
}

/** A playlist's (or course's) public videos, in its order (an unlisted playlist's link works). */
export async function playlistFeedSource(slug: string | undefined, url: URL): Promise<FeedSource> {
  if (!isValidSlug(slug)) throw new CmsNotFoundError('Playlist', url.pathname);
  const playlist = await getPlaylist(slug);
  const by = playlist.creator?.displayName;
  return {
    channel: {
      title: by ? `${playlist.title}, by ${by}` : playlist.title,
      description: playlist.description?.trim() || `The videos of the playlist ${playlist.title}`,
      pageUrl: `${url.origin}${playlistPath(playlist.slug)}`,
    },
    feedBase: playlistPath(playlist.slug),
    videos: playlist.videos ?? [],
  };
}

/** A feed route's answer: the source in the format asked for (RSS at `feed.xml`, Atom at `feed.atom`). */
export function feedResponse(format: FeedFormat, source: () => Promise<FeedSource>): Promise<Response> {
  return xmlResponse(format === 'rss' ? FEED_CONTENT_TYPE : ATOM_CONTENT_TYPE, async () => {
    const { channel, feedBase, videos } = await source();
    const origin = new URL(channel.pageUrl).origin;
    const feedUrl = `${origin}${feedBase}/feed.${format === 'rss' ? 'xml' : 'atom'}`;
    return (format === 'rss' ? videoFeed : atomFeed)({ ...channel, feedUrl }, videos, origin);
  });
}

/** The `<link rel="alternate">` pair a page advertises its feeds with (`base`: the page's path, '' for the site). */
export function feedLinks(base: string, title: string): Array<{ type: string; href: string; title: string }> {
  return [
    { type: 'application/rss+xml', href: `${base}/feed.xml`, title },
    { type: 'application/atom+xml', href: `${base}/feed.atom`, title: `${title} (Atom)` },
  ];
}

/** sitemap.xml: the home page, then each listed video's watch page with Google's video extension. */
export function videoSitemap(videos: Video[], origin: string): string {
  const listed = videos.filter(isListed).slice(0, SITEMAP_MAX_URLS - 1);
  const urls = listed.map((video) => {
    const image = poster(video);
    const duration = seconds(video.duration);
    return [
      '  <url>',
      `    <loc>${xmlText(`${origin}${watchPath(video.slug)}`)}</loc>`,
      '    <video:video>',
      image ? `      <video:thumbnail_loc>${xmlText(image.url)}</video:thumbnail_loc>` : '',
      `      <video:title>${xmlText(video.title)}</video:title>`,
      `      <video:description>${xmlText(summary(video, 2048))}</video:description>`,
      `      <video:player_loc>${xmlText(`${origin}${embedPath(video.slug)}`)}</video:player_loc>`,
      duration ? `      <video:duration>${Math.min(duration, 28_800)}</video:duration>` : '',
      `      <video:publication_date>${new Date(video.publishedAt!).toISOString()}</video:publication_date>`,
      video.creator?.displayName ? `      <video:uploader>${xmlText(video.creator.displayName)}</video:uploader>` : '',
      '    </video:video>',
      '  </url>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">',
    `  <url>\n    <loc>${xmlText(`${origin}/`)}</loc>\n  </url>`,
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** robots.txt: everything may be crawled but the probes and the account area; the sitemap is named. */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /health',
    'Disallow: /account/',
    'Disallow: /api/',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}

/**
 * The answer of a feed, the sitemap or robots.txt: the XML `render` makes, cacheable as catalog pages are; a missing
 * creator or playlist is a 404, a CMS that does not answer a 503 to try again, in plain text.
 */
export async function xmlResponse(contentType: string, render: () => Promise<string>): Promise<Response> {
  const failure = (status: number, message: string, extra: Record<string, string> = {}) =>
    new Response(`${message}\n`, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': CACHE_NONE, ...extra },
    });
  try {
    return new Response(await render(), { headers: { 'Content-Type': contentType, 'Cache-Control': CACHE_CATALOG } });
  } catch (error) {
    if (error instanceof CmsNotFoundError) return failure(404, 'No such feed');
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CmsUnavailableError) {
      log.warn('feed degraded', { error: message });
      return failure(503, 'The video library is unavailable; try again shortly', { 'Retry-After': '30' });
    }
    log.error('feed failed', { error: message, stack: error instanceof Error ? error.stack : undefined });
    return failure(error instanceof CmsRequestError ? 502 : 500, 'The feed could not be made');
  }
}
