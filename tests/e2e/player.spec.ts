import { expect, test, type Page } from '@playwright/test';
import { serveAnotherSite } from './support/another-site';
import { chooseQuality, cspViolations, openQualityMenu, stage, videoProp } from './support/player';

// A public, published demo video with captions and chapters (database/seed/catalog.ts), transcoded by the seed
// through the transcoding pipeline: its `playback` follows plugins/transcoding/README.md.
const SLUG = 'javascript-event-loop-one-frame-at-a-time';

interface Playback {
  hls: string;
  posters: Array<{ width: number; height: number; webp: string; jpeg: string }>;
  storyboard: string | null;
  renditions: Array<{ label: string; width: number; height: number; bandwidth: number }>;
  expiresAt: string | null;
}

async function seededPlayback(page: Page): Promise<Playback> {
  const response = await page.request.get(`${process.env.E2E_CMS_URL}/api/videos/slug/${SLUG}`);
  expect(response.status()).toBe(200);
  const { data } = await response.json();
  expect(
    data.playback,
    'the seed sends the demo media through the transcoding pipeline, so the video has playback',
  ).toBeTruthy();
  return data.playback as Playback;
}

async function openPlayer(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await expect(stage(page)).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
}

test('the watch page player plays, switches quality and previews the storyboard', async ({ page }) => {
  test.setTimeout(60_000);
  const playback = await seededPlayback(page);
  const heights = [
    ...new Set(playback.renditions.map((rendition) => Math.min(rendition.width, rendition.height))),
  ].sort((a, b) => b - a);
  expect(heights.length).toBeGreaterThan(1);
  const refused = cspViolations(page);

  await openPlayer(page, `/watch/${SLUG}`);
  await expect(stage(page)).toHaveAttribute('data-levels', heights.join(','));
  const video = page.locator('[data-player] video');
  await expect(video).toHaveAttribute('playsinline', '');
  await expect(video).toHaveAttribute('preload', 'metadata');
  await expect(video).toHaveAttribute('crossorigin', 'anonymous');
  await expect(video.locator('track[kind="captions"]')).toHaveCount(1);

  // play: time advances
  await page.locator('.plyr__control--overlaid').click();
  await expect.poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 }).toBeGreaterThan(1);
  await videoProp(page, (element) => element.pause());

  // the quality menu: Auto, then the ladder, highest first
  const items = await openQualityMenu(page);
  await expect(items).toHaveCount(heights.length + 1);
  await expect(items.first()).toHaveText(/^Auto( \(\d+p\))?$/);
  for (const [i, height] of heights.entries()) await expect(items.nth(i + 1)).toContainText(`${height}p`);

  // choosing a rung switches hls.js to it (the decoded picture is that tall): the highest, then the lowest
  for (const height of [heights[0]!, heights.at(-1)!]) await chooseQuality(page, height);

  // storyboard previews over the progress bar (hovering needs a mouse: on touch screens Plyr shows them while
  // dragging the scrubber, which Playwright's touchscreen cannot do)
  expect(playback.storyboard).toBeTruthy();
  if (test.info().project.use.hasTouch) return;
  const bar = page.locator('.plyr__progress input[type="range"]');
  const box = (await bar.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
  await expect(page.locator('.plyr__preview-thumb')).toBeVisible();
  await expect(page.locator('.plyr__preview-thumb')).toHaveClass(/plyr__preview-thumb--is-shown/);
  await expect(page.locator('.plyr__preview-thumb__image-container img').first()).toHaveAttribute('src', /storyboard/);
  // the chapter under the pointer is named over the frame (half way through the 16 s lesson: its 5-10 s chapter)
  await expect(page.locator('.plyr__preview-thumb__chapter')).toHaveText('Tasks and the task queue');
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2, { steps: 4 });
  await expect(page.locator('.plyr__preview-thumb__chapter')).toHaveText('The call stack');
  // posters and storyboards from the CMS origin, hls.js (blob: media, its worker), Plyr's sprite: nothing refused
  await expect
    .poll(() =>
      page
        .locator('.plyr__preview-thumb__image-container img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBeGreaterThan(0);
  expect(refused).toEqual([]);
});

