/**
 * Bulk edits, as creators do them. In the content manager: Ada selects two drafts in the videos list, chooses
 * "Edit selected", sets their visibility and a tag, reads the preview (what changes on each video), applies it and
 * sees each video's result; then deletes both the same way (the drafts are copies made for this run, so no other spec
 * sees them). In the upload inbox: Lena uploads two lessons, follows them to "Ready" there, titles them from a pattern
 * and publishes both at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CREATOR_PASSWORD, cmsUrl, loginToAdmin, openTranscodingPage } from './support/admin';
import { makeClip } from './support/clips';
import { withEncodeSlot } from './support/encode-slot';

const CREATOR = 'ada@framecast.local';
const VIDEOS = '/content-manager/collection-types/api::video.video';

async function twoDrafts(
  request: APIRequestContext,
  stamp: string,
): Promise<{ titles: string[]; headers: Record<string, string> }> {
  const login = await request.post(`${cmsUrl()}/admin/login`, { data: { email: CREATOR, password: CREATOR_PASSWORD } });
  expect(login.ok(), await login.text()).toBe(true);
  const headers = { Authorization: `Bearer ${((await login.json()) as { data: { token: string } }).data.token}` };
  const mine = await request.get(`${cmsUrl()}${VIDEOS}?page=1&pageSize=1&filters[visibility][$eq]=public`, { headers });
  const source = ((await mine.json()) as { results: Array<{ documentId: string }> }).results[0]!.documentId;
  const titles: string[] = [];
  for (const n of [1, 2]) {
    const copy = { title: `Bulk ${stamp} lesson ${n}`, slug: `bulk-${stamp}-lesson-${n}` };
    const cloned = await request.post(`${cmsUrl()}${VIDEOS}/clone/${source}`, { headers, data: copy });
    expect(cloned.ok(), await cloned.text()).toBe(true);
    titles.push(copy.title);
  }
  return { titles, headers };
}

test('a creator edits several of her videos at once: preview, progress, a result per video; then deletes them', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(
    testInfo.project.name === 'phone',
    'the content manager’s list and its bulk actions are the same on a phone',
  );
  test.setTimeout(3 * 60_000);
  const stamp = Date.now().toString(36);
  const { request } = await browser.newContext();
  const { titles, headers } = await twoDrafts(request, stamp);

  await loginToAdmin(page, CREATOR);
  await page.goto(`${cmsUrl()}/admin${VIDEOS}?page=1&pageSize=10&_q=${encodeURIComponent(`Bulk ${stamp}`)}`);
  for (const title of titles)
    await expect(page.getByRole('gridcell', { name: title })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: 'Select all entries' }).check();
  await page.getByRole('button', { name: 'Edit selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit 2 videos' });
  await expect(dialog).toBeVisible();

  await dialog.getByRole('combobox', { name: 'Visibility' }).click();
  await page.getByRole('option', { name: 'Unlisted' }).click();
  await dialog.getByRole('combobox', { name: 'Add a tag' }).click();
  await page.getByRole('option').nth(1).click();
  const tag = await dialog.getByRole('combobox', { name: 'Add a tag' }).innerText();
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await expect(dialog).toContainText('2 of 2 videos would change');
  const results = dialog.getByTestId('bulk-edit-results');
  for (const title of titles) await expect(results).toContainText(title);
  await expect(results).toContainText('visibility: public → unlisted');
  await expect(results).toContainText(`tags added: ${tag.trim()}`);
  await page.screenshot({ path: testInfo.outputPath('bulk-preview.png') });

  await dialog.getByRole('button', { name: 'Apply to 2 videos' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Done: 2 changed, 0 not.');
  await expect(results.getByText('OK', { exact: true })).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('bulk-done.png') });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // the drafts say it; then both go the same way
  const saved = await request.get(`${cmsUrl()}${VIDEOS}?filters[slug][$startsWith]=bulk-${stamp}-`, { headers });
  const rows = ((await saved.json()) as { results: Array<{ visibility: string }> }).results;
  expect(rows.map((row) => row.visibility)).toEqual(['unlisted', 'unlisted']);
  await page.getByRole('checkbox', { name: 'Select all entries' }).check();
  await page.getByRole('button', { name: 'Edit selected' }).click();
  const again = page.getByRole('dialog', { name: 'Edit 2 videos' });
  await again.getByRole('combobox', { name: 'Then' }).click();
  await page.getByRole('option', { name: 'Delete' }).click();
  await again.getByRole('button', { name: 'Preview changes' }).click();
  await expect(again.getByTestId('bulk-edit-results')).toContainText('deleted');
  await again.getByRole('button', { name: 'Apply to 2 videos' }).click();
  await expect(again.getByRole('status')).toHaveText('Done: 2 changed, 0 not.');
  await again.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('gridcell', { name: titles[0]! })).toHaveCount(0);
});

test('a creator uploads two lessons, finds them in the upload inbox, titles them from a pattern and publishes both', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the admin pages are the same on a phone; the desktop run covers them');
  test.setTimeout(4 * 60_000);
  const stamp = Date.now().toString(36);
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-e2e-inbox-'));
  try {
    // two short, small clips: they encode in moments
    const files = [1, 2].map((n) => makeClip(dir, `inbox-${stamp}-part-${n}.mp4`, { seconds: 2, size: '320x180' }));
    await withEncodeSlot(testInfo, async () => {
      await loginToAdmin(page, 'lena@framecast.local');
      await openTranscodingPage(page);
      await page.getByLabel('Video files to upload').setInputFiles(files);
      // once both are uploaded, the upload page leads to the inbox
      await page.getByRole('link', { name: 'Edit and publish in the upload inbox (2 videos)' }).click({
        timeout: 60_000,
      });
    });
    await expect(page.getByRole('heading', { level: 1, name: 'Upload inbox' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search the inbox by title' }).fill(`inbox ${stamp}`);
    await page.keyboard.press('Enter');
    const rows = page.getByRole('row');
    await expect(rows).toHaveCount(3, { timeout: 30_000 });
    // the inbox follows processing by itself until both are ready
    await expect(page.getByText('Ready', { exact: true })).toHaveCount(2, { timeout: 120_000 });
    const titles = await page.getByRole('row').getByRole('link').allInnerTexts();
    expect(titles.sort()).toEqual([`inbox ${stamp} part 1`, `inbox ${stamp} part 2`]);
    const order = await page.getByRole('row').getByRole('link').allInnerTexts();

    await page.getByRole('checkbox', { name: 'Select all videos in the inbox' }).click();
    await expect(page.getByText('2 selected')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('inbox.png') });
    await page.getByRole('button', { name: 'Publish selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish 2 videos' });
    await dialog.getByRole('textbox', { name: 'Titles' }).fill('Lesson {n}: {title}');
    await dialog.getByRole('combobox', { name: 'Visibility' }).click();
    await page.getByRole('option', { name: 'Private' }).click();
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const results = dialog.getByTestId('bulk-edit-results');
    // {n} follows the inbox's order (upload order)
    for (const [index, title] of order.entries())
      await expect(results).toContainText(`title: “${title}” → “Lesson ${index + 1}: ${title}”`);
    await expect(results).toContainText('visibility: public → private');
    await expect(results).toContainText('published');
    await dialog.getByRole('button', { name: 'Apply to 2 videos' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 2 changed, 0 not.');
    await page.screenshot({ path: testInfo.outputPath('inbox-published.png') });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    // published, they leave the inbox
    await expect(page.getByText(`No unpublished video has “inbox ${stamp}” in its title.`)).toBeVisible();

    // the videos list shows them under their new titles, published
    await page.goto(`${cmsUrl()}/admin${VIDEOS}?page=1&pageSize=10&_q=${encodeURIComponent(`Lesson 1: ${order[0]}`)}`);
    const row = page.getByRole('row', { name: new RegExp(`Lesson 1: ${order[0]}`) });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText('Published')).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
