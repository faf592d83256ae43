/**
 * A creator uploads a clip through the admin's "Videos: upload & queue" page (tus, resumable), follows it through
 * transcoding to "Ready", publishes it and watches it on the site. Real Strapi, real ffmpeg, real Chromium; once on the
 * main stack (the CMS transcodes in-process) and once on the BullMQ twin (jobs go through Redis to a separate worker
 * process). The desktop runs upload 1080p (the whole ladder); the phone run, which is there for the small screen, a
 * 360p clip whose ladder encodes in a fraction of the time.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { bullmqStack, cmsUrl, loginToAdmin, openTranscodingPage } from './support/admin';
import { makeClip } from './support/clips';
import { withEncodeSlot } from './support/encode-slot';
import { chooseQuality } from './support/player';

const GIB = 1024 ** 3;

let workDir = '';
test.beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-upload-'));
});
test.afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const RUNNERS = [
  // each stack has its own login rate limit, so the same creator can sign in to both
  { runner: 'in-process', stack: () => ({ cms: cmsUrl(), site: '' }) },
  { runner: 'BullMQ', stack: bullmqStack },
];

for (const { runner, stack } of RUNNERS) {
  test(`a creator uploads a clip, it is transcoded (${runner}), published and plays on the site`, async ({
    page,
  }, testInfo) => {
    // the whole path once per runner on the desktop; the phone run of the in-process one covers small screens
    test.skip(
      runner === 'BullMQ' && testInfo.project.name === 'phone',
      'the BullMQ runner is exercised on the desktop',
    );
    test.setTimeout(6 * 60_000);
    // one ladder at a time across workers (see support/encode-slot.ts); the wait is added to the timeout
    await withEncodeSlot(testInfo, () => uploadTranscodePublishWatch(page, testInfo.project.name, runner, stack()));
  });
}

async function uploadTranscodePublishWatch(
  page: Page,
  projectName: string,
  runner: string,
  { cms, site }: { cms: string; site: string },
): Promise<void> {
  // one upload per project run; the name makes the title and the slug unique
  const id = `${runner === 'BullMQ' ? 'q-' : ''}${projectName}-${Date.now().toString(36)}`;
  const fileName = `e2e-upload-${id}.mp4`;
  // the upload page suggests a title from the file name (dashes become spaces)
  const title = `e2e upload ${id.replaceAll('-', ' ')}`;
  // 10 s: two HLS segments, as a real (if short) video has; the top of the ladder is the source's height
  const top = projectName === 'phone' ? 360 : 1080;
  const clip = makeClip(workDir, fileName, { seconds: 10, size: top === 360 ? '640x360' : '1920x1080' });

  await loginToAdmin(page, 'ada@framecast.local', { cms });
  await openTranscodingPage(page);
  await expect(page.getByRole('tab', { name: 'Upload videos' })).toHaveAttribute('aria-selected', 'true');

  await page.getByLabel('Video files to upload').setInputFiles(clip);
  const row = page.getByRole('listitem', { name: fileName });
  await expect(row).toBeVisible();

  // every byte arrives: the bar reaches 100% and the row says so
  await expect(row.getByRole('progressbar', { name: `Upload of ${fileName}` })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 60_000 },
  );
  await expect(row.getByText('Uploaded — processing').or(row.getByText('Ready', { exact: true }))).toBeVisible({
    timeout: 30_000,
  });

  // transcoding, followed live until the video is ready (the ladder up to the source's height)
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 3 * 60_000 });
  await expect(row.getByText(new RegExp(`${top}p`))).toBeVisible();

  // the queue lists the finished job
  await page.getByRole('tab', { name: 'Queue' }).click();
  await expect(page).toHaveURL(/\/plugins\/transcoding\/queue$/);
  await expect(page.getByRole('link', { name: title }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Upload videos' }).click();

  // the edit view: the side panel shows the renditions; publish it
  // the side panel mounts once the edit view has loaded the document, then asks for the video's status: wait for
  // that answer (a generous cap for a loaded machine), not for a fixed time
  const panelStatus = page.waitForResponse(
    (response) =>
      /\/transcoding\/videos\/[^/]+\/status$/.test(response.url()) && page.url().includes('/content-manager/'),
    { timeout: 120_000 },
  );
  // the admin's router changes the address once the content manager's code has loaded: on a loaded machine, seconds;
  // the row re-renders as the status polls, so a click that landed on a row being replaced is made again
  await expect(async () => {
    if (!page.url().includes('/content-manager/')) await row.getByRole('link', { name: 'Open the video' }).click();
    await expect(page).toHaveURL(/\/content-manager\/collection-types\/api::video\.video\/[a-z0-9]+/, {
      timeout: 20_000,
    });
  }).toPass({ timeout: 120_000 });
  const panelContent = page.getByTestId('transcoding-renditions');
  if (projectName === 'phone') await page.getByRole('button', { name: 'Open more actions' }).click();
  expect((await panelStatus).ok()).toBe(true);
  await expect(panelContent).toContainText(`${top}p`);
  if (projectName === 'phone') await page.keyboard.press('Escape');

  // the upload gave the draft a slug from its title, so it can be published as it is
  const slug = `e2e-upload-${id}`;
  await expect(page.getByRole('textbox', { name: /^slug/ })).toHaveValue(slug);
  // publishing runs the CMS's side effects (search index, notifications) before it answers: wait for the answer
  const published = page.waitForResponse(
    (response) => response.url().includes('/actions/publish') && response.request().method() === 'POST',
    { timeout: 120_000 },
  );
  await page.getByRole('button', { name: 'Publish' }).click();
  expect((await published).ok()).toBe(true);
  // the content manager shows its toast once it has fetched the published document again: seconds on a loaded machine
  await expect(
    page
      .getByText('Published document')
      .or(page.getByText('Published', { exact: true }))
      .first(),
  ).toBeVisible({ timeout: 30_000 });

  // the site: the watch page's player is ready with the whole ladder, and it plays
  const response = await page.goto(`${site}/watch/${slug}`);
  expect(response?.status()).toBe(200);
  const stage = page.locator('[data-player][data-player-ready="true"]');
  await expect(stage).toBeAttached({ timeout: 20_000 });
  expect(await stage.getAttribute('data-levels')).toContain(String(top));
  const video = stage.locator('video');
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
  });
  const playButton = stage.getByRole('button', { name: /^play/i }).first();
  if (await playButton.isVisible()) await playButton.click();
  else await video.evaluate((element: HTMLVideoElement) => element.play());
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(1);

  // the quality menu switches rendition: the lowest rung, then the top one
  await video.evaluate((element: HTMLVideoElement) => element.pause());
  for (const height of [240, top]) await chooseQuality(page, height);
}

test('files over the size limit or of the wrong type are refused before any byte is sent', async ({ page }) => {
  // sparse: the file claims the size and costs no disk
  const limit = Number(process.env.UPLOAD_MAX_BYTES ?? 4 * GIB);
  const big = path.join(workDir, 'too-big.mp4');
  writeFileSync(big, '');
  truncateSync(big, limit + 1024 * 1024);
  const notes = path.join(workDir, 'notes.txt');
  writeFileSync(notes, 'not a video');

  const tusRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/transcoding/tus')) tusRequests.push(`${request.method()} ${request.url()}`);
  });

  await loginToAdmin(page, 'lena@framecast.local');
  await openTranscodingPage(page);
  await expect(page.getByText(/up to \d+(\.\d+)? [KMGT]?B each/)).toBeVisible();

  await page.getByLabel('Video files to upload').setInputFiles([big, notes]);
  const bigRow = page.getByRole('listitem', { name: 'too-big.mp4' });
  await expect(bigRow.getByRole('alert')).toHaveText(/^This file is larger than the \d+(\.\d+)? [KMGT]?B limit\.$/);
  const notesRow = page.getByRole('listitem', { name: 'notes.txt' });
  await expect(notesRow.getByRole('alert')).toContainText('does not accept .txt files');

  // nothing went to the tus endpoint, and the refused rows can be cleared
  await page.waitForTimeout(1000);
  expect(tusRequests).toEqual([]);
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await expect(bigRow).toHaveCount(0);
  await expect(notesRow).toHaveCount(0);
});

/** Chromium's network emulation (DevTools protocol): a slow uplink, or none at all. */
async function emulateNetwork(
  page: Page,
  { offline = false, uploadBytesPerSecond = -1 }: { offline?: boolean; uploadBytesPerSecond?: number },
) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 10,
    downloadThroughput: -1,
    uploadThroughput: uploadBytesPerSecond,
  });
  return cdp;
}

