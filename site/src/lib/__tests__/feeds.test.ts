import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { resetConfigForTests } from '../config';
import { atomFeed, feedLinks, isListed, robotsTxt, videoFeed, videoSitemap, xmlText } from '../feeds';
import type { Video } from '../types';

const SITE = 'https://watch.example.org';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name, jpath) => ['item', 'url', 'entry'].includes(name) || jpath === 'feed.link',
});

function video(overrides: Partial<Video> = {}): Video {
  return {
    id: 1,
    documentId: 'doc1',
    title: 'Intro to Rust',
    slug: 'intro-to-rust',
    description: 'Ownership and borrowing in ten minutes.',
    visibility: 'public',
    duration: 612.4,
    publishedAt: '2030-03-04T05:06:07.000Z',
    creator: { id: 1, documentId: 'c1', handle: 'ada-moreno', displayName: 'Ada Moreno' },
    category: { id: 1, documentId: 'k1', name: 'Programming', slug: 'programming' },
    poster: { id: 3, url: '/uploads/poster.jpg', width: 1280, height: 720 },
    playback: { hls: 'https://cms.example.org/media/v/doc1/master.m3u8', posters: [], renditions: [] },
    ...overrides,
  } as Video;
}

const channel = {
  title: 'Ada Moreno on Framecast',
  description: 'Programming, slowly',
  pageUrl: `${SITE}/creators/ada-moreno`,
  feedUrl: `${SITE}/creators/ada-moreno/feed.xml`,
};

beforeEach(() => {
  process.env.PUBLIC_CMS_URL = 'https://cms.example.org';
  resetConfigForTests();
});
afterEach(() => {
  delete process.env.PUBLIC_CMS_URL;
  resetConfigForTests();
});

describe('videoFeed', () => {
  it('is RSS 2.0 with Media RSS: each video with its link, date, author, poster, player and duration', () => {
    const xml = videoFeed(channel, [video()], SITE);
    expect(XMLValidator.validate(xml)).toBe(true);
    const rss = parser.parse(xml).rss;
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel).toMatchObject({
      title: 'Ada Moreno on Framecast',
      link: `${SITE}/creators/ada-moreno`,
      'atom:link': { '@href': `${SITE}/creators/ada-moreno/feed.xml`, '@rel': 'self' },
      lastBuildDate: 'Mon, 04 Mar 2030 05:06:07 GMT',
    });
    expect(rss.channel.item).toEqual([
      expect.objectContaining({
        title: 'Intro to Rust',
        link: `${SITE}/watch/intro-to-rust`,
        guid: { '#text': `${SITE}/watch/intro-to-rust`, '@isPermaLink': 'true' },
        pubDate: 'Mon, 04 Mar 2030 05:06:07 GMT',
        'dc:creator': 'Ada Moreno',
        category: 'Programming',
        description: '<p>Ownership and borrowing in ten minutes.</p>',
        'media:description': 'Ownership and borrowing in ten minutes.',
        'itunes:duration': 612,
        'media:thumbnail': { '@url': 'https://cms.example.org/uploads/poster.jpg', '@width': '1280', '@height': '720' },
        'media:player': { '@url': `${SITE}/embed/intro-to-rust` },
        'media:content': expect.objectContaining({
          '@url': 'https://cms.example.org/media/v/doc1/master.m3u8',
          '@duration': '612',
          '@medium': 'video',
        }),
      }),
    ]);
  });

  it('lists public, published videos only: never unlisted, private or unpublished ones', () => {
    const videos = [
      video({ slug: 'open' }),
      video({ slug: 'unlisted', visibility: 'unlisted' }),
      video({ slug: 'private', visibility: 'private' }),
      video({ slug: 'draft', publishedAt: null }),
      video({ slug: 'no-visibility', visibility: undefined }),
    ];
    const items = parser.parse(videoFeed(channel, videos, SITE)).rss.channel.item;
    expect(items.map((item: { link: string }) => item.link)).toEqual([`${SITE}/watch/open`]);
    expect(videos.filter(isListed).map((item) => item.slug)).toEqual(['open']);
  });

  it('keeps hostile text inert: markup, entities and control characters in titles and descriptions', () => {
    const hostile = video({
      title: '<script>alert(1)</script> & "quotes" ]]>',
      description: `Line one\u0000\u0007 <img src=x onerror=alert(1)> &amp;`,
      creator: { id: 2, documentId: 'c2', handle: 'eve', displayName: '</dc:creator><evil/>' } as Video['creator'],
    });
    const xml = videoFeed({ ...channel, title: 'A <b>bold</b> channel' }, [hostile], SITE);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<evil/>');
    // a reader gets the text back as text, not markup; the control characters XML cannot hold are gone
    const rss = parser.parse(xml).rss;
    expect(rss.channel.title).toBe('A <b>bold</b> channel');
    expect(rss.channel.item[0].title).toBe('<script>alert(1)</script> & "quotes" ]]>');
    expect(rss.channel.item[0]['dc:creator']).toBe('</dc:creator><evil/>');
    // the description is the watch page's sanitized HTML: the image and its handler are gone
    expect(rss.channel.item[0].description).toBe('<p>Line one  &amp;</p>');
    expect(rss.channel.item[0]['media:description']).toBe('Line one &');
  });

  it('reads the description’s Markdown: HTML for readers, plain text for Media RSS', () => {
    const item = parser.parse(
      videoFeed(
        channel,
        [video({ description: '**Bold** claim, [a link](https://example.org)\n\n1. one\n2. two' })],
        SITE,
      ),
    ).rss.channel.item[0];
    expect(item.description).toBe(
      '<p><strong>Bold</strong> claim, <a href="https://example.org" rel="nofollow ugc noopener">a link</a></p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>',
    );
    expect(item['media:description']).toBe('Bold claim, a link one two');
  });

  it('an empty channel is still a valid feed', () => {
    const xml = videoFeed(channel, [], SITE);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).rss.channel.item).toBeUndefined();
  });
});

