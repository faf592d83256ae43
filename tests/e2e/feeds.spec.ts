/**
 * Reach beyond the site: RSS feeds for the whole site, a creator and a playlist, advertised on their pages; the video
 * sitemap named by robots.txt. What a reader or a crawler gets is what a signed-out viewer may see: the seed's
 * unlisted, private, pending and draft videos never appear, not even through a playlist that holds one.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cmsUrl } from './support/admin';

// Slugs from the demo catalog (database/seed/catalog.ts)
const HIDDEN = [
  'office-hours-7-async-questions', // unlisted
  'rough-cut-sourdough-timelapse', // private
  'building-a-synth-in-the-browser-with-web-audio', // pending review
  'git-rebase-without-fear', // draft
];
const PLAYLIST = 'javascript-from-the-ground-up'; // holds the unlisted office-hours video

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'url'].includes(name),
});

test.skip(({ isMobile }) => isMobile, 'feeds and the sitemap are the same for every device; no page layout here');

async function getXml(request: APIRequestContext, path: string, contentType: RegExp) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()['content-type']).toMatch(contentType);
  const text = await response.text();
  expect(XMLValidator.validate(text), `${path} is well-formed XML`).toBe(true);
  for (const slug of HIDDEN) expect(text, `${path} must not name ${slug}`).not.toContain(slug);
  return { text, xml: parser.parse(text) };
}

const slugOf = (link: string) => new URL(link).pathname.replace(/^\/watch\//, '');

/** The videos a signed-out viewer can list, by slug, from the CMS's public API. */
async function publicSlugs(request: APIRequestContext): Promise<string[]> {
  const response = await request.get(`${cmsUrl()}/api/videos?fields[0]=slug&pagination[pageSize]=100`);
  expect(response.ok()).toBe(true);
  return ((await response.json()).data as Array<{ slug: string }>).map((video) => video.slug).sort();
}

test('the site feed, a creator’s and a playlist’s: public videos only, each linking to its watch page', async ({
  request,
  baseURL,
}) => {
  const site = await getXml(request, '/feed.xml', /^application\/rss\+xml/);
  const channel = site.xml.rss.channel;
  expect(channel['atom:link']['@href']).toBe(`${baseURL}/feed.xml`);
  const items = channel.item as Array<{ link: string; pubDate: string; 'media:thumbnail'?: { '@url': string } }>;
  expect(items.length).toBeGreaterThan(5);
  // the newest first, each with a poster the CMS serves
  const dates = items.map((item) => Date.parse(item.pubDate));
  expect(dates).toEqual([...dates].sort((a, b) => b - a));
  const allPublic = await publicSlugs(request);
  for (const item of items) expect(allPublic).toContain(slugOf(item.link));
  const poster = await request.get(items[0]!['media:thumbnail']!['@url']);
  expect(poster.status()).toBe(200);
  expect(poster.headers()['content-type']).toMatch(/^image\//);

  const creator = await getXml(request, '/creators/ada-moreno/feed.xml', /^application\/rss\+xml/);
  expect(creator.xml.rss.channel.title).toBe('Ada Moreno on Framecast');
  expect(creator.xml.rss.channel.item.length).toBeGreaterThan(0);
  for (const item of creator.xml.rss.channel.item as Array<{ 'dc:creator': string }>)
    expect(item['dc:creator']).toBeTruthy();

  // the playlist holds the unlisted office-hours video: its feed leaves it out and keeps the playlist's order
  const playlist = await getXml(request, `/p/${PLAYLIST}/feed.xml`, /^application\/rss\+xml/);
  expect((playlist.xml.rss.channel.item as Array<{ link: string }>).map((item) => slugOf(item.link))).toEqual([
    'async-await-without-the-mystery',
    'javascript-event-loop-one-frame-at-a-time',
    'writing-tests-you-will-still-trust-next-year',
  ]);

  // nothing at a creator or playlist that does not exist, nor at a private playlist's address
  for (const path of ['/creators/nobody-by-that-name/feed.xml', '/p/no-such-playlist/feed.xml']) {
    const missing = await request.get(path);
    expect(missing.status(), path).toBe(404);
    expect(await missing.text()).toBe('No such feed\n');
  }
});

test('sitemap.xml lists every public video, and only those; robots.txt names it', async ({ request, baseURL }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);

  const sitemap = await getXml(request, '/sitemap.xml', /^application\/xml/);
  const urls = sitemap.xml.urlset.url as Array<{ loc: string; 'video:video'?: Record<string, unknown> }>;
  expect(urls[0]!.loc).toBe(`${baseURL}/`);
  const videos = urls.filter((url) => url['video:video']);
  expect(videos.map((url) => slugOf(url.loc)).sort()).toEqual(await publicSlugs(request));
  for (const url of videos)
    expect(url['video:video']).toMatchObject({
      'video:title': expect.any(String),
      'video:player_loc': expect.stringMatching(new RegExp(`^${baseURL}/embed/`)),
      'video:thumbnail_loc': expect.stringMatching(/^https?:\/\//),
    });
});

test('the home, creator and playlist pages advertise their feeds', async ({ page, request }) => {
  for (const [path, title] of [
    ['/', 'Framecast: new videos'],
    ['/creators/ada-moreno', 'Ada Moreno on Framecast'],
    [`/p/${PLAYLIST}`, 'JavaScript from the ground up'],
  ] as const) {
    await page.goto(path);
    const link = page.locator('head link[rel="alternate"][type="application/rss+xml"]');
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute('title', title);
    const feed = await request.get(new URL((await link.getAttribute('href'))!, page.url()).href);
    expect(feed.status(), `${path}'s feed`).toBe(200);
    // and the same feed as Atom
    const atom = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
    await expect(atom).toHaveAttribute('title', `${title} (Atom)`);
    const atomFeed = await request.get(new URL((await atom.getAttribute('href'))!, page.url()).href);
    expect(atomFeed.status(), `${path}'s Atom feed`).toBe(200);
    expect(atomFeed.headers()['content-type']).toMatch(/^application\/atom\+xml/);
    const xml = await atomFeed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    // the Atom and RSS feeds hold the same videos
    const entries = [...xml.matchAll(/<id>([^<]+\/watch\/[^<]+)<\/id>/g)].map((match) => match[1]);
    const items = [...(await feed.text()).matchAll(/<guid isPermaLink="true">([^<]+)<\/guid>/g)].map(
      (match) => match[1],
    );
    expect(entries).toEqual(items);
  }
});
