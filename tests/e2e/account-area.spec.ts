import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { cmsUrl } from './support/admin';
import { PASSWORD, cmsToken, confirmedAccount, forbidDialogs, signIn } from './support/accounts';

// The viewer's account area end to end: profile, history, collections, notifications, following and deleting the
// account, through the site's pages against the real CMS. Data the site only shows (watch progress, a reply) is
// made through the CMS API with the viewer's own token, as the player and the watch page would.
const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '<script>alert(1)</script>';
const SCREENS = path.join(process.cwd(), '.cache', 'test-results', 'account-area-screens');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer the tests read at any depth
type JsonAnswer = any;

async function cmsCall(
  jwt: string | undefined,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; body: JsonAnswer }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (jwt) headers.authorization = `Bearer ${jwt}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${cmsUrl()}/api${apiPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function someVideos(count: number): Promise<Array<{ documentId: string; slug: string; title: string }>> {
  const { body } = await cmsCall(
    undefined,
    'GET',
    `/videos?pagination[pageSize]=${count}&sort=publishedAt:desc&fields[0]=slug&fields[1]=title`,
  );
  const videos = body.data as Array<{ documentId: string; slug: string; title: string }>;
  expect(videos.length).toBeGreaterThanOrEqual(count);
  return videos;
}

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(SCREENS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(SCREENS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(size);
}

test.describe.configure({ mode: 'serial' });

let main: { username: string; email: string };
let other: { username: string; email: string };

test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(90_000);
  const baseURL = String(testInfo.project.use.baseURL);
  const request = await playwright.request.newContext({ baseURL });
  main = await confirmedAccount(request, baseURL, 'main', { prefix: 'e2e-aa' });
  other = await confirmedAccount(request, baseURL, 'other', { prefix: 'e2e-aa' });
  await request.dispose();
});

test('profile: display name, bio, interests and a picture complete it; a non-image is refused; viewer text stays inert', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dialogs = forbidDialogs(page);
  await signIn(page, main.username);
  await page.goto('/account/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
  await expect(page.getByRole('heading', { name: /Profile 0% complete/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Choose the name others see' })).toHaveAttribute(
    'href',
    '#profile-displayName',
  );

  // a file that is not a picture: the CMS looks at its bytes, whatever its name says
  await page
    .getByLabel(/Choose a picture/)
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is plain text, not a PNG') });
  await page.getByRole('button', { name: 'Upload picture' }).click();
  await expect(page.locator('#profile-avatar-error')).toContainText(/not an image/i);
  await expect(page.getByLabel(/Choose a picture/)).toHaveAttribute('aria-invalid', 'true');

  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 67, g: 56, b: 202 } } })
    .png()
    .toBuffer();
  await page.getByLabel(/Choose a picture/).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  await expect(page.locator('[data-avatar-preview] img')).toHaveAttribute('src', /^blob:/);
  await page.getByRole('button', { name: 'Upload picture' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your new picture is saved.' })).toBeVisible();
  const avatar = page.getByRole('img', { name: 'Your profile picture' });
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  await expect(page.getByRole('heading', { name: /Profile 25% complete/ })).toBeVisible();

  await page.getByLabel('Display name').fill(`Ada ${XSS_IMG}`);
  await page.getByLabel('Bio').fill(`Hello ${XSS_SCRIPT} and ${XSS_IMG}`);
  const interests = page.getByRole('group', { name: 'Interests' }).getByRole('checkbox');
  await interests.first().check();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Profile 100% complete/ })).toBeVisible();
  await expect(page.getByText('Your profile is complete.')).toBeVisible();
  await expect(page.getByLabel('Display name')).toHaveValue(`Ada ${XSS_IMG}`);
  await expect(page.getByLabel('Bio')).toHaveValue(`Hello ${XSS_SCRIPT} and ${XSS_IMG}`);
  await expect(interests.first()).toBeChecked();
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Replies to my comments' }).check();
  await page.getByRole('button', { name: 'Save email choices' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your email choices are saved.' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Replies to my comments' })).toBeChecked();

  // a display name over the limit is refused beside its field (the maxlength is bypassed as a script would)
  await page.getByLabel('Display name').evaluate((input: HTMLInputElement) => input.removeAttribute('maxlength'));
  await page.getByLabel('Display name').fill('x'.repeat(51));
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.locator('#profile-displayName-error')).toContainText('at most 50 characters');
  await page.goto('/account/profile');
  await screenshots(page, 'profile');
  expect(dialogs).toEqual([]);
});

test('history: a watched video with its progress and resume link, remove one, clear all after confirming, pause', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const jwt = await cmsToken(main.username);
  const [first, second] = await someVideos(2);
  expect(
    (await cmsCall(jwt, 'PUT', `/library/history/${first!.documentId}`, { position: 30, duration: 120 })).status,
  ).toBeLessThan(300);
  expect(
    (await cmsCall(jwt, 'PUT', `/library/history/${second!.documentId}`, { position: 60, duration: 120 })).status,
  ).toBeLessThan(300);

  await signIn(page, main.username);
  await page.goto('/account/history');
  const items = page.locator('[data-history-item]');
  await expect(items).toHaveCount(2);
  // newest first
  await expect(items.first()).toHaveAttribute('data-history-item', second!.documentId);
  await expect(items.first().getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
  await expect(items.first().getByRole('link', { name: new RegExp(`Resume`) })).toHaveAttribute(
    'href',
    `/watch/${second!.slug}?t=60`,
  );
  await expect(items.nth(1).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
  await screenshots(page, 'history');

  await items
    .first()
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(page.getByText('Removed from your history.')).toBeVisible();
  await expect(items).toHaveCount(1);

  await page.getByRole('link', { name: 'Clear all history…' }).click();
  await expect(page.getByText('Clear your whole watch history?')).toBeVisible();
  await page.getByRole('button', { name: 'Yes, clear history' }).click();
  await expect(page.getByText('Your watch history is cleared.')).toBeVisible();
  await expect(page.getByText('No watch history yet')).toBeVisible();

  await page.getByRole('button', { name: 'Pause history' }).click();
  await expect(page.getByText('History is paused: what you watch now is not recorded.')).toBeVisible();
  expect((await cmsCall(jwt, 'GET', '/library/settings')).body.data.historyPaused).toBe(true);
  await page.getByRole('button', { name: 'Turn history back on' }).click();
  await expect(page.getByText('History is on again.')).toBeVisible();
});

test('collections: create, reorder, make public and read signed out; private is 404 for others and a public one is not theirs to change', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const dialogs = forbidDialogs(page);
  const jwt = await cmsToken(main.username);
  const videos = await someVideos(3);
  await signIn(page, main.username);
  await page.goto('/account/collections');
  await expect(page.locator('.collection-tile').first()).toContainText('Watch later');

  const title = `Fonts ${XSS_IMG}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel(/Description/).fill(`About ${XSS_SCRIPT}`);
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expect(page).toHaveURL(/\/account\/collections\/[a-z0-9]+\?done=created$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('.collection-description')).toHaveText(`About ${XSS_SCRIPT}`);
  const id = /\/account\/collections\/([a-z0-9]+)/.exec(page.url())![1]!;
  for (const video of videos)
    expect((await cmsCall(jwt, 'PUT', `/library/collections/${id}/items/${video.documentId}`)).status).toBeLessThan(
      300,
    );

  await page.goto(`/account/collections/${id}`);
  const order = () =>
    page.locator('[data-item-id]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.itemId));
  const before = await order();
  expect(before).toHaveLength(3);
  await page
    .getByRole('button', {
      name: `Move ${(await page.locator('.collection-item__title').nth(1).textContent())!.trim()} up`,
    })
    .click();
  await expect(page.getByText('The order is saved.')).toBeVisible();
  expect(await order()).toEqual([before[1], before[0], before[2]]);
  await screenshots(page, 'collection');

  // the order the page showed is stale once the collection changed elsewhere: the viewer is told, nothing breaks
  expect((await cmsCall(jwt, 'DELETE', `/library/collections/${id}/items/${before[2]}`)).status).toBeLessThan(300);
  await page
    .getByRole('button', { name: /Move .* down/ })
    .first()
    .click();
  await expect(page.locator('[data-form-problem]')).toContainText('changed since you opened it');
  await expect(page.locator('[data-item-id]')).toHaveCount(2);

  await page.getByLabel('Public').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Your changes are saved.')).toBeVisible();

  const signedOut = await browser.newContext();
  const visitor = await signedOut.newPage();
  const visitorDialogs = forbidDialogs(visitor);
  const publicPage = await visitor.goto(`/collections/${id}`);
  expect(publicPage?.status()).toBe(200);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(visitor.getByText(`Collection by ${main.username}`)).toBeVisible();
  await expect(visitor.locator('main .video-card')).toHaveCount(2);
  expect(visitorDialogs).toEqual([]);

  // another viewer: cannot change it (the CMS refuses, the site shows no editing controls)
  const otherJwt = await cmsToken(other.username);
  const refused = await cmsCall(otherJwt, 'PATCH', `/library/collections/${id}`, { title: 'Mine now' });
  expect([403, 404]).toContain(refused.status);
  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await signIn(otherPage, other.username);
  await otherPage.goto(`/account/collections/${id}`);
  await expect(otherPage).toHaveURL(new RegExp(`/collections/${id}$`));
  await expect(otherPage.getByRole('button', { name: 'Save changes' })).toHaveCount(0);

  // private again: a 404 for the other viewer and for visitors, still the owner's to read
  await page.getByLabel('Private').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Your changes are saved.')).toBeVisible();
  expect((await otherPage.goto(`/collections/${id}`))?.status()).toBe(404);
  expect((await otherPage.goto(`/account/collections/${id}`))?.status()).toBe(404);
  expect((await visitor.goto(`/collections/${id}`))?.status()).toBe(404);
  await otherContext.close();
  await signedOut.close();

  await page.goto('/account/collections');
  await expect(page.locator('.collection-tile')).toHaveCount(2);
  await screenshots(page, 'collections');
  await page.goto(`/account/collections/${id}`);
  await page.getByRole('link', { name: 'Delete this collection…' }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page).toHaveURL(/\/account\/collections\?done=deleted$/);
  await expect(page.locator('.collection-tile')).toHaveCount(1);
  await page.goto('/account/collections/watch-later');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Watch later');
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('notifications: the bell counts a reply, the list links to the video, mark all as read empties the bell', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const [video] = await someVideos(1);
  const mainJwt = await cmsToken(main.username);
  const otherJwt = await cmsToken(other.username);
  const comment = await cmsCall(mainJwt, 'POST', `/community/videos/${video!.documentId}/comments`, {
    body: 'What font is this?',
  });
  expect(comment.status, JSON.stringify(comment.body)).toBe(201);
  for (const body of ['It is Inter.', 'Or maybe Söhne.']) {
    const reply = await cmsCall(otherJwt, 'POST', `/community/videos/${video!.documentId}/comments`, {
      body,
      replyTo: comment.body.data.id,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }

  await signIn(page, main.username);
  const bell = page.locator('.site-header [data-notification-bell]');
  // the count is cached for a few seconds per viewer: a page opened a moment ago may still show the old one
  await expect(async () => {
    await page.goto('/trending');
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 2 unread', { timeout: 500 });
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  await expect(bell.locator('[data-unread-count]')).toHaveText('2');
  await bell.click();
  await expect(page).toHaveURL(/\/account\/notifications$/);
  await expect(page.locator('.notification--unread')).toHaveCount(2);
  await screenshots(page, 'notifications');

  // following one marks it read and opens its video
  await page.locator('.notification').first().locator('button.notification__text').click();
  await expect(page).toHaveURL(new RegExp(`/watch/${video!.slug}\\?src=notification$`));
  await page.goto('/account/notifications');
  await expect(page.locator('.notification--unread')).toHaveCount(1);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByText('All notifications are marked as read.')).toBeVisible();
  await expect(page.locator('.notification--unread')).toHaveCount(0);
  await expect(bell).toHaveAttribute('aria-label', 'Notifications');
  await expect(bell.locator('[data-unread-count]')).toHaveCount(0);
});

test('home: "You might like" with a reason on each card for a signed-in viewer; signed-out visitors see the page as before', async ({
  page,
  browser,
}) => {
  // two full-page screenshots at two sizes: more than the default on a busy machine
  test.setTimeout(60_000);
  await signIn(page, main.username);
  await page.goto('/');
  const shelf = page.getByRole('region', { name: 'You might like' });
  await expect(shelf).toBeVisible();
  await expect(shelf.locator('.for-you__reason').first()).not.toBeEmpty();
  await screenshots(page, 'home');
  // the page is rendered on the server: the trending shelf is there now or not at all (the site leaves out a shelf
  // whose search answer was late), so look without waiting for it to appear
  const trendingHeading = page.getByRole('heading', { name: 'Trending now' });
  if ((await trendingHeading.count()) > 0) {
    const box = await shelf.boundingBox();
    const trending = await trendingHeading.boundingBox();
    if (trending) expect(box!.y).toBeLessThan(trending.y);
  }

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { name: 'Newest videos' })).toBeVisible();
  await expect(visitor.getByRole('region', { name: 'You might like' })).toHaveCount(0);
  await expect(visitor.locator('[data-notification-bell]')).toHaveCount(0);
  await visitorContext.close();
});

test('following: the feed and the creators, unfollow, then the empty state points to creators', async ({ page }) => {
  const jwt = await cmsToken(other.username);
  expect((await cmsCall(jwt, 'PUT', '/community/creators/priya-raman/follow')).status).toBeLessThan(300);
  await signIn(page, other.username);
  await page.goto('/account/following');
  await expect(page.getByRole('heading', { name: 'Creators you follow (1)' })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'New videos from creators you follow' }).locator('.video-card').first(),
  ).toBeVisible();
  await screenshots(page, 'following');
  await page.getByRole('button', { name: /Unfollow/ }).click();
  await expect(page.getByText('You no longer follow priya-raman.')).toBeVisible();
  await expect(page.getByText('You don’t follow anyone yet')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Discover creators on Trending' })).toBeVisible();
});

