/**
 * The admin's Diagnostics page, end to end: on a CMS started with a wrong FFMPEG_PATH (a copy of the seeded database,
 * nothing else shared), the administrator opens Diagnostics from the menu, runs every check, sees the ffmpeg check
 * failing with its fix while the others pass, runs one check again, and finds both runs in the history.
 */
import { expect, test } from '@playwright/test';
import { startSpareCms } from '../support/stack';
import { loginToAdmin } from './support/admin';
import { E2E_SPARE_CMS_PORT } from './playwright.config';

const ADMIN = { email: 'admin@framecast.local', password: 'Framecast-admin-1' };

// one CMS of its own, booted once: the page's small-screen layout is the admin's own (cards, no table)
test.skip(({ isMobile }) => isMobile, 'desktop only: the spec boots a CMS of its own');
test.describe.configure({ mode: 'serial' });

let spare: Awaited<ReturnType<typeof startSpareCms>>;
test.beforeAll(async () => {
  test.setTimeout(150_000);
  const dir = process.env.E2E_SPARE_DATA;
  if (!dir) throw new Error('E2E_SPARE_DATA is not set: run the specs through tests/e2e/playwright.config.ts');
  spare = await startSpareCms(dir, { cmsPort: E2E_SPARE_CMS_PORT, env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } });
});
test.afterAll(async () => {
  await spare?.stop();
});

test('an administrator runs the checks and sees the failing one with its fix', async ({ page }) => {
  test.setTimeout(120_000);
  await loginToAdmin(page, ADMIN.email, { password: ADMIN.password, cms: spare.cmsUrl });
  await page.getByRole('link', { name: 'Diagnostics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnostics' })).toBeVisible();
  await expect(page.getByText('No run yet. Run all checks')).toBeVisible();
  const card = (name: string) => page.locator(`article[data-check="${name}"]`);
  await expect(card('ffmpeg')).toHaveAttribute('data-status', 'none');

  await page.getByRole('button', { name: 'Run all checks' }).click();
  await expect(card('ffmpeg')).toHaveAttribute('data-status', 'fail', { timeout: 90_000 });
  await expect(card('ffmpeg')).toContainText('ffmpeg at /nonexistent/ffmpeg');
  await expect(card('ffmpeg').locator('[data-fix="ffmpeg"]')).toContainText(
    'set FFMPEG_PATH to where it is: "/nonexistent/ffmpeg" does not run.',
  );
  for (const name of ['database', 'storage', 'queue', 'search', 'viewer', 'playback'])
    await expect(card(name)).toHaveAttribute('data-status', 'ok');
  // a check that passes shows no fix
  await expect(card('database').locator('[data-fix]')).toHaveCount(0);
  await expect(
    page.getByText(/^Last run .* by Frame Admin: \d+ ok, (1 warning, )?1 failed, \d+ skipped in /),
  ).toBeVisible();

  // one check again: only its card changes, and the history has both runs, newest first
  await card('database').getByRole('button', { name: 'Run the database check' }).click();
  const runs = page.getByRole('list', { name: 'Last runs, newest first' }).getByRole('listitem');
  await expect(runs).toHaveCount(2);
  await expect(runs.first()).toContainText('database only');
  await expect(card('ffmpeg')).toHaveAttribute('data-status', 'fail');
  await runs.nth(1).getByRole('button', { name: 'Show' }).click();
  await expect(runs.nth(1)).toContainText('Fix: Install ffmpeg');
  await page.screenshot({ path: test.info().outputPath('diagnostics.png'), fullPage: true });
});
