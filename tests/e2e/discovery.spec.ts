import { expect, test, type Page } from '@playwright/test';
import { serveAnotherSite } from './support/another-site';
import { stage, videoProp } from './support/player';

// Titles, tags and slugs from the demo catalog (database/seed/catalog.ts), found through the discovery plugin.
const KERNING = 'kerning-by-eye-a-practical-introduction';
const PENDULUM = 'measuring-g-with-a-phone-and-a-pendulum';
const EVENT_LOOP = 'javascript-event-loop-one-frame-at-a-time';
const UNLISTED = 'office-hours-7-async-questions';

const isPhone = () => Boolean(test.info().project.use.isMobile);

/** The header search box: on phones it is folded behind a toggle first. */
async function headerSearch(page: Page) {
  if (isPhone()) {
    const toggle = page.locator('.site-header [data-search-toggle]');
    await expect(toggle).toHaveAccessibleName('Search');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }
  const box = page.getByRole('combobox', { name: 'Search videos' });
  await expect(box).toBeVisible();
  return box;
}

/** The filter panel folds on phones; open it to reach the filters. */
async function openFilters(page: Page) {
  const panel = page.locator('details.search-filters__panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await expect(panel).toHaveAttribute('open', '');
}

const resultTitles = (page: Page) => page.locator('.discovery__results article h3').allTextContents();

test('header search: autocomplete by keyboard to a watch page', async ({ page }) => {
  await page.goto('/');
  const box = await headerSearch(page);
  await box.focus();
  const suggest = page.waitForResponse((response) => response.url().includes('/api/suggest?q=kern'));
  await page.keyboard.type('kern', { delay: 40 });
  expect((await suggest).status()).toBe(200);

  const listbox = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(box).toHaveAttribute('aria-controls', 'site-search-listbox');
  const option = listbox.getByRole('option').first();
  await expect(option).toContainText('Kerning by eye');
  await expect(option.locator('mark')).toHaveText(/kern/i);
  await expect(page.locator('[data-site-search-status]')).toHaveText(/^\d+ suggestions?\./);

  await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  // Escape closes the list; ArrowDown opens it again
  await page.keyboard.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  // the link says where the view came from (creator analytics' traffic sources)
  await expect(page).toHaveURL(new RegExp(`/watch/${KERNING}\\?src=search$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kerning by eye');
});

test('a misspelt search from the header still finds the video, highlighted', async ({ page }) => {
  await page.goto('/');
  const box = await headerSearch(page);
  await box.fill('pendulm');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=pendulm$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “pendulm”');
  const first = page.locator('.discovery__results article').first();
  await expect(first.getByRole('link', { name: /pendulum/i })).toHaveAttribute('href', `/watch/${PENDULUM}?src=search`);
  await expect(first.locator('h3 mark')).toHaveText(/pendulum/i);
  await expect(page.locator('.discovery__count')).toHaveText(/\d+ videos? · found in (\d+ ms|under 1 ms)/);
});

test('search into videos: a word said only in the captions finds the lesson, shows the line and starts the player there', async ({
  page,
}, testInfo) => {
  await page.goto('/search?q=antinode');
  const hit = page.locator('.discovery__results article').first();
  await expect(hit.getByRole('heading', { level: 3 })).toHaveText('The physics of a vibrating string');
  // the line that says it, its time, the word marked
  const line = hit.locator('.video-card__moment a');
  await expect(line).toHaveText(/Said at\s*0:03\s*Halfway between them, the antinode swings widest\./);
  await expect(line.locator('mark')).toHaveText('antinode');
  await expect(line).toHaveAttribute('href', '/watch/physics-of-a-vibrating-string?src=search&t=3');
  await page.screenshot({ path: testInfo.outputPath('search-into-captions.png') });
  await line.click();
  await expect(page).toHaveURL(/\/watch\/physics-of-a-vibrating-string\?src=search&t=3$/);
  // the player starts at that second, not at the beginning: where the first played stretch begins
  await expect(stage(page)).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
  await page.locator('.plyr__control--overlaid').click();
  await expect.poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 }).toBeGreaterThan(3.2);
  // what was played before that second: at most a blink (a frame at 0 before the seek lands), never the beginning
  const playedBefore = await videoProp(page, (element) => {
    let seconds = 0;
    for (let index = 0; index < element.played.length; index += 1)
      seconds += Math.max(0, Math.min(element.played.end(index), 2.9) - element.played.start(index));
    return seconds;
  });
  expect(playedBefore).toBeLessThan(0.5);

  // a chapter title found: the chapter's start
  await page.goto('/search?q=timing%20swings');
  const chapter = page.locator('.discovery__results article').first().locator('.video-card__moment a');
  await expect(chapter).toHaveText(/^Chapter\s*0:03\s*Timing twenty swings$/);
  await expect(chapter).toHaveAttribute('href', '/watch/measuring-g-with-a-phone-and-a-pendulum?src=search&t=3');
});

test('a facet filter narrows the results and the URL carries it; the chip removes it', async ({ page }) => {
  await page.goto('/search');
  const before = await page.locator('.discovery__results article').count();
  expect(before).toBeGreaterThan(2);

  await openFilters(page);
  const music = page.getByRole('group', { name: 'Category' }).getByRole('radio', { name: /^Music/ });
  await expect(music).toBeVisible();
  // a pointer choice applies at once (keyboard choices wait for the Apply button)
  await music.click();
  await expect(page).toHaveURL(/\/search\?category=music$/);
  const titles = await resultTitles(page);
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.length).toBeLessThan(before);

  const chip = page.getByRole('link', { name: 'Remove filter Category: Music' });
  await expect(chip).toBeVisible();
  await chip.click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.locator('.discovery__results article')).toHaveCount(before);
});

test('keyboard filter choices wait for Apply, and tags combine', async ({ page }) => {
  await page.goto('/c/music');
  await openFilters(page);
  const tags = page.getByRole('group', { name: 'Tags' });
  await tags.getByRole('checkbox', { name: /^Piano/ }).focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/c\/music$/);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/c\/music\?tags=piano$/);
  const titles = await resultTitles(page);
  expect(titles.sort()).toEqual(['Five-minute piano warm-up for stiff hands', 'Voice leading in four chords']);
});

test('sort by most viewed, in the order the search API gives', async ({ page, request }) => {
  await page.goto('/c/science');
  await page.getByLabel('Sort by').selectOption('views');
  await page.getByRole('button', { name: 'Sort', exact: true }).click();
  await expect(page).toHaveURL(/\/c\/science\?sort=views$/);
  await expect(page.getByLabel('Sort by')).toHaveValue('views');
  const api = await (await request.get(`${process.env.E2E_CMS_URL}/api/search?category=science&sort=views`)).json();
  expect(await resultTitles(page)).toEqual(api.data.map((hit: { video: { title: string } }) => hit.video.title));
});

test('search works without JavaScript: GET forms, filters and pagination state in the URL', async ({ browser }) => {
  const context = await browser.newContext({ ...test.info().project.use, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto('/');
    if (isPhone()) {
      // the folded search is a plain link to the search page
      await page.locator('.site-header').getByRole('link', { name: 'Search' }).click();
      await expect(page).toHaveURL(/\/search$/);
      await page.getByLabel('Search for').fill('bread');
      await page.locator('main').getByRole('button', { name: 'Search', exact: true }).click();
    } else {
      const box = page.getByRole('searchbox', { name: 'Search videos' });
      await box.fill('bread');
      await box.press('Enter');
    }
    // without JavaScript the page's own form also sends its empty choices ("Any ..."), which mean no filter
    await expect(page).toHaveURL(/\/search\?q=bread(&|$)/);
    await expect(page.locator('.discovery__results article').first()).toContainText('No-knead bread');

    // the filter panel is open without JavaScript; a filter applies with the button
    await expect(page.locator('details.search-filters__panel')).toHaveAttribute('open', '');
    await page
      .getByRole('group', { name: 'Tags' })
      .getByRole('checkbox', { name: /^Baking/ })
      .check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.getAll('tags')).toEqual(['baking']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('bread');
    await expect(page.locator('.discovery__results article').first()).toContainText('No-knead bread');
    await expect(page.getByRole('link', { name: 'Remove filter Tag: Baking' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('no results: a helpful empty state', async ({ page }) => {
  const response = await page.goto('/search?q=zzqxvw&duration=long');
  expect(response?.status()).toBe(200);
  await expect(page.getByText('No videos match “zzqxvw”')).toBeVisible();
  await expect(page.getByText(/check the spelling/i)).toBeVisible();
  await expect(page.getByRole('link', { name: 'search without filters' })).toHaveAttribute('href', '/search?q=zzqxvw');
  await expect(page.locator('.discovery__results').getByRole('link', { name: 'trending' })).toHaveAttribute(
    'href',
    '/trending',
  );
});

test('junk in the URL is ignored, not an error', async ({ page }) => {
  const response = await page.goto('/search?q=piano&sort=sideways&duration=forever&page=abc&tags=%3Cb%3E');
  expect(response?.status()).toBe(200);
  await expect(page.locator('.discovery__results article').first()).toBeVisible();
  await expect(page.locator('.discovery__chips')).toHaveCount(0);
});

test('trending and popular pages, linked from the header and the home page', async ({ page, request }) => {
  await page.goto('/');
  for (const [name, path] of [
    ['Trending now', '/trending'],
    ['Popular', '/popular'],
  ] as const) {
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
    expect(await section.locator('article').count()).toBeGreaterThan(2);
    await expect(section.getByRole('link', { name: /See all/ })).toHaveAttribute('href', path);
  }
  await page.getByRole('navigation', { name: 'Browse' }).getByRole('link', { name: 'Trending', exact: true }).click();
  await expect(page).toHaveURL(/\/trending$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trending now');
  expect(await page.locator('.discovery__results article').count()).toBeGreaterThan(2);
  // the order is the page itself: no sort choice
  await expect(page.getByLabel('Sort by')).toHaveCount(0);

  const popular = await page.goto('/popular');
  expect(popular?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Popular');
  const api = await (await request.get(`${process.env.E2E_CMS_URL}/api/search?sort=views`)).json();
  expect(await resultTitles(page)).toEqual(api.data.map((hit: { video: { title: string } }) => hit.video.title));
});

test('tag pages list the tag’s videos; the watch page links its tags there', async ({ page }) => {
  await page.goto(`/watch/${EVENT_LOOP}`);
  await page.getByRole('link', { name: '#Deep dive' }).click();
  await expect(page).toHaveURL(/\/t\/deep-dive$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('#Deep dive');
  const titles = await resultTitles(page);
  expect(titles).toContain('The JavaScript event loop, one frame at a time');
  expect(titles.length).toBeGreaterThan(2);
  expect((await page.goto('/t/no-such-tag'))?.status()).toBe(404);
});

test('related videos on a watch page never include the video itself', async ({ page }) => {
  await page.goto(`/watch/${EVENT_LOOP}`);
  const related = page.locator('section', { has: page.getByRole('heading', { name: 'Related videos' }) });
  const links = related.locator('article a.card-link');
  expect(await links.count()).toBeGreaterThan(0);
  for (const href of await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))) {
    expect(href).toMatch(/^\/watch\/[^/?]+\?src=related$/);
    expect(href!.split('?')[0]).not.toBe(`/watch/${EVENT_LOOP}`);
    expect(href!.split('?')[0]).not.toBe(`/watch/${UNLISTED}`);
  }
});

test('a view counts once per viewer session after 5 s of playback', async ({ browser }) => {
  test.skip(
    isPhone(),
    'the count is the player script’s and the CMS’s, the same on a phone; the phone player is player.spec’s',
  );
  test.setTimeout(90_000);
  const context = await browser.newContext({ ...test.info().project.use });
  const page = await context.newPage();
  const beacons: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/views')
      beacons.push(request.postData() ?? '');
  });
  const playAndAnswer = async () => {
    await page.goto(`/watch/${EVENT_LOOP}`);
    await expect(stage(page)).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
    const answer = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/views'),
      { timeout: 30_000 },
    );
    await page.locator('.plyr__control--overlaid').click();
    // nothing is sent before 5 s have played
    await expect.poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 }).toBeGreaterThan(2);
    expect(beacons).toHaveLength(0);
    const response = await answer;
    expect(response.status()).toBe(200);
    const body = await response.json();
    // once per page load: playing on does not send another
    await expect.poll(() => videoProp(page, (element) => element.currentTime), { timeout: 15_000 }).toBeGreaterThan(8);
    expect(beacons).toHaveLength(1);
    const sent = JSON.parse(beacons[0]!);
    expect(sent.watchedSeconds).toBeGreaterThanOrEqual(5);
    expect(sent).not.toHaveProperty('viewer');
    beacons.length = 0;
    return body;
  };
  try {
    expect(await playAndAnswer()).toEqual({ counted: true });
    const cookie = (await context.cookies()).find((entry) => entry.name === 'fc_viewer');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', expires: -1, secure: false });
    // the viewer id the site signed (contracts/src/view-token.ts)
    expect(cookie!.value).toMatch(/^v1\.[A-Za-z0-9_-]{32}\.\d+\.[A-Za-z0-9_-]{43}$/);
    // the same browser session again: not a new view
    expect(await playAndAnswer()).toEqual({ counted: false });
  } finally {
    await context.close();
  }
});

test('the views endpoint takes JSON from the site only', async ({ page, request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const { data } = await (await request.get(`${process.env.E2E_CMS_URL}/api/videos/slug/${EVENT_LOOP}`)).json();

  const tooShort = await request.post('/api/views', {
    headers: { origin },
    data: { video: data.documentId, watchedSeconds: 1 },
  });
  expect(tooShort.status()).toBe(422);
  const bad = await request.post('/api/views', { headers: { origin }, data: { video: '../x', watchedSeconds: 9 } });
  expect(bad.status()).toBe(400);
  const notJson = await request.post('/api/views', {
    headers: { origin, 'content-type': 'text/csv' },
    data: 'video,9',
  });
  expect(notJson.status()).toBe(415);

  // a cookie the browser made up is not vouched for: the site answers with a viewer id of its own, signed
  const chosen = await request.post('/api/views', {
    headers: { origin, cookie: 'fc_viewer=viewer-chosen-by-the-client-0001' },
    data: { video: data.documentId, watchedSeconds: 9 },
  });
  expect(chosen.status()).toBe(200);
  expect(chosen.headers()['set-cookie']).toMatch(/^fc_viewer=v1\.[A-Za-z0-9_-]{32}\.\d+\.[A-Za-z0-9_-]{43};/);
  // and the CMS counts nothing the site did not sign: a client going to it directly gets 401
  for (const viewer of [
    'viewer-chosen-by-the-client-0001',
    `v1.${'a'.repeat(32)}.${Math.floor(Date.now() / 1000)}.${'A'.repeat(43)}`,
  ]) {
    const direct = await request.post(`${process.env.E2E_CMS_URL}/api/discovery/views`, {
      data: { video: data.documentId, viewer, watchedSeconds: 9 },
    });
    expect(direct.status()).toBe(401);
  }

  // a form on another site posting to it is refused (Astro's checkOrigin)
  const other = await serveAnotherSite(
    `<form method="post" action="${origin}/api/views" enctype="text/plain"><input name='{"video":"${data.documentId}","watchedSeconds":9,"x":"' value='"}'><button>Send</button></form>`,
  );
  try {
    await page.goto(other.url);
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.url() === `${origin}/api/views`),
      page.getByRole('button', { name: 'Send' }).click(),
    ]);
    expect(response.status()).toBe(403);
  } finally {
    await other.close();
  }
});

test('no horizontal scrolling on the discovery pages', async ({ page }) => {
  for (const path of [
    '/search?q=piano',
    '/search?q=zzqxvw',
    '/trending',
    '/popular',
    '/t/beginner',
    '/c/music?duration=short',
  ]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
