import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { waitForMail } from '../support/mailbox';
import { startSite } from '../support/stack';
import { PASSWORD, confirmedAccount, csrfFrom, identity, linkIn, register, signIn } from './support/accounts';
import { E2E_SITE_PORT } from './playwright.config';

// Viewer accounts end to end: the site's forms and session against the real CMS, mail through a real SMTP catcher.
const SESSION_COOKIE = 'framecast-session';
const DAY_S = 86_400;

const isPhone = () => Boolean(test.info().project.use.isMobile);

/** The header's account menu (the same disclosure on phones, showing the initial instead of the name). */
const accountMenu = (page: Page) => page.locator('.site-header details.account-menu');

let shared: { username: string; email: string };

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const request = await playwright.request.newContext({ baseURL });
  shared = await confirmedAccount(request, baseURL, 'shared');
  await request.dispose();
});

test('register, confirm by mail, sign in remembered, sign out: the old cookie no longer works', async ({
  page,
  context,
  baseURL,
  playwright,
}) => {
  const who = identity('main');
  const strengthRequests: string[] = [];
  page.on('request', (request) => {
    if (/password-strength|zxcvbn|\/dist\.[\w-]+\.js/.test(request.url())) strengthRequests.push(request.url());
  });

  await page.goto('/account/register');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Email address').fill(who.email);
  // the strength meter's dictionaries load only once a password is being typed
  expect(strengthRequests).toEqual([]);
  await page.getByLabel('Password', { exact: true }).pressSequentially(PASSWORD, { delay: 10 });
  await expect(page.locator('[data-strength-text]')).toHaveText(/^Strength: (Strong|Very strong)\./);
  expect(strengthRequests.length).toBeGreaterThan(0);
  await page.locator('main').getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/account\/check-email$/);
  await expect(page.locator('main')).toContainText(
    `We sent a mail to ${who.email}: follow its link to confirm the address`,
  );

  const mail = await waitForMail(who.email, /confirm/i);
  expect(mail.subject).toBe('Confirm your email address for Framecast');
  await page.goto(linkIn(mail, '/account/confirm?confirmation='));
  await expect(page).toHaveURL(/\/account\/confirmed$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address is confirmed');
  await page.locator('main').getByRole('link', { name: 'Sign in' }).click();

  const before = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)?.value;
  await page.getByLabel('Email or username').fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Remember me').check();
  await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  // a new account's first stop: picking what they like to watch (skippable), then their account
  await expect(page).toHaveURL(/\/account\/welcome$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Framecast');
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(who.username);
  await expect(page.locator('main')).toContainText(who.email);

  // the browser holds one opaque, httpOnly, SameSite=Lax id, new at sign-in, kept for 30 days because remembered
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE)!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  expect(session.value).toMatch(/^[0-9a-f-]{36}$/);
  expect(session.value).not.toBe(before);
  expect(session.expires - Date.now() / 1000).toBeGreaterThan(30 * DAY_S - 600);
  expect(session.expires - Date.now() / 1000).toBeLessThanOrEqual(30 * DAY_S);
  expect(cookies.map((cookie) => cookie.name).sort()).toEqual([SESSION_COOKIE]);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.content()).not.toMatch(/refreshToken|eyJ[\w-]+\.eyJ/);

  // the header names the viewer on every page
  await page.goto('/');
  await accountMenu(page).locator('summary').click();
  await expect(accountMenu(page)).toContainText(`Signed in as ${who.username}`);
  await accountMenu(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/account\/sign-in\?notice=signed-out$/);
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Sign in' })).toBeVisible();

  // a copy of the cookie taken before signing out is worthless now
  const replay = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${session.value}` },
  });
  const account = await replay.get('/account', { maxRedirects: 0 });
  expect(account.status()).toBe(303);
  expect(account.headers().location).toBe('/account/sign-in?next=%2Faccount');
  const home = await (await replay.get('/')).text();
  expect(home).not.toContain(who.username);
  await replay.dispose();
});

test('a wrong password gets one message that does not tell which field was wrong', async ({ page }) => {
  for (const identifier of [shared.username, `nobody-${Date.now().toString(36)}`]) {
    await page.goto('/account/sign-in');
    await page.getByLabel('Email or username').fill(identifier);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    const answer = page.waitForResponse(
      (response) => response.url().endsWith('/account/sign-in') && response.request().method() === 'POST',
    );
    await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
    expect((await answer).status()).toBe(401);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Wrong email/username or password.');
    await expect(alert).toBeFocused();
    // neither field is marked: the message is the same whichever was wrong
    await expect(page.getByLabel('Email or username')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Password', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    // what was typed stays, except the password
    await expect(page.getByLabel('Email or username')).toHaveValue(identifier);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  }
});

test('instant checks: messages next to the fields, linked to them, announced, and the submit stopped', async ({
  page,
}) => {
  await page.goto('/account/register');
  await page.locator('main').getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account\/register$/);

  const username = page.getByLabel('Username');
  await expect(username).toBeFocused();
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription(/Error: Choose a username\./);
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Error: Enter your email address\./);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Error: Choose a password\./);
  await expect(page.locator('main [data-form-status]')).toHaveText(
    '3 fields need attention: Username, Email address, Password.',
  );

  // the message follows the typing once the field has been checked
  await username.pressSequentially('-ab', { delay: 10 });
  await expect(username).toHaveAccessibleDescription(/Use letters, digits/);
  await username.fill('fine.name');
  await expect(username).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#register-username-error')).toBeEmpty();

  // leaving a field checks it; the password may not contain the username
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('fine.name-and-more');
  await password.press('Tab');
  await expect(password).toHaveAccessibleDescription(/Do not use your username or email in your password\./);
  await expect(page.getByRole('button', { name: 'Show password' })).toBeVisible();

  // the server applies the same rules and, for a taken name, says so next to the field
  await username.fill(shared.username);
  await page.getByLabel('Email address').fill(`other-${Date.now().toString(36)}@example.com`);
  await password.fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toContainText('Username');
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Username')).toHaveValue(shared.username);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  // an email that already has an account gets the answer a new one gets (its owner is mailed instead)
  await page.getByLabel('Username').fill(`fresh.${Date.now().toString(36)}`);
  await page.getByLabel('Email address').fill(shared.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account\/check-email$/);
  await expect(page.locator('main')).toContainText(
    `We sent a mail to ${shared.email}: follow its link to confirm the address`,
  );
});

test('forms without this session’s CSRF token are refused with 403; cross-site posts never get that far', async ({
  page,
  baseURL,
}) => {
  // a server-side rule, the same at every viewport: the desktop run covers it
  test.skip(isPhone(), 'server-side rule: once is enough');
  await page.goto('/account/sign-in');
  const token = csrfFrom(await page.content());
  const form = { identifier: '', password: '' };
  const post = (extra: Record<string, string>, origin = baseURL!) =>
    page.request.post('/account/sign-in', { form: { ...form, ...extra }, headers: { origin }, maxRedirects: 0 });

  for (const refused of [await post({}), await post({ _csrf: 'not-the-token' }), await post({ _csrf: `${token}x` })]) {
    expect(refused.status()).toBe(403);
    expect(refused.headers()['cache-control']).toBe('no-store');
    const html = await refused.text();
    expect(html).toContain('This form has expired');
    expect(html).toContain('href="/account/sign-in"');
  }
  // the right token reaches the page, which checks the fields
  const accepted = await post({ _csrf: token });
  expect(accepted.status()).toBe(400);
  expect(await accepted.text()).toContain('Enter your email address or username.');
  // another site's form is stopped by Astro's origin check before any of this
  const crossSite = await post({ _csrf: token }, 'https://evil.example');
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain('Cross-site POST form submissions are forbidden');

  // signed in, a forged sign-out does nothing
  await signIn(page, shared.email);
  const forged = await page.request.post('/account/sign-out', {
    form: { _csrf: 'forged' },
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(shared.username);
});

/** Targets that once reached, or could reach, another origin through `next` (see site/src/lib/return-path.ts). */
const NASTY_TARGETS = [
  '/.//evil.example/x',
  '//evil.example/x',
  '/..//evil.example',
  '/%2e//evil.example',
  '/\\evil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  'https:evil.example',
  '\t//evil.example',
];

test('sign-in and the forms send the viewer back to this site only, however `next` is spelled', async ({
  playwright,
  baseURL,
}) => {
  // a server-side rule, the same at every viewport: the desktop run covers it
  test.skip(isPhone(), 'server-side rule: once is enough');
  const request = await playwright.request.newContext({ baseURL });
  const sameSite = (location: string | undefined) => {
    expect(location, 'a redirect').toBeTruthy();
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location!, baseURL).origin).toBe(new URL(baseURL!).origin);
  };
  try {
    // signing in with the reported target lands on the account page, not on //evil.example/x
    const form = await request.get(`/account/sign-in?next=${encodeURIComponent('/.//evil.example/x')}`);
    const csrf = csrfFrom(await form.text());
    const signedIn = await request.post('/account/sign-in', {
      form: { _csrf: csrf, identifier: shared.email, password: PASSWORD, next: '/.//evil.example/x' },
      headers: { origin: baseURL! },
      maxRedirects: 0,
    });
    expect(signedIn.status()).toBe(303);
    expect(signedIn.headers().location).toBe('/account');

    // signed in, the sign-in page redirects at once: every spelling stays here, a real path is kept
    for (const next of NASTY_TARGETS) {
      const answer = await request.get(`/account/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(answer.status(), next).toBe(303);
      sameSite(answer.headers().location);
      expect(answer.headers().location, next).toBe('/account');
    }
    const kept = await request.get(`/account/sign-in?next=${encodeURIComponent('/search?q=AC%2FDC')}`, {
      maxRedirects: 0,
    });
    expect(kept.headers().location).toBe('/search?q=AC%2FDC');

    // the community forms' `next` goes through the same check
    const token = csrfFrom(await (await request.get('/account/sign-out')).text());
    for (const next of NASTY_TARGETS) {
      const acted = await request.post('/community/act', {
        form: { _csrf: token, intent: 'no-such-intent', next },
        headers: { origin: baseURL! },
        maxRedirects: 0,
      });
      expect(acted.status(), next).toBe(303);
      sameSite(acted.headers().location);
      expect(acted.headers().location, next).toBe('/?notice=invalid');
    }
  } finally {
    await request.dispose();
  }
});

