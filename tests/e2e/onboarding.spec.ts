/**
 * Becoming a creator, end to end: a viewer applies on the site (account area, "Publish"); a moderator approves in the
 * admin's Creator applications page; the mailed link sets the new admin password; the new creator lands in the admin
 * and uploads a first video, which is processed on their own channel; the site shows the application approved.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForMail } from '../support/mailbox';
import { viewerPage } from './support/accounts';
import { cmsUrl, loginToAdmin, openTranscodingPage } from './support/admin';

/** A short 360p clip with a tone: cheap to process on a busy machine. */
function smallClip(dir: string): string {
  const file = path.join(dir, 'first-throw.mp4');
  execFileSync(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=330',
    '-t',
    '4',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
  return file;
}

test('a viewer applies, a moderator approves, the new creator sets a password, signs in and uploads', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'one story across two people; the form is looked at on a phone below');
  test.setTimeout(5 * 60_000);
  const stamp = Date.now().toString(36);
  const handle = `studio-${stamp}`;

  // the viewer applies from the account area
  const { page: viewer, username } = await viewerPage(browser, String(baseURL), 'applicant');
  await viewer.goto('/account');
  await viewer.getByRole('link', { name: 'Publish your own videos' }).click();
  await expect(viewer.getByRole('heading', { level: 1, name: 'Publish on Framecast' })).toBeVisible();
  await viewer.getByLabel('Handle').fill(handle);
  await viewer.getByLabel('Channel name').fill(`Studio ${stamp}`);
  await viewer
    .getByLabel('What you will publish')
    .fill('Short pottery lessons, one technique a week, filmed from above.');
  await viewer.getByLabel('Link 1').fill('https://pottery.example.com');
  await viewer.getByRole('button', { name: 'Send my application' }).click();
  await expect(viewer.getByText('Your application was sent.')).toBeVisible();
  await expect(viewer.locator('[data-application-state="pending"]')).toContainText('Waiting for a moderator');
  await viewer.screenshot({ path: testInfo.outputPath('applied.png'), fullPage: true });

  // a moderator approves it in the admin
  const staff = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await loginToAdmin(staff, 'admin@framecast.local', { password: 'Framecast-admin-1' });
  await staff.goto(`${cmsUrl()}/admin/plugins/onboarding`);
  const card = staff.getByRole('article', { name: `@${handle}` });
  await expect(card).toContainText('Short pottery lessons');
  await expect(card).toContainText(username);
  await staff.screenshot({ path: testInfo.outputPath('applications.png'), fullPage: true });
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(staff.getByText(`@${handle} is a creator: the invitation was mailed.`)).toBeVisible();
  await expect(staff.getByRole('article', { name: `@${handle}` })).toHaveCount(0);

  // the mailed link sets the password; the new creator lands in the admin
  const invitation = await waitForMail(`${username}@example.com`, /channel is ready/);
  const link = invitation.links.find((candidate) => candidate.includes('registrationToken='))!;
  const creator = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await creator.goto(`${cmsUrl()}${new URL(link).pathname}${new URL(link).search}`);
  const password = `Wheel-${stamp}-Kiln9`;
  await creator.locator('input[name="password"]').fill(password);
  await creator.locator('input[name="confirmPassword"]').fill(password);
  await creator.getByRole('button', { name: /start/i }).click();
  await expect(creator).toHaveURL(/\/admin\/?$/, { timeout: 30_000 });
  // the home page lists their first steps: the pitch became the bio, nothing else is done yet
  const steps = creator.getByTestId('creator-checklist');
  await expect(steps).toBeVisible({ timeout: 30_000 });
  await expect(steps).toContainText('1 of 5 done');
  await expect(steps.locator('[data-step="profile"]')).toHaveAttribute('data-done', 'true');
  await expect(steps.getByRole('link', { name: 'Upload your first video' })).toBeVisible();
  await creator.screenshot({ path: testInfo.outputPath('first-steps.png'), fullPage: true });

  // and uploads a first video, processed on the new channel
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-onboarding-'));
  try {
    await openTranscodingPage(creator);
    await creator.getByLabel('Video files to upload').setInputFiles(smallClip(dir));
    const row = creator.getByRole('listitem', { name: 'first-throw.mp4' });
    await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 3 * 60_000 });
    await creator.screenshot({ path: testInfo.outputPath('first-upload.png'), fullPage: true });
    // the upload ticks itself on the home page
    await creator.goto(`${cmsUrl()}/admin`);
    await expect(creator.getByTestId('creator-checklist').locator('[data-step="upload"]')).toHaveAttribute(
      'data-done',
      'true',
      { timeout: 30_000 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await viewer.reload();
  await expect(viewer.locator('[data-application-state="approved"]')).toContainText('Approved');
});

test('the application form on a phone', async ({ browser, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the desktop project tells the story above');
  const { page } = await viewerPage(browser, String(baseURL), 'applicant-phone');
  await page.goto('/account/creator');
  // a refused form keeps what was typed and says what to fix, beside the field
  await page.getByLabel('Handle').fill('X');
  await page.getByLabel('Channel name').fill('Phone Studio');
  await page.getByLabel('What you will publish').fill('Too short');
  await page.getByRole('button', { name: 'Send my application' }).click();
  await expect(page.locator('#creator-handle-error')).toContainText('A handle has 3 to 40');
  await expect(page.getByLabel('Channel name')).toHaveValue('Phone Studio');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
  await page.screenshot({ path: testInfo.outputPath('apply-phone.png'), fullPage: true });
});