test('chapters from timestamps in the description: a list beside the video that seeks, and marks on the timeline', async ({
  page,
}, testInfo) => {
  // its description lists `- 0:00 Callbacks…`, `- 0:04 Promise chains`, `- 0:08 async/await…`; it has no chapter list
  await openPlayer(page, '/watch/async-await-without-the-mystery');
  const chapters = page.getByRole('region', { name: 'Chapters' });
  await expect(chapters.getByRole('listitem')).toHaveCount(3);
  await expect(chapters.getByRole('listitem').nth(1)).toHaveText(/0:04\s*Play from 4 seconds:\s*Promise chains/);
  // the description's Markdown is read as text
  await expect(chapters.getByRole('listitem').nth(2)).toHaveText(
    /0:08\s*Play from 8 seconds:\s*async\/await and try\/catch$/,
  );
  // the first chapter starts the video: the other two are marked on the progress bar, where their times are
  const markers = page.locator('.plyr__progress__marker');
  await expect(markers).toHaveCount(2);
  const left = await markers.evaluateAll((elements) => elements.map((element) => (element as HTMLElement).style.left));
  expect(left.map((value) => Math.round(Number.parseFloat(value)))).toEqual([33, 67]);
  await page.locator('main').screenshot({ path: testInfo.outputPath('chapters.png') });
  await chapters.getByRole('button', { name: /Promise chains/ }).click();
  await expect
    .poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(4);
});

test('the transcript follows playback, seeks on a click and finds words in this video', async ({ page }, testInfo) => {
  await openPlayer(page, `/watch/${SLUG}`);
  const transcript = page.getByRole('region', { name: 'Transcript' });
  const lines = transcript.getByRole('listitem');
  // the seed's English captions, line by line
  await expect(lines).toHaveText([
    /0:00\s*Play from .*Everything starts on the call stack\.$/,
    /0:05\s*Play from .*When the stack is empty, the loop takes the next task\.$/,
    /0:10\s*Play from .*But first, every queued microtask runs\.$/,
  ]);
  await lines.nth(2).getByRole('button').click();
  await expect
    .poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(10);
  await expect(lines.nth(2)).toHaveAttribute('aria-current', 'true');
  await expect(lines.nth(0)).not.toHaveAttribute('aria-current', 'true');
  await videoProp(page, (element) => element.pause());

  const search = transcript.getByRole('searchbox', { name: 'Search the transcript' });
  await search.fill('STACK');
  await expect(transcript.locator('li:not([hidden])')).toHaveCount(2);
  await expect(transcript.locator('mark')).toHaveText(['stack', 'stack']);
  await expect(transcript.getByText('2 lines say “STACK”.')).toBeVisible();
  await page.locator('main').screenshot({ path: testInfo.outputPath('transcript.png') });
  await search.fill('<img src=x onerror=alert(1)>');
  await expect(transcript.getByText('No line says “<img src=x onerror=alert(1)>”.')).toBeVisible();
  await expect(transcript.locator('li:not([hidden])')).toHaveCount(0);
  await search.press('Escape');
  await expect(transcript.locator('li:not([hidden])')).toHaveCount(3);
  await expect(transcript.locator('mark')).toHaveCount(0);
});

test('the player works from the keyboard', async ({ page }) => {
  test.setTimeout(45_000);
  await seededPlayback(page);
  await openPlayer(page, `/watch/${SLUG}`);

  // Tab from the start of the main content reaches the play button
  await page.locator('#main').focus();
  let label = '';
  for (let i = 0; i < 15 && !label.startsWith('Play'); i += 1) {
    await page.keyboard.press('Tab');
    label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  }
  expect(label).toMatch(/^Play/);

  await page.keyboard.press('Space');
  await expect.poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
  await page.keyboard.press('k');
  await expect.poll(() => videoProp(page, (element) => element.paused)).toBe(true);

  const before = await videoProp(page, (element) => element.currentTime);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => videoProp(page, (element) => element.currentTime)).toBeGreaterThan(before + 2);
});