test('a path that looks like another host is never redirected to it by the server', async ({ baseURL }) => {
  // a server-side rule, the same at every viewport: the desktop run covers it
  test.skip(isPhone(), 'server-side rule: once is enough');
  const { port, hostname } = new URL(baseURL!);
  // raw request targets (a URL-aware client would resolve `//host` itself)
  for (const target of [
    '//evil.example/x',
    '//evil.example/x/',
    '/.//evil.example/',
    '/%2F%2Fevil.example/',
    '/\\evil.example/',
    '///evil.example/',
  ]) {
    const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const sent = http.request({ host: hostname, port, path: target, method: 'GET' }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      });
      sent.on('error', reject);
      sent.end();
    });
    if (answer.location !== undefined)
      expect(new URL(answer.location, baseURL).origin, target).toBe(new URL(baseURL!).origin);
  }
});

test('the account menu opens and closes by keyboard', async ({ page }) => {
  await signIn(page, shared.username);
  const summary = accountMenu(page).locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(accountMenu(page)).toHaveAttribute('open', '');
  // every entry in order, by Tab alone, ending on Sign out
  for (const name of ['Account', 'Profile', 'History', 'Collections', 'Following', 'Notifications']) {
    await page.keyboard.press('Tab');
    await expect(accountMenu(page).getByRole('link', { name, exact: true })).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(accountMenu(page).getByRole('button', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(accountMenu(page)).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();
});

test('an unconfirmed account is told so at sign-in and can get a new confirmation mail', async ({ page, baseURL }) => {
  const who = identity('unconf');
  await register(page.request, baseURL!, who);
  await waitForMail(who.email, /confirm/i);

  await page.goto('/account/sign-in');
  await page.getByLabel('Email or username').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Confirm your email address');
  await page.getByRole('link', { name: 'Send me a new confirmation link' }).click();
  await expect(page.getByLabel('Email address')).toHaveValue(who.email);
  await page.locator('main').getByRole('button', { name: 'Send link' }).click();
  await expect(page).toHaveURL(/\/account\/check-email$/);
  await expect(page.locator('main')).toContainText(who.email);
});

test('tokens rotate on every request without signing the viewer out; a session left idle ends and an account page says why', async ({
  browser,
}) => {
  // a server-side rule, the same at every viewport: the desktop run covers it
  test.skip(isPhone(), 'server-side rule: once is enough');
  // a site of its own in front of the same CMS: refresh on every request (margin above the token's 5-minute life),
  // and a 6-second idle limit (the three visits below must each come within it, also on a busy machine)
  const site = await startSite({
    cmsUrl: process.env.E2E_CMS_URL!,
    sitePort: E2E_SITE_PORT + 20 + test.info().parallelIndex,
    env: { SESSION_IDLE_MINUTES: '0.1', SESSION_REFRESH_MARGIN_SECONDS: '3600' },
  });
  const context = await browser.newContext({ baseURL: site.siteUrl });
  try {
    const page = await context.newPage();
    await signIn(page, shared.username);
    const session = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)!;
    expect(session.expires).toBe(-1); // not remembered: ends with the browser
    // each of these asks the CMS for a new token pair with the one the last request stored, then /users/me with it
    for (let visit = 0; visit < 3; visit += 1) {
      await page.goto('/account');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(shared.username);
      await expect(page.getByRole('status').filter({ hasText: 'out of date' })).toHaveCount(0);
    }

    // the rule under test is a time limit: here the wait is the point
    await page.waitForTimeout(6500);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/account\/sign-in\?next=%2Faccount&notice=expired$/);
    await expect(
      page.getByRole('status').filter({ hasText: 'Your session has expired. Sign in again to continue.' }),
    ).toBeVisible();
    await expect(page.locator('.site-header').getByRole('link', { name: 'Sign in' })).toBeVisible();
  } finally {
    await context.close();
    await site.stop();
  }
});

test('axe-core finds no serious or critical violations on the account pages', async ({ page }) => {
  const check = async () => {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)).toEqual([]);
  };
  await page.goto('/account/register');
  await page.locator('main').getByRole('button', { name: 'Create account' }).click();
  await check();
  await page.goto('/account/sign-in');
  await page.getByLabel('Email or username').fill(shared.username);
  await page.getByLabel('Password', { exact: true }).fill('wrong but long enough');
  await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check();
  await signIn(page, shared.username);
  await accountMenu(page).locator('summary').click();
  await check();
});
