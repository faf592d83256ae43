/**
 * Viewer accounts for the end-to-end specs: a fresh identity, registering and confirming through the site's own
 * forms (mail through the real SMTP catcher), signing in through the sign-in page, and the CSRF token a form carries.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { waitForMail } from '../../support/mailbox';
import { cmsUrl } from './admin';

/** The password every spec's viewers register with, unless a spec chooses its own. */
export const PASSWORD = 'violet kettle under rain 42';

export type Viewer = { username: string; email: string };

/**
 * A fresh username and address, unique per project and moment (the CMS keeps both unique; usernames are at most
 * 30 characters). Specs that register in parallel use prefixes of their own.
 */
export function identity(label: string, { prefix = 'e2e' }: { prefix?: string } = {}): Viewer {
  const username = `${prefix}-${test.info().project.name[0]}-${label}-${Date.now().toString(36)}`.slice(0, 30);
  return { username, email: `${username}@example.com` };
}

/** The CSRF token a page's form carries. */
export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** The link a mail points at, on the site. */
export function linkIn(mail: { links: string[] }, path: string): string {
  const link = mail.links.find((candidate) => candidate.includes(path));
  if (!link) throw new Error(`no ${path} link in the mail: ${mail.links.join(', ')}`);
  return link;
}

/** Posts the site's registration form without a browser; the CMS answers with a mail to confirm. */
export async function register(
  request: APIRequestContext,
  baseURL: string,
  who: Viewer,
  { password = PASSWORD }: { password?: string } = {},
): Promise<void> {
  const csrf = csrfFrom(await (await request.get('/account/register')).text());
  const posted = await request.post('/account/register', {
    form: { _csrf: csrf, ...who, password },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  expect(posted.status(), await posted.text()).toBe(303);
}

/** Registers and confirms an account through the site's own forms, without a browser. */
export async function confirmedAccount(
  request: APIRequestContext,
  baseURL: string,
  label: string | Viewer,
  { password = PASSWORD, prefix }: { password?: string; prefix?: string } = {},
): Promise<Viewer> {
  const who = typeof label === 'string' ? identity(label, { prefix }) : label;
  await register(request, baseURL, who, { password });
  const link = linkIn(await waitForMail(who.email, /confirm/i), '/account/confirm?confirmation=');
  const confirmed = await request.get(link, { maxRedirects: 0 });
  expect(confirmed.headers().location).toBe('/account/confirmed');
  return who;
}

/** Signs in through the sign-in page and lands on the account page. */
export async function signIn(
  page: Page,
  identifier: string,
  { password = PASSWORD, remember = false, base = '' }: { password?: string; remember?: boolean; base?: string } = {},
): Promise<void> {
  await page.goto(`${base}/account/sign-in`);
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (remember) await page.getByLabel('Remember me').check();
  await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** A signed-in viewer in a browser context of their own. */
export async function viewerPage(
  browser: Browser,
  baseURL: string,
  label: string,
  javaScriptEnabled = true,
): Promise<{ page: Page; username: string }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  const page = await context.newPage();
  const who = await confirmedAccount(context.request, baseURL, label);
  await signIn(page, who.username);
  return { page, username: who.username };
}

/** The viewer's CMS access token, as the site would hold it. */
export async function cmsToken(identifier: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${cmsUrl()}/api/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier, password }),
  });
  const body = (await response.json()) as { jwt?: string };
  if (!body.jwt) throw new Error(`sign-in to the CMS failed: ${JSON.stringify(body)}`);
  return body.jwt;
}

/** No script from viewer-written text may run: any dialog (an alert from an injected script) fails the test. */
export function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}
