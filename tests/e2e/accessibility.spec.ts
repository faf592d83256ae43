import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const UNLISTED = 'office-hours-7-async-questions';

for (const [name, path] of [
  ['home', '/'],
  ['watch', `/watch/${UNLISTED}`],
  ['watch with chapters and a transcript', '/watch/javascript-event-loop-one-frame-at-a-time'],
  ['creator', '/creators/ada-moreno'],
  ['category', '/c/programming'],
  ['search results', '/search?q=piano'],
  ['filtered search', '/search?q=the&tags=beginner&duration=short'],
  ['empty search', '/search?q=zzqxvw'],
  ['trending', '/trending'],
  ['popular', '/popular'],
  ['tag', '/t/javascript'],
] as const) {
  test(`axe-core finds no serious or critical violations on the ${name} page`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)).toEqual([]);
  });
}

test('axe-core finds no serious or critical violations with the search suggestions open', async ({ page }) => {
  await page.goto('/');
  const toggle = page.locator('.site-header [data-search-toggle]');
  if (await toggle.isVisible()) await toggle.click();
  await page.getByRole('combobox', { name: 'Search videos' }).pressSequentially('pian', { delay: 30 });
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)).toEqual([]);
});

test('keyboard only: skip link, then reach and open a video', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: /skip to (main )?content/i });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  // focus moves into main; the next Tabs reach a video link
  let href = '';
  for (let i = 0; i < 12 && !href.includes('/watch/'); i += 1) {
    await page.keyboard.press('Tab');
    href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href') ?? '');
  }
  expect(href).toContain('/watch/');
  // focus is visible: the focused link, or the card-wide ::after it spans, draws an outline
  const outlines = await page.evaluate(() => {
    const element = document.activeElement as Element;
    return [getComputedStyle(element).outlineStyle, getComputedStyle(element, '::after').outlineStyle];
  });
  expect(outlines.some((style) => style !== 'none')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/watch\//);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('every thumbnail is lazy-loaded with its size declared', async ({ page }) => {
  await page.goto('/');
  const images = page.locator('main article img');
  expect(await images.count()).toBeGreaterThan(10);
  for (const image of await images.all()) {
    await expect(image).toHaveAttribute('loading', 'lazy');
    await expect(image).toHaveAttribute('width', /\d+/);
    await expect(image).toHaveAttribute('height', /\d+/);
    await expect(image).toHaveAttribute('alt', /.+/);
  }
});
