import { expect, test } from '@playwright/test';
import { cspViolations } from './support/player';

// Slugs from the demo catalog (database/seed/catalog.ts)
const UNLISTED = 'office-hours-7-async-questions';
const PRIVATE = 'rough-cut-sourdough-timelapse';
const DRAFT = 'git-rebase-without-fear';

test('home -> category -> watch -> creator', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Framecast/);
  await expect(page.getByRole('heading', { name: 'Newest videos', exact: true })).toBeVisible();
  const newest = page.locator('section[aria-labelledby="newest-title"] article');
  await expect(newest).toHaveCount(12);

  // category, from the navigation (on a phone it may need scrolling into view)
  await page.getByRole('navigation').getByRole('link', { name: 'Science', exact: true }).click();
  await expect(page).toHaveURL(/\/c\/science$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Science' })).toBeVisible();
  const cards = page.locator('main article');
  expect(await cards.count()).toBeGreaterThan(1);

  // watch page: a playable video with the source, title and creator
  const firstTitle = (await cards.first().getByRole('heading').textContent())?.trim() ?? '';
  await cards.first().getByRole('link', { name: firstTitle }).first().click();
  await expect(page).toHaveURL(/\/watch\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstTitle);
  const video = page.locator('video');
  await expect(video).toHaveAttribute('preload', 'metadata');
  // it plays from the HLS ladder through the media gateway, never from the source file
  const player = page.locator('[data-player]');
  const hls = await player.getAttribute('data-hls');
  expect(hls).toMatch(/\/media\/videos\/[a-z0-9]+\/[\w-]+\/master\.m3u8$/);
  const master = await page.request.get(hls!);
  expect(master.status()).toBe(200);
  expect(await master.text()).toContain('#EXT-X-STREAM-INF');
  await expect(player).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });

  // creator page from the creator card
  const creatorLink = page
    .locator('main')
    .getByRole('link', { name: /@[a-z0-9-]+|Priya|Ada|Lena|Kenji|Tomás/ })
    .first();
  await creatorLink.click();
  await expect(page).toHaveURL(/\/creators\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.locator('main article').count()).toBeGreaterThan(0);
});

test('a verified creator shows the badge, social links and playlists', async ({ page }) => {
  await page.goto('/creators/ada-moreno');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ada Moreno');
  await expect(page.getByText(/verified/i).first()).toBeAttached();
  await expect(page.locator('main a[href^="https://"]').first()).toBeVisible();
});

test('a playlist lists its videos in order and hides what is not public', async ({ page, request }) => {
  const cms = process.env.E2E_CMS_URL;
  const list = await (await request.get(`${cms}/api/playlists?populate[videos]=true`)).json();
  const playlist = list.data.find((entry: { videos: unknown[] }) => entry.videos.length > 1);
  await page.goto(`/p/${playlist.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(playlist.title);
  const titles = await page.locator('main article h2, main article h3, main article h4').allTextContents();
  expect(titles.map((title) => title.trim())).toEqual(playlist.videos.map((video: { title: string }) => video.title));
  expect(JSON.stringify(list)).not.toContain(UNLISTED);
});

test('an unlisted video plays by its link but is never listed', async ({ page }) => {
  const response = await page.goto(`/watch/${UNLISTED}`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('video')).toBeAttached();
  await page.goto('/');
  await expect(page.locator(`a[href*="/watch/${UNLISTED}"]`)).toHaveCount(0);
});

for (const slug of [PRIVATE, DRAFT, 'no-such-video']) {
  test(`${slug} answers 404 with a friendly page`, async ({ page }) => {
    const response = await page.goto(`/watch/${slug}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: /home/i }).first()).toBeVisible();
    expect(await page.content()).not.toMatch(/at .+\.(js|ts|mjs):\d+/);
  });
}

test('an unknown path answers 404', async ({ page }) => {
  const response = await page.goto('/this/does/not/exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the site and the CMS report healthy', async ({ request }) => {
  const site = await request.get('/health');
  expect(site.status()).toBe(200);
  expect(await site.json()).toMatchObject({ cms: { reachable: true } });
  const cms = await request.get(`${process.env.E2E_CMS_URL}/api/health`);
  expect(await cms.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
});

test('no horizontal scrolling on any main page', async ({ page }) => {
  for (const path of ['/', '/c/science', '/creators/ada-moreno', `/watch/${UNLISTED}`]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test('the main pages run under their Content-Security-Policy without a single refusal', async ({ page }) => {
  const refused = cspViolations(page);
  for (const path of [
    '/',
    '/search?q=piano',
    '/trending',
    '/c/music',
    '/creators/ada-moreno',
    '/account/sign-in',
    '/account/register',
    '/no-such-page',
  ]) {
    const response = await page.goto(path);
    await page.waitForLoadState('load');
    const policy = response!.headers()['content-security-policy'] ?? '';
    expect(policy, path).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
    expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  }
  // the search filter panel's inline script (its hash is in the policy) still folds it on phones
  if (test.info().project.use.isMobile) {
    await page.goto('/search?q=piano');
    await page.waitForLoadState('load');
    expect(await page.locator('.search-filters__panel').getAttribute('open')).toBeNull();
  }
  expect(refused).toEqual([]);
});