test('change password: the new tokens are kept (still signed in on the next page), the new password signs in', async ({
  page,
  playwright,
}, testInfo) => {
  test.setTimeout(60_000);
  const baseURL = String(testInfo.project.use.baseURL);
  const request = await playwright.request.newContext({ baseURL });
  const changer = await confirmedAccount(request, baseURL, 'pw', { prefix: 'e2e-aa' });
  await request.dispose();
  const NEW_PASSWORD = 'amber lantern over hills 97';
  await signIn(page, changer.username);
  await page.goto('/account/profile');
  await page.getByLabel('Current password').fill('wrong password entirely');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#password-currentPassword-error')).toContainText('This is not your current password.');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your new password is saved. You stay signed in here.')).toBeVisible();
  await page.goto('/account/history');
  await expect(page).toHaveURL(/\/account\/history$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Watch history');
  const refused = await fetch(`${cmsUrl()}/api/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: changer.username, password: PASSWORD }),
  });
  expect(refused.status).toBe(400);
  const accepted = await fetch(`${cmsUrl()}/api/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: changer.username, password: NEW_PASSWORD }),
  });
  expect(accepted.status).toBe(200);
});

test('delete account: a wrong password is refused beside the field; the right one deletes it, signs out and says goodbye', async ({
  page,
  playwright,
}, testInfo) => {
  test.setTimeout(60_000);
  const baseURL = String(testInfo.project.use.baseURL);
  const request = await playwright.request.newContext({ baseURL });
  const leaving = await confirmedAccount(request, baseURL, 'leave', { prefix: 'e2e-aa' });
  await request.dispose();
  await signIn(page, leaving.username);
  await page.goto('/account/profile');
  await page.getByRole('link', { name: 'Delete my account…' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account?');
  await page.getByLabel('Your password').fill('not my password at all');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.locator('#delete-password-error')).toContainText('This is not your password.');
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/account\/goodbye$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account is deleted');
  await expect(page.locator('.site-header').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/account/profile');
  await expect(page).toHaveURL(/\/account\/sign-in/);
  const signInAgain = await fetch(`${cmsUrl()}/api/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: leaving.username, password: PASSWORD }),
  });
  expect(signInAgain.status).toBe(400);
});
