/**
 * Watch while it transcodes (issue 16), end to end: a creator uploads a long clip, previews its first part in the
 * admin while the rest is encoded, turns on publishEarly and publishes; a viewer opens the watch page while the video
 * is still processing, reads that it is, and watches it from the beginning (desktop and a 390 px phone); once
 * processing is done the admin's preview says Ready by itself and the note is gone from the watch page.
 *
 * The stacks of the global setup encode with x264's fastest preset, which turns this clip into its whole ladder in a
 * few seconds: too fast to watch it grow. This spec starts a stack of its own (a copy of the seeded data) whose CMS
 * encodes with the `slower` preset on one thread, as the API test of the same road does (TRANSCODE_PRESET=slower).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync, backup } from 'node:sqlite';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spareDatabase, startStack, type SeededData, type Stack } from '../support/stack';
import { adminToken, loginToAdmin, openTranscodingPage } from './support/admin';
import { makeClip } from './support/clips';
import { withEncodeSlot } from './support/encode-slot';
import { E2E_CMS_PORT, E2E_SITE_PORT } from './playwright.config';

const CREATOR = 'lena@framecast.local';
const NOTE = 'Still processing. You can watch the part that is ready now; more of the video arrives as you watch.';

test.skip(({ isMobile }) => isMobile, 'desktop only: the spec boots a stack of its own and looks at a phone itself');
test.describe.configure({ mode: 'serial' });

/**
 * A copy of the seeded data the global setup set aside (E2E_SPARE_DATA), made with SQLite's backup API: the
 * diagnostics spec's CMS may be writing to that database meanwhile, and a file copy of a WAL database can be torn.
 */
async function copyOfSeededData(): Promise<SeededData> {
  const dir = process.env.E2E_SPARE_DATA;
  if (!dir) throw new Error('E2E_SPARE_DATA is not set: run the specs through tests/e2e/playwright.config.ts');
  const copy = spareDatabase({ dir, env: JSON.parse(readFileSync(path.join(dir, 'env.json'), 'utf8')) });
  for (const file of readdirSync(copy.dir).filter((name) => name.startsWith('cms.db')))
    rmSync(path.join(copy.dir, file));
  const source = new DatabaseSync(path.join(dir, 'cms.db'));
  try {
    await backup(source, path.join(copy.dir, 'cms.db'));
  } finally {
    source.close();
  }
  return copy;
}

