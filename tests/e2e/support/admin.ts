/** Admin panel steps the end-to-end specs share: the login form and the transcoding plugin's page. */
import { expect, type Page } from '@playwright/test';

export const CREATOR_PASSWORD = 'Framecast-creator-1';

function fromEnv(name: string): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: run the specs through tests/e2e/playwright.config.ts`);
  return url;
}

/** The CMS the global setup started (Playwright's baseURL is the site); it transcodes in-process. */
export const cmsUrl = () => fromEnv('E2E_CMS_URL');

/** The twin stack whose transcoding goes through BullMQ on Redis and a worker process. */
export const bullmqStack = () => ({ cms: fromEnv('E2E_BULLMQ_CMS_URL'), site: fromEnv('E2E_BULLMQ_SITE_URL') });

/**
 * Logs in through the admin's login form. Strapi allows 5 logins per email and IP every 5 minutes, so
 * each spec that logs in should use its own seeded account.
 */
export async function loginToAdmin(
  page: Page,
  email: string,
  { password = CREATOR_PASSWORD, cms = cmsUrl() }: { password?: string; cms?: string } = {},
): Promise<void> {
  await page.goto(`${cms}/admin/auth/login`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page).toHaveURL(/\/admin\/?$/, { timeout: 30_000 });
}

/** Opens "Videos: upload & queue" from the main navigation (behind the Menu button on a phone). */
export async function openTranscodingPage(page: Page): Promise<void> {
  const link = page.getByRole('link', { name: 'Videos: upload & queue' });
  const menu = page.getByRole('button', { name: 'Menu' });
  // plugin links appear once the user's permissions have loaded
  await expect(link.or(menu).first()).toBeVisible({ timeout: 15_000 });
  if (!(await link.isVisible())) await menu.click();
  await link.click();
  await expect(page).toHaveURL(/\/admin\/plugins\/transcoding$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Videos: upload & queue' })).toBeVisible();
}

/**
 * The signed-in admin's access token, as the admin keeps it (localStorage when remembered, else its cookie): for a spec
 * that waits on the admin API between two looks at a page, instead of reloading the whole admin to find out.
 */
export async function adminToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    const stored = localStorage.getItem('jwtToken');
    if (stored) return JSON.parse(stored) as string;
    const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('jwtToken='));
    return cookie ? decodeURIComponent(cookie.slice('jwtToken='.length)) : null;
  });
  if (!token) throw new Error('no admin token in this page: sign in first (loginToAdmin)');
  return token;
}