describe('atomFeed', () => {
  it('is Atom 1.0: the same public videos, with ids, dates, authors, summaries and posters; hostile text inert', () => {
    const xml = atomFeed(
      { ...channel, feedUrl: `${SITE}/creators/ada-moreno/feed.atom` },
      [
        video(),
        video({ slug: 'secret', title: 'Secret', visibility: 'unlisted' }),
        video({ slug: 'evil', title: '<script>alert(1)</script> & \u0007', publishedAt: '2030-03-05T00:00:00.000Z' }),
      ],
      SITE,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
    const feed = parser.parse(xml).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${SITE}/creators/ada-moreno/feed.atom`);
    expect(feed.updated).toBe('2030-03-05T00:00:00.000Z');
    expect(feed.link).toEqual([
      { '@rel': 'alternate', '@type': 'text/html', '@href': `${SITE}/creators/ada-moreno` },
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': `${SITE}/creators/ada-moreno/feed.atom` },
    ]);
    expect(feed.entry.map((entry: { title: string }) => entry.title)).toEqual([
      'Intro to Rust',
      '<script>alert(1)</script> &',
    ]);
    expect(feed.entry[0]).toMatchObject({
      id: `${SITE}/watch/intro-to-rust`,
      published: '2030-03-04T05:06:07.000Z',
      author: { name: 'Ada Moreno' },
      category: { '@term': 'Programming' },
      summary: 'Ownership and borrowing in ten minutes.',
      content: { '#text': '<p>Ownership and borrowing in ten minutes.</p>', '@type': 'html' },
      'media:thumbnail': { '@url': 'https://cms.example.org/uploads/poster.jpg' },
    });
    // an empty channel is still a valid feed
    expect(XMLValidator.validate(atomFeed({ ...channel }, [], SITE))).toBe(true);
  });

  it('pages advertise both formats', () => {
    expect(feedLinks('/p/x', 'X')).toEqual([
      { type: 'application/rss+xml', href: '/p/x/feed.xml', title: 'X' },
      { type: 'application/atom+xml', href: '/p/x/feed.atom', title: 'X (Atom)' },
    ]);
  });
});

describe('videoSitemap', () => {
  it('lists the home page and each public video with the video extension; nothing else', () => {
    const xml = videoSitemap(
      [video(), video({ slug: 'hidden', visibility: 'unlisted' }), video({ slug: 'soon', publishedAt: null })],
      SITE,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = parser.parse(xml).urlset.url;
    expect(urls.map((url: { loc: string }) => url.loc)).toEqual([`${SITE}/`, `${SITE}/watch/intro-to-rust`]);
    expect(urls[1]['video:video']).toEqual({
      'video:thumbnail_loc': 'https://cms.example.org/uploads/poster.jpg',
      'video:title': 'Intro to Rust',
      'video:description': 'Ownership and borrowing in ten minutes.',
      'video:player_loc': `${SITE}/embed/intro-to-rust`,
      'video:duration': 612,
      'video:publication_date': '2030-03-04T05:06:07.000Z',
      'video:uploader': 'Ada Moreno',
    });
  });
});

describe('xmlText and robots.txt', () => {
  it('escapes the five XML characters', () => {
    expect(xmlText(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('robots.txt names the sitemap at the site’s own address and keeps crawlers out of accounts', () => {
    const text = robotsTxt(SITE);
    expect(text).toContain(`Sitemap: ${SITE}/sitemap.xml`);
    expect(text).toMatch(/^Disallow: \/account\/$/m);
    expect(text).toMatch(/^Disallow: \/health$/m);
  });
});