let stack: Stack | undefined;
let workDir = '';
test.beforeAll(async () => {
  test.setTimeout(10 * 60_000);
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-growing-'));
  // ports of its own beside the global setup's (14337-14339 for CMSs, 14321-14322 and +20.. for sites)
  stack = await startStack(await copyOfSeededData(), {
    cmsPort: E2E_CMS_PORT + 40,
    sitePort: E2E_SITE_PORT + 40,
    cmsEnv: { TRANSCODE_PRESET: 'slower', TRANSCODE_THREADS: '1' },
  });
});
test.afterAll(async () => {
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Where a video element's playing began: the start of the first range it played (Infinity before it played). */
const playedFrom = (video: HTMLVideoElement) =>
  video.played.length > 0 ? video.played.start(0) : Number.POSITIVE_INFINITY;

/** The video's processing state as the admin API gives it to its creator. */
async function processingStatus(page: Page, cms: string, documentId: string): Promise<string> {
  const response = await page.request.get(`${cms}/transcoding/videos/${documentId}/status`, {
    headers: { Authorization: `Bearer ${await adminToken(page)}` },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { processingStatus: string }).processingStatus;
}

/** Opens the watch page in a fresh context (a viewer who is not signed in) and checks the note and the player. */
async function openWhileGrowing(
  browser: Browser,
  site: string,
  slug: string,
  viewport: { width: number; height: number },
  mobile: boolean,
): Promise<Page> {
  const context = await browser.newContext({ baseURL: site, viewport, isMobile: mobile, hasTouch: mobile });
  const page = await context.newPage();
  const response = await page.goto(`/watch/${slug}`);
  expect(response?.status()).toBe(200);
  const note = page.locator('[data-player-growing]');
  await expect(note).toBeVisible();
  await expect(note).toHaveText(NOTE);
  const stage = page.locator('[data-player][data-player-ready="true"]');
  await expect(stage).toBeAttached({ timeout: 20_000 });
  await expect(stage).toHaveAttribute('data-growing', 'true');
  // the storyboard grows with it (single thumbnails), and the timeline is not given the final length
  await expect(stage).toHaveAttribute('data-storyboard', /storyboard-growing\.vtt$/);
  expect(await stage.getAttribute('data-duration')).toBeNull();
  // the page is no wider than the screen, note included
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  return page;
}

test('a creator publishes a long video early; a viewer watches it from the start while it is still processing', async ({
  browser,
}, testInfo) => {
  // hang guards, not timings: the slow encode this needs took about 4 minutes on a loaded 2-core machine
  test.setTimeout(25 * 60_000);
  const { cmsUrl: cms, siteUrl: site } = stack!;
  const stamp = Date.now().toString(36);
  const fileName = `growing-lesson-${stamp}.mp4`;
  // long enough that its first seconds play well before the rest is encoded (slower preset, one thread)
  const clip = makeClip(workDir, fileName, { seconds: 90, size: '640x360' });

  // one encode at a time across workers: this one runs alone, as slow as it was set to be
  await withEncodeSlot(testInfo, async () => {
    const creator = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await loginToAdmin(creator, CREATOR, { cms });
    await openTranscodingPage(creator);
    await creator.getByLabel('Video files to upload').setInputFiles(clip);
    const row = creator.getByRole('listitem', { name: fileName });
    await expect(row.getByText('Uploaded — processing')).toBeVisible({ timeout: 60_000 });

    // its first seconds play while the rest is encoded: the row says so and offers them
    const rowPreview = row.getByTestId('transcoding-preview');
    await expect(rowPreview).toHaveAttribute('data-growing', 'true', { timeout: 90_000 });
    await expect(rowPreview.getByText('Still processing', { exact: true })).toBeVisible();
    await row.scrollIntoViewIfNeeded();
    await creator.screenshot({ path: testInfo.outputPath('admin-upload-row-growing.png') });

    // the edit view: the side panel's preview plays what is ready, from the beginning
    // the row re-renders as the status polls, so a click that landed on a row being replaced is made again
    await expect(async () => {
      if (!creator.url().includes('/content-manager/')) await row.getByRole('link', { name: 'Open the video' }).click();
      await expect(creator).toHaveURL(/\/content-manager\/collection-types\/api::video\.video\/[a-z0-9]+/, {
        timeout: 20_000,
      });
    }).toPass({ timeout: 120_000 });
    const documentId = /api::video\.video\/([a-z0-9]+)/.exec(creator.url())![1]!;
    const panel = creator.getByTestId('transcoding-preview');
    await expect(panel).toHaveAttribute('data-growing', 'true', { timeout: 60_000 });
    await expect(panel.getByText('Still processing', { exact: true })).toBeVisible();
    await panel.getByRole('button', { name: 'Play what is ready' }).click();
    const previewVideo = creator.getByTestId('transcoding-preview-video');
    await expect(previewVideo).toBeFocused();
    await expect
      .poll(() => previewVideo.evaluate((video: HTMLVideoElement) => video.currentTime), { timeout: 30_000 })
      .toBeGreaterThan(1);
    // from the beginning, not from the newest segment
    expect(await previewVideo.evaluate(playedFrom)).toBeLessThan(1);
    await previewVideo.evaluate((video: HTMLVideoElement) => video.pause());
    await panel.scrollIntoViewIfNeeded();
    await creator.screenshot({ path: testInfo.outputPath('admin-preview-growing.png') });

    // Publish early: on, saved, published while it is still processing
    const slug = await creator.getByRole('textbox', { name: /^slug/ }).inputValue();
    await creator.getByRole('checkbox', { name: 'publishEarly' }).check();
    const saved = creator.waitForResponse(
      (response) => response.url().includes(`api::video.video/${documentId}`) && response.request().method() === 'PUT',
      { timeout: 60_000 },
    );
    await creator.getByRole('button', { name: 'Save' }).click();
    expect((await saved).ok()).toBe(true);
    const published = creator.waitForResponse(
      (response) => response.url().includes('/actions/publish') && response.request().method() === 'POST',
      { timeout: 120_000 },
    );
    await creator.getByRole('button', { name: 'Publish' }).click();
    const answer = await published;
    expect(answer.ok(), await answer.text()).toBe(true);
    expect(
      await processingStatus(creator, cms, documentId),
      'the encode finished before the viewer could watch it grow: make the clip longer',
    ).toBe('processing');

    // a viewer, not signed in, while it is still processing: the note, and the video plays from 0
    const viewer = await openWhileGrowing(browser, site, slug, { width: 1280, height: 800 }, false);
    const video = viewer.locator('[data-player] video');
    await video.evaluate((element: HTMLVideoElement) => {
      element.muted = true;
    });
    // with the keyboard, as the rest of the page: the large play button, Enter
    const play = viewer.locator('[data-player]').getByRole('button', { name: /^play/i }).first();
    await play.focus();
    await viewer.keyboard.press('Enter');
    await expect
      .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 30_000 })
      .toBeGreaterThan(1);
    expect(await video.evaluate(playedFrom)).toBeLessThan(1);
    // the note is still there while it plays, under the player
    await expect(viewer.locator('[data-player-growing]')).toBeVisible();
    // the storyboard grows with it: the player has loaded its track and the single thumbnails it names
    await expect
      .poll(
        () =>
          viewer.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((entry) => new URL(entry.name).pathname.replace(/^.*\/videos\/[^/]+\/[^/]+\//, ''))
              .filter((name) => /^(storyboard-growing\.vtt|thumbnails\/thumb-\d{5}\.jpg)$/.test(name)),
          ),
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(['storyboard-growing.vtt', 'thumbnails/thumb-00000.jpg']));
    // hovering the timeline previews a frame from it (a single thumbnail, not a sprite sheet), within the seconds the
    // track covered when the page opened (the timeline has grown since)
    const encodedS = await video.evaluate((element: HTMLVideoElement) => {
      element.pause();
      return element.duration;
    });
    const bar = viewer.locator('.plyr__progress input[type="range"]');
    // Plyr shows its controls again; hover waits until the bar stands still under the pointer
    await bar.hover();
    const { width, height } = (await bar.boundingBox())!;
    await bar.hover({ position: { x: (width * 0.2) / encodedS, y: height / 2 } });
    await bar.hover({ position: { x: (width * 1.5) / encodedS, y: height / 2 } });
    await expect(viewer.locator('.plyr__preview-thumb')).toHaveClass(/plyr__preview-thumb--is-shown/);
    await expect(viewer.locator('.plyr__preview-thumb__image-container img').first()).toHaveAttribute(
      'src',
      /\/thumbnails\/thumb-\d{5}\.jpg$/,
    );
    await viewer.screenshot({ path: testInfo.outputPath('watch-growing-desktop.png') });

    const phone = await openWhileGrowing(browser, site, slug, { width: 390, height: 844 }, true);
    await phone.screenshot({ path: testInfo.outputPath('watch-growing-phone.png') });
    await phone.context().close();
    expect(await processingStatus(creator, cms, documentId)).toBe('processing');

    // processing ends: the admin's preview, still polling, shows the finished video without a reload
    await expect(panel).toHaveAttribute('data-growing', 'false', { timeout: 15 * 60_000 });
    await expect(panel.getByText('Still processing', { exact: true })).toHaveCount(0);
    // the open watch page saw the playlist end, and says so
    await expect(viewer.locator('[data-player-growing]')).toHaveText(
      'Processing is finished: the whole video is here now.',
      { timeout: 60_000 },
    );
    // a new look at the page has no note, and the finished video with its storyboard
    await expect(async () => {
      await viewer.reload();
      await expect(viewer.locator('[data-player-growing]')).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 120_000 });
    const stage = viewer.locator('[data-player][data-player-ready="true"]');
    await expect(stage).toBeAttached({ timeout: 20_000 });
    expect(await stage.getAttribute('data-growing')).toBeNull();
    await expect(stage).toHaveAttribute('data-storyboard', /storyboard\.vtt$/);
  });
});
