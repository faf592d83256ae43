import { resetConfigForTests } from '../config';
import { buildOembed, embedIframe, embedSize, oembedDiscoveryHref, parseOembedQuery, pickThumbnail } from '../oembed';
import type { Playback, Video } from '../types';

const SITE = 'https://watch.example.org';
const query = (params: Record<string, string>) => parseOembedQuery(new URLSearchParams(params), SITE);

afterEach(() => {
  delete process.env.CMS_URL;
  resetConfigForTests();
});

describe('parseOembedQuery', () => {
  it('accepts watch and embed URLs of this site, with either scheme, a trailing slash or a query', () => {
    for (const url of [
      `${SITE}/watch/intro-to-rust`,
      `${SITE}/embed/intro-to-rust`,
      'http://watch.example.org/watch/intro-to-rust/',
      `${SITE}/watch/intro-to-rust?t=30`,
    ]) {
      expect(query({ url })).toEqual({ ok: true, slug: 'intro-to-rust', maxwidth: undefined, maxheight: undefined });
    }
  });

  it('reads maxwidth and maxheight as positive integers', () => {
    expect(query({ url: `${SITE}/watch/a`, maxwidth: '480', maxheight: '300', format: 'json' })).toEqual({
      ok: true,
      slug: 'a',
      maxwidth: 480,
      maxheight: 300,
    });
    for (const bad of ['0', '-5', '12.5', 'wide', '1e3']) {
      expect(query({ url: `${SITE}/watch/a`, maxwidth: bad })).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('answers 404 for URLs that are not video pages of this site', () => {
    for (const url of [
      'https://elsewhere.example.com/watch/intro-to-rust',
      'https://watch.example.org.evil.test/watch/a',
      `${SITE}/creators/ada`,
      `${SITE}/watch/`,
      `${SITE}/watch/a/b`,
      `${SITE}/watch/bad%20slug`,
      `${SITE}/watch/%E0%A4%A`,
      'ftp://watch.example.org/watch/a',
      'javascript:alert(1)',
    ]) {
      expect(query({ url })).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('answers 400 for a missing or unparseable url, 501 for any format but JSON', () => {
    expect(query({})).toMatchObject({ ok: false, status: 400 });
    expect(query({ url: 'not a url' })).toMatchObject({ ok: false, status: 400 });
    expect(query({ url: `${SITE}/watch/a`, format: 'xml' })).toMatchObject({ ok: false, status: 501 });
    // the format is checked first: an XML request for a foreign URL is still "not implemented"
    expect(query({ url: 'https://elsewhere.example.com/watch/a', format: 'xml' })).toMatchObject({
      ok: false,
      status: 501,
    });
  });
});

describe('embedSize', () => {
  it('fits a 640x640 box by default, keeping the aspect ratio', () => {
    expect(embedSize(16 / 9)).toEqual({ width: 640, height: 360 });
    expect(embedSize(9 / 16)).toEqual({ width: 360, height: 640 });
    expect(embedSize(4 / 3)).toEqual({ width: 640, height: 480 });
  });

  it('fills maxwidth/maxheight and never exceeds them', () => {
    expect(embedSize(16 / 9, 1000)).toEqual({ width: 1000, height: 562 });
    expect(embedSize(16 / 9, 1000, 300)).toEqual({ width: 533, height: 300 });
    expect(embedSize(16 / 9, undefined, 200)).toEqual({ width: 355, height: 200 });
    expect(embedSize(9 / 16, 300)).toEqual({ width: 300, height: 533 });
    expect(embedSize(16 / 9, 1, 1)).toEqual({ width: 1, height: 1 });
  });

  it('treats a missing or broken aspect ratio as 16:9', () => {
    expect(embedSize(Number.NaN)).toEqual({ width: 640, height: 360 });
    expect(embedSize(0, 320)).toEqual({ width: 320, height: 180 });
  });
});

describe('pickThumbnail', () => {
  const images = [
    { url: 'a320', width: 320, height: 180 },
    { url: 'a640', width: 640, height: 360 },
    { url: 'a1280', width: 1280, height: 720 },
  ];

  it('takes the largest image within the bounds, or none when nothing fits', () => {
    expect(pickThumbnail(images)?.url).toBe('a1280');
    expect(pickThumbnail(images, 700)?.url).toBe('a640');
    expect(pickThumbnail(images, undefined, 200)?.url).toBe('a320');
    expect(pickThumbnail(images, 100)).toBeUndefined();
  });
});

describe('embedIframe', () => {
  it('escapes the title and the src', () => {
    const html = embedIframe('https://x.test/embed/a?b=1&c=2', 'Tom & "Jerry" <live>', 640, 360);
    expect(html).toContain('src="https://x.test/embed/a?b=1&amp;c=2"');
    expect(html).toContain('title="Tom &amp; &quot;Jerry&quot; &lt;live&gt;"');
    expect(html).toMatch(/^<iframe [^>]*width="640" height="360"[^>]*allowfullscreen[^>]*><\/iframe>$/);
  });
});

describe('buildOembed', () => {
  const playback: Playback = {
    hls: 'https://cms.example.org/media/videos/d1/abc/master.m3u8',
    posters: [
      {
        width: 1280,
        height: 720,
        webp: 'https://cms.example.org/media/videos/d1/abc/poster-1280.webp',
        jpeg: 'https://cms.example.org/media/videos/d1/abc/poster-1280.jpg',
      },
      {
        width: 640,
        height: 360,
        webp: 'https://cms.example.org/media/videos/d1/abc/poster-640.webp',
        jpeg: 'https://cms.example.org/media/videos/d1/abc/poster-640.jpg',
      },
    ],
    storyboard: null,
    renditions: [{ label: '720p', width: 1280, height: 720, bandwidth: 3_000_000 }],
    expiresAt: null,
  };
  const video: Video = {
    id: 1,
    documentId: 'd1',
    title: 'Intro to Rust',
    slug: 'intro-to-rust',
    creator: { id: 2, documentId: 'c1', handle: 'ada-moreno', displayName: 'Ada Moreno' },
    playback,
  };

  it('describes the video per oEmbed 1.0 with an iframe to the embed page', () => {
    const body = buildOembed(video, { siteOrigin: SITE });
    expect(body).toEqual({
      version: '1.0',
      type: 'video',
      title: 'Intro to Rust',
      author_name: 'Ada Moreno',
      author_url: `${SITE}/creators/ada-moreno`,
      provider_name: 'Framecast',
      provider_url: `${SITE}/`,
      thumbnail_url: 'https://cms.example.org/media/videos/d1/abc/poster-1280.jpg',
      thumbnail_width: 1280,
      thumbnail_height: 720,
      html: expect.stringContaining(`src="${SITE}/embed/intro-to-rust"`),
      width: 640,
      height: 360,
    });
  });

  it('sizes the player and the thumbnail within maxwidth/maxheight, with the video’s aspect ratio', () => {
    const portrait = { ...video, width: 720, height: 1280 };
    const body = buildOembed(portrait, { siteOrigin: SITE, maxwidth: 400, maxheight: 400 });
    expect([body.width, body.height]).toEqual([225, 400]);
    expect(body.html).toContain('width="225" height="400"');
    expect(body.thumbnail_url).toBeUndefined();
    expect(body.thumbnail_width).toBeUndefined();
    expect(buildOembed(video, { siteOrigin: SITE, maxwidth: 700 }).thumbnail_width).toBe(640);
  });

  it('falls back to the CMS poster for the thumbnail and leaves the author out when there is none', () => {
    process.env.CMS_URL = 'https://cms.example.org';
    resetConfigForTests();
    const body = buildOembed(
      {
        ...video,
        creator: null,
        playback: null,
        poster: {
          id: 3,
          documentId: 'p',
          url: '/uploads/p.jpg',
          width: 1920,
          height: 1080,
          alternativeText: null,
          mime: 'image/jpeg',
          formats: null,
        },
      },
      { siteOrigin: SITE },
    );
    expect(body.author_name).toBeUndefined();
    expect(body.author_url).toBeUndefined();
    expect(body.thumbnail_url).toBe('https://cms.example.org/uploads/p.jpg');
    expect([body.width, body.height]).toEqual([640, 360]);
  });
});

describe('oembedDiscoveryHref', () => {
  it('points at the endpoint with the page URL encoded', () => {
    expect(oembedDiscoveryHref(SITE, `${SITE}/watch/a`)).toBe(
      `${SITE}/oembed?url=https%3A%2F%2Fwatch.example.org%2Fwatch%2Fa&format=json`,
    );
  });
});