test('an interrupted upload resumes: offline and back, then after a reload; Cancel deletes it on the server', async ({
  page,
}, testInfo) => {
  test.setTimeout(3 * 60_000);
  // ~45 MB at 4 MB/s: long enough to interrupt, short enough for a test
  const fileName = `resume-${testInfo.project.name}.mp4`;
  const clip = makeClip(workDir, fileName, { seconds: 15, bitrate: '24M' });
  const tus: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/transcoding/tus')) tus.push(`${response.request().method()} ${response.status()}`);
  });
  // leaving mid-upload asks for confirmation; the test confirms
  page.on('dialog', (dialog) => void dialog.accept());

  await loginToAdmin(page, 'kenji@framecast.local');
  await openTranscodingPage(page);
  await expect(page.getByText(/up to \d+(\.\d+)? [KMGT]?B each/)).toBeVisible();

  // the connection is gone when the upload starts: the row waits, then continues by itself
  const cdp = await emulateNetwork(page, { offline: true });
  await page.getByLabel('Video files to upload').setInputFiles(clip);
  const row = page.getByRole('listitem', { name: fileName });
  await expect(row.getByText('Connection lost — continues when you are back online')).toBeVisible();
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 10,
    downloadThroughput: -1,
    uploadThroughput: 4 * 1024 * 1024,
  });
  const bar = row.getByRole('progressbar', { name: `Upload of ${fileName}` });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(15);
  await expect(row.getByText(/\/s · .+ left$/)).toBeVisible();

  // a reload mid-upload: the page remembers the upload; choosing the same file continues from the server's offset
  await page.reload();
  await expect(page.getByText('Unfinished uploads from an earlier visit')).toBeVisible();
  await expect(page.getByRole('button', { name: `Discard the unfinished upload of ${fileName}` })).toBeVisible();
  await emulateNetwork(page, { uploadBytesPerSecond: 4 * 1024 * 1024 });
  await page.getByLabel('Video files to upload').setInputFiles(clip);
  const resumed = page.getByRole('listitem', { name: fileName }).getByText(/^Resuming at \d+%$/);
  await expect(resumed).toBeVisible();
  expect(Number((await resumed.innerText()).match(/\d+/)?.[0])).toBeGreaterThanOrEqual(10);
  expect(tus).toContain('HEAD 200');

  // Cancel stops it and deletes the partial upload (tus termination); nothing is left to resume
  await page.getByRole('button', { name: `Cancel the upload of ${fileName}` }).click();
  await expect(page.getByRole('listitem', { name: fileName }).getByText('Cancelled')).toBeVisible();
  await expect.poll(() => tus).toContain('DELETE 204');
  await expect(page.getByRole('button', { name: `Remove ${fileName} from the list` })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Uploads' })).toBeVisible();
  await expect(page.getByText('Unfinished uploads from an earlier visit')).toHaveCount(0);
});
