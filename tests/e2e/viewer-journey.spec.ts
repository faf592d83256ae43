import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { waitForMail } from '../support/mailbox';
import { confirmedAccount, signIn } from './support/accounts';
import { playThenPauseAfter, stage } from './support/player';

// One viewer's whole first visit, as the issue describes it: register -> confirm by the mail received over SMTP ->
// sign in with "Remember me" -> complete the profile -> follow a creator -> comment and reply -> rate -> add to
// Watch later -> resume a video where it stopped -> sign out, and the old cookie no longer works. The parts are
// covered in depth by accounts, account-area and social specs; this one proves they hold together.
const PASSWORD = 'amber lantern over quiet hills';
const WATCH = '/watch/javascript-event-loop-one-frame-at-a-time';
const SESSION_COOKIE = 'framecast-session';

test('register, confirm, remember me, profile, follow, comment, reply, rate, Watch later, resume, sign out', async ({
  page,
  context,
  baseURL,
  playwright,
}) => {
  test.skip(
    Boolean(test.info().project.use.isMobile),
    'one journey is enough: the phone layout is covered by the feature specs',
  );
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const username = `journey-${Date.now().toString(36)}`;
  const email = `${username}@example.com`;

  // register through the form; the confirmation arrives over SMTP
  await page.goto('/account/register');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: /Create (an )?account/ }).click();
  await expect(page).toHaveURL(/\/account\/check-email/);
  const mail = await waitForMail(email, /confirm/i);
  const confirmLink = mail.links.find((link) => link.includes('/account/confirm?confirmation='));
  expect(confirmLink).toBeDefined();
  await page.goto(new URL(confirmLink!).pathname + new URL(confirmLink!).search);
  await expect(page).toHaveURL(/\/account\/confirmed/);

  // sign in, remembered: a persistent, httpOnly, SameSite=Lax cookie
  await page.goto('/account/sign-in');
  await page.getByLabel('Email or username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Remember me').check();
  await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE)!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);

  // complete the profile
  await page.goto('/account/profile');
  await page.getByLabel(/Choose a picture/).setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer(),
  });
  await page.getByRole('button', { name: 'Upload picture' }).click();
  await expect(page.getByRole('img', { name: 'Your profile picture' })).toBeVisible();
  await page.getByLabel('Display name').fill('Journey Tester');
  await page.getByLabel('Bio').fill('Here to learn.');
  await page.getByRole('group', { name: 'Interests' }).getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('heading', { name: /Profile 100% complete/ })).toBeVisible();

  // follow the creator, comment and reply, rate, save to Watch later
  await page.goto(WATCH);
  const follow = page.locator('[data-region="follow"]');
  await follow.getByRole('button', { name: /^Follow / }).click();
  await expect(follow.getByRole('button', { name: /^Following / })).toHaveAttribute('aria-pressed', 'true');

  const text = `Journey comment ${Date.now()}`;
  await page.getByLabel('Add a comment').fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const thread = page.locator('[data-region="comments"] li.comment', {
    has: page.locator(':scope > article', { hasText: text }),
  });
  await expect(thread.locator(':scope > article')).toContainText('Journey Tester');
  await thread.locator(':scope > article').getByText('Reply', { exact: true }).click();
  await thread
    .locator(':scope > article')
    .getByLabel(/^Reply to/)
    .fill('And a reply');
  await thread.getByRole('button', { name: 'Post reply' }).click();
  await expect(thread.locator('.comment__replies')).toContainText('And a reply');

  await page.getByRole('radio', { name: '1 star', exact: true }).focus();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '4 stars' })).toBeChecked();
  await page.getByLabel('Review (optional)').fill('Worth the time.');
  await page.getByRole('button', { name: /Save rating|Update rating/ }).click();
  await expect(page.locator('#ratings .reviews')).toContainText('Worth the time.');

  await page.locator('#save > summary').click();
  await page.getByRole('checkbox', { name: 'Watch later' }).check();
  await expect(page.getByRole('checkbox', { name: 'Watch later' })).toBeChecked();
  await page.keyboard.press('Escape');

  // watch a few seconds, leave, come back: the player resumes there
  await playThenPauseAfter(page, 3);
  await expect(page.locator('[data-progress-saved]')).toHaveAttribute('data-progress-saved', /^[3-5]$/);
  await page.goto('/');
  await page.goto(WATCH);
  await expect(page.locator('[data-resume-notice]')).toContainText(/Resuming where you left off/);
  expect(Number(await stage(page).getAttribute('data-start-at'))).toBeGreaterThanOrEqual(3);

  // Watch later and the profile show up in the account area
  await page.goto('/account/collections');
  await expect(page.locator('main')).toContainText('Watch later');

  // sign out from the header menu: the session is gone on the server, so the copied cookie no longer works
  const copied = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE)!;
  await page.locator('.site-header details.account-menu > summary').click();
  await page.locator('.site-header details.account-menu').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Sign in' })).toBeVisible();
  const replay = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${copied.value}` },
  });
  const account = await replay.get('/account', { maxRedirects: 0 });
  expect(account.status()).toBe(303);
  expect(account.headers().location).toMatch(/^\/account\/sign-in/);
  await replay.dispose();
  expect(dialogs).toEqual([]);
});

test('change the email address: a link to the new address, a button to confirm, then sign in with it', async ({
  page,
  baseURL,
}) => {
  test.skip(Boolean(test.info().project.use.isMobile), 'the form is the same on phones');
  const username = `mover-${Date.now().toString(36)}`;
  const email = `${username}@example.com`;
  await confirmedAccount(page.request, String(baseURL), { username, email }, { password: PASSWORD });
  await signIn(page, username, { password: PASSWORD });

  await page.goto('/account/profile');
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Email address' }) });
  await panel.getByLabel('New email address').fill(`${username}.new@example.com`);
  await panel.getByLabel('Your password').fill('not my password at all');
  await panel.getByRole('button', { name: 'Change email address' }).click();
  await expect(page.locator('#address-password-error')).toContainText('not your password');
  await panel.getByLabel('New email address').fill(`${username}.new@example.com`);
  await panel.getByLabel('Your password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Change email address' }).click();
  await expect(page.getByText(/We sent a link to your new address/)).toBeVisible();

  const link = (await waitForMail(`${username}.new@example.com`, /new email/i)).links.find((candidate) =>
    candidate.includes('/account/email-confirm?token='),
  )!;
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByRole('button', { name: 'Confirm new address' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address is changed');
  await waitForMail(email, /was changed/i);
  await page.goto('/account/profile');
  await expect(page.locator('main')).toContainText(`${username}.new@example.com`);
});
