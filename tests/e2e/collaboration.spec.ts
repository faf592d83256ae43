/**
 * Working together, in the admin: Kenji invites Priya by handle from his draft's Collaboration panel; Priya sees the
 * invitation on her admin home page and accepts; the draft is then in her videos list and she can open it, while its
 * panel tells her only its owner invites and publishes. The draft is a copy made for this run.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CREATOR_PASSWORD, cmsUrl, loginToAdmin } from './support/admin';

const OWNER = 'kenji@framecast.local';
const VIDEOS = '/content-manager/collection-types/api::video.video';

async function draftForThisRun(request: APIRequestContext): Promise<{ documentId: string; title: string }> {
  const login = await request.post(`${cmsUrl()}/admin/login`, { data: { email: OWNER, password: CREATOR_PASSWORD } });
  expect(login.ok(), await login.text()).toBe(true);
  const headers = { Authorization: `Bearer ${((await login.json()) as { data: { token: string } }).data.token}` };
  const mine = await request.get(`${cmsUrl()}${VIDEOS}?page=1&pageSize=1&filters[visibility][$eq]=public`, { headers });
  const source = ((await mine.json()) as { results: Array<{ documentId: string }> }).results[0]!.documentId;
  const stamp = Date.now().toString(36);
  const copy = { title: `Duet ${stamp}: dashi and miso`, slug: `duet-${stamp}` };
  const cloned = await request.post(`${cmsUrl()}${VIDEOS}/clone/${source}`, { headers, data: copy });
  expect(cloned.ok(), await cloned.text()).toBe(true);
  return { title: copy.title, documentId: ((await cloned.json()) as { data: { documentId: string } }).data.documentId };
}

test('a creator invites another by handle; the video is shared once the invitee accepts', async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the admin panels are the same on a phone');
  test.setTimeout(3 * 60_000);
  const draft = await draftForThisRun((await browser.newContext()).request);

  const owner = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await loginToAdmin(owner, OWNER);
  await owner.goto(`${cmsUrl()}/admin${VIDEOS}/${draft.documentId}`);
  const panel = owner.getByTestId('collaboration-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await panel.getByLabel('Invite a creator by handle').fill('@nobody-at-all');
  await panel.getByRole('button', { name: 'Invite' }).click();
  await expect(panel).toContainText('No channel has the handle @nobody-at-all.');
  await panel.getByLabel('Invite a creator by handle').fill('@priya-raman');
  await panel.getByRole('button', { name: 'Invite' }).click();
  await expect(panel).toContainText('Priya Raman: invited, not answered yet');
  await panel.screenshot({ path: testInfo.outputPath('invited.png') });

  // Priya answers on her home page
  const invitee = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await loginToAdmin(invitee, 'priya@framecast.local');
  const invitation = invitee.getByRole('article', { name: `Invitation: ${draft.title}` });
  await expect(invitation).toContainText('Kenji Watanabe invites you to collaborate', { timeout: 30_000 });
  await invitee.screenshot({ path: testInfo.outputPath('home-invitation.png'), fullPage: true });
  await invitation.getByRole('button', { name: 'Accept' }).click();
  await expect(invitee.getByText(`You collaborate on “${draft.title}” now`)).toBeVisible();

  // the draft is hers to open now; its panel says who invites and publishes
  await invitee.goto(`${cmsUrl()}/admin${VIDEOS}/${draft.documentId}`);
  await expect(invitee.getByRole('heading', { level: 1, name: draft.title })).toBeVisible({ timeout: 30_000 });
  // side panels mount once the edit view has loaded the document: a generous cap for a loaded machine
  await expect(
    invitee.getByText('You collaborate on this video: its owner invites others and publishes it.'),
  ).toBeVisible({ timeout: 30_000 });
  await owner.reload();
  await expect(owner.getByTestId('collaboration-panel')).toContainText('Priya Raman: accepted', { timeout: 30_000 });
});
