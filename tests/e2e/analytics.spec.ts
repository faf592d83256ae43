/**
 * Creator analytics end to end: two viewers (two browsers, two user agents) find one of Priya's videos, one through
 * search and one through her channel page, and play it; the player's beacons go through the site to the CMS, the
 * rollup (every few seconds on the e2e stacks) counts them, and Priya sees the views, the two sources and the
 * retention curve on her Analytics pages in the admin, on a desktop and on a phone.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { viewerPage } from './support/accounts';
import { loginToAdmin } from './support/admin';
import { playThenPauseAfter } from './support/player';

// 13 s long, and no other spec plays it
const SLUG = 'how-far-away-is-the-moon-really';
const TITLE = 'How far away is the Moon, really?';

async function watchAs(browser: Browser, userAgent: string, find: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ userAgent, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await find(page);
    await expect(page).toHaveURL(new RegExp(`/watch/${SLUG}\\?src=`));
    const beacon = page.waitForRequest(
      (request) => request.url().endsWith('/api/analytics') && request.method() === 'POST',
      { timeout: 30_000 },
    );
    // the player script takes over the <video> (and reloads it) once it has loaded: play only after that
    await expect(page.locator('[data-player]')).toHaveAttribute('data-player-ready', 'true', { timeout: 30_000 });
    // 7 s played, then paused: the pause sends what was watched
    await playThenPauseAfter(page, 7);
    const response = await (await beacon).response();
    expect(response?.status()).toBe(204);
  } finally {
    await context.close();
  }
}

test('two viewers from search and from the channel page show up in the creator’s analytics', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(4 * 60_000);
  const phone = testInfo.project.name === 'phone';
  const agent = (name: string) =>
    `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 ${name}-${testInfo.project.name}`;

  await watchAs(browser, agent('searcher'), async (viewer) => {
    await viewer.goto('/search?q=moon');
    await viewer.getByRole('link', { name: TITLE }).first().click();
  });
  // the phone run looks at another creator's page: one view of Priya's video is enough to prove it stays hers
  if (!phone)
    await watchAs(browser, agent('subscriber'), async (viewer) => {
      await viewer.goto('/creators/priya-raman');
      await viewer.getByRole('link', { name: TITLE }).first().click();
    });

  await loginToAdmin(page, phone ? 'tomas@framecast.local' : 'priya@framecast.local');
  if (phone) {
    // Tomás has no views of Priya's video: his page says what will appear, and his own numbers only
    await page.goto(page.url().replace(/\/admin\/?$/, '/admin/plugins/analytics'));
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    await expect(page.getByText('Tomás Silva: what your audience watches', { exact: false })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Top videos' }).getByRole('link', { name: TITLE })).toHaveCount(0);
    return;
  }
  // the home page widget, then the Analytics page from the menu
  await expect(page.getByText('Your audience: last 28 days')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/plugins\/analytics/);
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();

  // the rollup runs every few seconds here: reload until it has counted both viewers. Each look waits for the page's
  // own answer (on a loaded machine the admin's reload alone can take longer than a fixed wait), then reads the table.
  const topVideos = page.getByRole('region', { name: 'Top videos' });
  const row = topVideos.getByRole('row').filter({ has: page.getByRole('link', { name: TITLE }) });
  await expect(async () => {
    const answered = page.waitForResponse(
      (response) => /\/analytics\/overview(\?|$)/.test(response.url()) && response.ok(),
      { timeout: 60_000 },
    );
    await page.reload();
    await answered;
    await expect(row).toBeVisible({ timeout: 5_000 });
    expect(Number((await row.getByRole('gridcell').nth(1).innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
  }).toPass({ timeout: 150_000, intervals: [2_000] });

  const sources = page.getByRole('region', { name: 'Traffic sources' });
  await expect(sources.getByRole('gridcell', { name: 'Search', exact: true })).toBeVisible();
  await expect(sources.getByRole('gridcell', { name: 'Channel page', exact: true })).toBeVisible();

  // the video's own page: the retention curve, and its numbers as a table
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(/\/admin\/plugins\/analytics\/videos\//);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const retention = page.getByRole('region', { name: 'Audience retention' });
  await expect(retention).toBeVisible();
  await expect(page.getByText(/Steepest drops: /)).toBeVisible();
  await retention.getByRole('button', { name: 'Show table of Audience retention' }).click();
  // everyone who played saw the first seconds
  await expect(retention.getByRole('row').nth(1).getByRole('gridcell').nth(2)).toHaveText('100%');
  await page.screenshot({ path: testInfo.outputPath('video-analytics.png'), fullPage: true });
});

test('a follower who chose to be shown appears among the creator’s recent followers; the count includes everyone', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the same pages; the phone layout is checked above');
  test.setTimeout(2 * 60_000);
  const shown = await viewerPage(browser, String(baseURL), 'shown-follower');
  await shown.page.goto('/account/profile');
  await shown.page.getByLabel('Show my name to the creators I follow, among their recent followers').check();
  await shown.page.getByRole('button', { name: 'Save privacy choice' }).click();
  await expect(shown.page.getByText('Your privacy choice is saved.')).toBeVisible();
  await expect(
    shown.page.getByLabel('Show my name to the creators I follow, among their recent followers'),
  ).toBeChecked();
  const quiet = await viewerPage(browser, String(baseURL), 'quiet-follower');
  for (const viewer of [shown, quiet]) {
    await viewer.page.goto('/creators/priya-raman');
    const follow = viewer.page.locator('[data-region="follow"]');
    await follow.getByRole('button', { name: /^Follow / }).click();
    await expect(follow.getByRole('button', { name: /^Following / })).toHaveAttribute('aria-pressed', 'true');
  }

  await loginToAdmin(page, 'priya@framecast.local');
  await page.goto(page.url().replace(/\/admin\/?$/, '/admin/plugins/analytics?days=7'));
  const recent = page.getByRole('region', { name: 'Recent followers' });
  await expect(recent.getByRole('gridcell', { name: shown.username, exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(recent.getByText(quiet.username)).toHaveCount(0);
  // both count: today's point of the follower chart, as a table
  const chart = page.getByRole('region', { name: 'Followers', exact: true });
  await chart.screenshot({ path: testInfo.outputPath('followers-chart.png') });
  await chart.getByRole('button', { name: 'Show table of Followers' }).click();
  const today = chart.getByRole('row').last();
  expect(Number((await today.getByRole('gridcell').nth(1).innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
  await recent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('recent-followers.png') }); // the admin scrolls inside its own pane
});

test('a broken analytics endpoint never stops the player', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the player itself is the same on the phone');
  const refused: string[] = [];
  await page.route('**/api/analytics', async (route) => {
    refused.push(route.request().method());
    await route.fulfill({ status: 500, body: 'down' });
  });
  await page.goto(`/watch/${SLUG}`);
  await expect(page.locator('[data-player]')).toHaveAttribute('data-player-ready', 'true', { timeout: 30_000 });
  await playThenPauseAfter(page, 6);
  // the pause sent its beacon into the failure, and the page says nothing about it
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  await expect(page.locator('[data-player-error]')).toBeHidden();
  await page.locator('[data-player] video').evaluate((video: HTMLVideoElement) => video.play());
  await expect
    .poll(() => page.locator('[data-player] video').evaluate((video: HTMLVideoElement) => video.currentTime))
    .toBeGreaterThan(6.5);
});
