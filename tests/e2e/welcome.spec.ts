import { expect, test } from '@playwright/test';
import { viewerPage } from './support/accounts';

test('first run: a new viewer picks topics, is offered channels in them and follows one', async ({
  browser,
  baseURL,
}, testInfo) => {
  const { page } = await viewerPage(browser, baseURL!, 'newcomer');
  await page.goto('/account/welcome');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Framecast');
  // nothing picked: said beside the topics, nothing saved
  await page.getByRole('button', { name: 'Next: channels to follow' }).click();
  await expect(page.locator('#welcome-topics-error')).toHaveText('Pick at least one topic, or skip this step.');

  await page.getByLabel('Cooking').check();
  await page.getByRole('button', { name: 'Next: channels to follow' }).click();
  await expect(page).toHaveURL(/\/account\/welcome\?step=follow$/);
  const channels = page.locator('.welcome__channel');
  await expect(channels.first()).toBeVisible();
  await expect(channels.first()).toContainText('Cooking');
  await page.screenshot({ path: testInfo.outputPath('welcome-follow.png'), fullPage: true });
  const name = (await channels.first().locator('.welcome__channel-name').textContent())!.trim();
  await channels
    .first()
    .getByRole('button', { name: `Follow ${name}` })
    .click();
  await expect(page.getByRole('button', { name: `Following ${name}` })).toBeVisible();

  // the topics are the profile's interests
  await page.goto('/account/profile');
  await expect(page.getByLabel('Cooking')).toBeChecked();
  await page.context().close();
});