test('the embed page is a bare player other sites can frame; no other page can be framed', async ({ page }) => {
  await seededPlayback(page);
  const refused = cspViolations(page);
  const response = await page.goto(`/embed/${SLUG}`);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers['x-frame-options']).toBeUndefined();
  expect(headers['content-security-policy']).toMatch(/(^|;)\s*frame-ancestors \*\s*(;|$)/);
  expect(headers['content-security-policy']).toMatch(/(^|;)\s*script-src 'self'[^;]*'sha256-/);
  await expect(stage(page)).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
  await expect(page.locator('header, footer')).toHaveCount(0);
  const title = page.locator('a.embed__title');
  await expect(title).toHaveAttribute('target', '_top');
  await expect(title).toHaveAttribute('href', new RegExp(`/watch/${SLUG}$`));

  // framed by a page of another origin, as an oEmbed consumer would (support/another-site.ts)
  const embedUrl = page.url();
  const watchUrl = new URL(`/watch/${SLUG}`, embedUrl).href;
  const otherSite = await serveAnotherSite(
    `<iframe id="embed" src="${embedUrl}" width="480" height="270" allowfullscreen></iframe><iframe id="watch" src="${watchUrl}" width="480" height="270"></iframe>`,
  );
  try {
    await page.goto(otherSite.url);
    const frame = page.frameLocator('#embed');
    await expect(frame.locator('[data-player]')).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
    await frame.locator('.plyr__control--overlaid').click();
    await expect
      .poll(() => frame.locator('[data-player] video').evaluate((element: HTMLVideoElement) => element.currentTime), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0.5);
    // the watch page next to it refuses to be framed (frame-ancestors 'none'): the browser says so, and its frame stays empty
    await expect.poll(() => refused.some((text) => /frame-ancestors 'none'/.test(text))).toBe(true);
    await expect(page.frameLocator('#watch').locator('[data-player]')).toHaveCount(0);
    expect(refused.filter((text) => !/frame-ancestors 'none'/.test(text))).toEqual([]);
  } finally {
    await otherSite.close();
  }

  const missing = await page.goto('/embed/no-such-video');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('oEmbed: discovery from the watch page, JSON for this site, 404 for others', async ({ page, request }) => {
  await seededPlayback(page);
  await page.goto(`/watch/${SLUG}`);
  const discovery = page.locator('link[rel="alternate"][type="application/json+oembed"]');
  await expect(discovery).toHaveAttribute('title', /.+/);
  const href = (await discovery.getAttribute('href'))!;
  const watchUrl = page.url();
  expect(new URL(href).searchParams.get('url')).toBe(watchUrl);

  const answer = await request.get(href);
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('application/json');
  const body = await answer.json();
  expect(body).toMatchObject({
    version: '1.0',
    type: 'video',
    provider_name: 'Framecast',
    author_name: expect.any(String),
    author_url: expect.stringContaining('/creators/'),
  });
  expect(body.html).toMatch(
    new RegExp(`^<iframe src="[^"]+/embed/${SLUG}" width="${body.width}" height="${body.height}"`),
  );
  expect(body.width / body.height).toBeCloseTo(16 / 9, 1);
  expect((await request.get(body.thumbnail_url)).status()).toBe(200);

  const small = await (
    await request.get(`/oembed?url=${encodeURIComponent(watchUrl)}&maxwidth=320&maxheight=320`)
  ).json();
  expect(small.width).toBeLessThanOrEqual(320);
  expect(small.height).toBeLessThanOrEqual(320);
  if (small.thumbnail_width) expect(small.thumbnail_width).toBeLessThanOrEqual(320);

  const embedUrl = watchUrl.replace('/watch/', '/embed/');
  expect((await request.get(`/oembed?url=${encodeURIComponent(embedUrl)}`)).status()).toBe(200);
  expect(
    (await request.get(`/oembed?url=${encodeURIComponent(`https://elsewhere.example.com/watch/${SLUG}`)}`)).status(),
  ).toBe(404);
  expect(
    (await request.get(`/oembed?url=${encodeURIComponent(watchUrl.replace(SLUG, 'no-such-video'))}`)).status(),
  ).toBe(404);
  expect((await request.get(`/oembed?url=${encodeURIComponent(watchUrl)}&format=xml`)).status()).toBe(501);
});

test('pages without a player do not load the player bundle', async ({ page }) => {
  await page.goto('/');
  await page.waitForLoadState('load');
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.endsWith('.js')),
  );
  expect(scripts.filter((name) => /player\.[\w-]+\.js$/.test(name))).toEqual([]);
});
