import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from '../cms/errors';
import { resetConfigForTests } from '../config';
import { imageSource, mediaUrl } from '../media';
import { CACHE_CATALOG, failureFor, loadPage } from '../page';
import type { Media } from '../types';

afterEach(() => {
  delete process.env.CMS_URL;
  delete process.env.PUBLIC_CMS_URL;
  resetConfigForTests();
});

describe('mediaUrl', () => {
  it('puts relative media on PUBLIC_CMS_URL, read at run time', () => {
    process.env.CMS_URL = 'http://cms:1337';
    process.env.PUBLIC_CMS_URL = 'https://media.example.org/';
    resetConfigForTests();
    expect(mediaUrl('/uploads/a.jpg')).toBe('https://media.example.org/uploads/a.jpg');
    expect(mediaUrl('uploads/a.jpg')).toBe('https://media.example.org/uploads/a.jpg');
  });

  it('falls back to CMS_URL, keeps absolute http(s) URLs and drops other schemes', () => {
    process.env.CMS_URL = 'http://127.0.0.1:1337';
    resetConfigForTests();
    expect(mediaUrl('/uploads/a.jpg')).toBe('http://127.0.0.1:1337/uploads/a.jpg');
    expect(mediaUrl('https://cdn.example.org/a.jpg')).toBe('https://cdn.example.org/a.jpg');
    expect(mediaUrl('javascript:alert(1)')).toBeUndefined();
    expect(mediaUrl('//evil.example/x.jpg')).toBeUndefined();
    expect(mediaUrl(null)).toBeUndefined();
  });
});

describe('imageSource', () => {
  const media: Media = {
    id: 1,
    documentId: 'm1',
    url: '/uploads/p.jpg',
    width: 1280,
    height: 720,
    alternativeText: 'A red bicycle',
    mime: 'image/jpeg',
    formats: {
      thumbnail: { url: '/uploads/p_t.jpg', width: 245, height: 138 },
      small: { url: '/uploads/p_s.jpg', width: 500, height: 281 },
      medium: { url: '/uploads/p_m.jpg', width: 750, height: 422 },
    },
  };

  it('picks the smallest rendition wide enough, with its own dimensions and a srcset', () => {
    const image = imageSource(media, 480)!;
    expect(image.src).toBe('http://127.0.0.1:1337/uploads/p_s.jpg');
    expect([image.width, image.height]).toEqual([500, 281]);
    expect(image.alt).toBe('A red bicycle');
    expect(image.srcset?.split(', ')).toHaveLength(4);
  });

  it('describes an image without dimensions as 16:9', () => {
    const image = imageSource({ ...media, width: null, height: null, formats: null }, 640)!;
    expect([image.width, image.height]).toEqual([640, 360]);
    expect(image.srcset).toBeUndefined();
  });
});

describe('failures', () => {
  it('maps client errors to statuses', () => {
    expect(failureFor(new CmsNotFoundError('Video', 'u')).status).toBe(404);
    expect(failureFor(new CmsUnavailableError('timeout', 'u')).status).toBe(503);
    expect(failureFor(new CmsRequestError(403, 'Forbidden', 'u')).status).toBe(502);
    expect(failureFor(new TypeError('boom')).status).toBe(500);
  });

  it('loadPage marks success cacheable and failure no-store with the status', async () => {
    const page = () => ({ response: { status: 200, headers: new Headers() }, url: new URL('http://site/x') });
    const ok = page();
    await expect(loadPage(ok, async () => 42)).resolves.toEqual({ ok: true, data: 42 });
    expect(ok.response.headers.get('cache-control')).toBe(CACHE_CATALOG);

    const down = page();
    const result = await loadPage(down, async () => {
      throw new CmsUnavailableError('network', 'u');
    });
    expect(result.ok).toBe(false);
    expect(down.response.status).toBe(503);
    expect(down.response.headers.get('cache-control')).toBe('no-store');
    expect(down.response.headers.get('retry-after')).toBe('30');
  });
});
