/**
 * The help center (/help): reached from the footer, searched (a GET form answered by the server, with and without
 * JavaScript), a guide opened with the keyboard alone, and axe-core on its pages; and the admin's Help buttons (one
 * component, from the onboarding plugin) on the upload, queue, analytics and review-queue pages, each to its guide.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cmsUrl, loginToAdmin } from './support/admin';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CAPTIONS_GUIDE = 'Captions, chapters and the transcript';

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} (${violation.nodes.length})`,
  );
}

test('the footer leads to the help center, and a search lists the guides that match', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Help center' })).toBeVisible();
  for (const section of ['For viewers', 'For creators', 'For moderators', 'Frequently asked questions'])
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Uploading videos' })).toHaveAttribute(
    'href',
    '/help/creators/uploading-and-formats',
  );
  await page.screenshot({ path: testInfo.outputPath('help.png'), fullPage: true });

  const box = page.getByRole('searchbox', { name: 'Search the help center' });
  await box.fill('WebVTT chapters');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/help\?q=WebVTT\+chapters$/);
  const results = page.getByRole('region', { name: /guides? match/ });
  await expect(results.getByRole('heading', { level: 2 })).toHaveText('1 guide matches “WebVTT chapters”');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('link', { name: CAPTIONS_GUIDE })).toBeVisible();
  await expect(box).toHaveValue('WebVTT chapters');

  // case does not matter, and every word must match
  await page.goto('/help?q=KEYBOARD%20shortcuts');
  const first = page
    .getByRole('region', { name: /guides? match/ })
    .getByRole('listitem')
    .first();
  await expect(first.getByRole('link')).toHaveText('Watching videos');
  await page.goto('/help?q=captions%20zzqxvw');
  await expect(page.getByText('No guide matches “captions zzqxvw”')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Search videos for “captions zzqxvw” instead' })).toHaveAttribute(
    'href',
    '/search?q=captions%20zzqxvw',
  );
  // with nothing found, every section is still there to browse
  await expect(page.getByRole('heading', { level: 2, name: 'For creators' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('help-nothing-found.png'), fullPage: true });
});

test('keyboard only: from the skip link to a search result, then into the guide', async ({ page }, testInfo) => {
  await page.goto('/help?q=captions');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /skip to content/i })).toBeFocused();
  await page.keyboard.press('Enter');
  let href = '';
  for (let i = 0; i < 8 && href !== '/help/creators/captions-and-chapters'; i += 1) {
    await page.keyboard.press('Tab');
    href = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
  }
  expect(href).toBe('/help/creators/captions-and-chapters');
  const focused = page.getByRole('link', { name: CAPTIONS_GUIDE });
  await expect(focused).toBeFocused();
  expect(await focused.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/help\/creators\/captions-and-chapters$/);
  await expect(page.getByRole('heading', { level: 1, name: CAPTIONS_GUIDE })).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('link', { name: 'Help' })).toHaveAttribute('href', '/help');
  await expect(crumbs.getByRole('link', { name: 'Creators' })).toHaveAttribute('href', '/help/creators');
  await expect(crumbs.getByText(CAPTIONS_GUIDE)).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: testInfo.outputPath('help-guide.png'), fullPage: true });
  // the table of contents leads to the guide's own headings
  const contents = page.getByRole('navigation', { name: 'On this page' });
  await contents.getByRole('link', { name: 'Chapters' }).click();
  await expect(page).toHaveURL(/#chapters$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Chapters', exact: true })).toBeInViewport();
  // the other guides of the section, this one left out
  const others = page.getByRole('region', { name: 'Other guides for creators' });
  await expect(others.getByRole('link', { name: 'Uploading videos' })).toBeVisible();
  await expect(others.getByRole('link', { name: CAPTIONS_GUIDE })).toHaveCount(0);
});

test('the search works without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/help');
  await page.getByRole('searchbox', { name: 'Search the help center' }).fill('review queue');
  await page.getByRole('search', { name: 'Help center' }).getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/help\?q=review\+queue$/);
  await expect(
    page.getByRole('region', { name: /guides? match/ }).getByRole('link', { name: 'The review queue' }),
  ).toBeVisible();
  await context.close();
});

test('a help address that names no guide is a 404', async ({ request }) => {
  expect((await request.get('/help/creators/no-such-guide')).status()).toBe(404);
  expect((await request.get('/help/nowhere')).status()).toBe(404);
  expect((await request.get('/help/creators')).status()).toBe(200);
  expect((await request.get('/help/faq')).status()).toBe(200);
});

for (const [name, path] of [
  ['help center', '/help'],
  ['search results', '/help?q=captions'],
  ['empty search', '/help?q=zzqxvw'],
  ['section', '/help/moderators'],
  ['guide with a table and keys', '/help/viewers/watching-videos'],
  ['guide with examples', '/help/creators/captions-and-chapters'],
  ['guide with a table of limits', '/help/creators/uploading-and-formats'],
  ['guide with a table of decisions', '/help/moderators/review-queue'],
  ['FAQ', '/help/faq'],
] as const) {
  test(`axe-core finds no violations on the ${name} page`, async ({ page }) => {
    await page.goto(path);
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('the admin pages link to their guide in the help center', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the admin is looked at on desktop');
  await loginToAdmin(page, 'moderator@framecast.local', { password: 'Framecast-moderator-1' });
  const pages: Array<[string, string]> = [
    ['/admin/plugins/transcoding', '/help/creators/uploading-and-formats'],
    ['/admin/plugins/analytics', '/help/creators/analytics'],
    ['/admin/plugins/moderation', '/help/moderators/review-queue'],
  ];
  for (const [adminPath, guide] of pages) {
    await page.goto(`${cmsUrl()}${adminPath}`);
    const help = page.getByTestId('help-link');
    await expect(help, adminPath).toHaveAttribute('href', new RegExp(`${guide}$`));
    await expect(help).toHaveAttribute('target', '_blank');
    await expect(help).toContainText('Help');
    const href = (await help.getAttribute('href'))!;
    expect((await request.get(href)).status(), href).toBe(200);
  }
});
