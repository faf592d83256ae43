/**
 * Bulk edits in the content manager, as a creator does them: Ada selects two drafts in the videos list, chooses
 * "Edit selected", sets their visibility and a tag, reads the preview (what changes on each video), applies it and
 * sees each video's result; then deletes both the same way. The drafts are copies made for this run, so no other
 * spec sees them.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CREATOR_PASSWORD, cmsUrl, loginToAdmin } from './support/admin';

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
