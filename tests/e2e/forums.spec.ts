/**
 * The forum in the browser: a viewer starts a topic in a platform category (with an XSS payload in its title and
 * text, which must render inert), another replies, and the first hears of it in their notifications and lands on the
 * reply. A creator posts on their own Community tab as the viewer account with their channel's address, a viewer
 * replies, the creator hides the reply and locks the topic, and the viewer sees both. The pages pass axe, work by
 * keyboard, and fit a phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, cmsToken, confirmedAccount, forbidDialogs, identity, signIn, viewerPage } from './support/accounts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** A seeded channel no other spec posts as; its admin account's address is the one its viewer account signs up with. */
const CREATOR = { handle: 'tomas-silva', name: 'Tomás Silva', email: 'tomas@framecast.local' };

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} (${violation.nodes.length})`,
  );
}

/** The creator's viewer account, signed in: registered on the first attempt, reused on a retry. */
async function creatorOnSite(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const known = await cmsToken(CREATOR.email).then(
    () => true,
    () => false,
  );
  if (!known) await confirmedAccount(context.request, baseURL, { ...identity('tomas'), email: CREATOR.email });
  await signIn(page, CREATOR.email, { password: PASSWORD });
  return page;
}

test('a viewer starts a topic, another replies, the first is notified and lands on the reply', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one story across two people; phones are looked at below');
  test.setTimeout(150_000);
  const stamp = Date.now().toString(36);
  const payload = `<img src=x onerror="alert('t${stamp}')"><script>alert("s${stamp}")</script>`;
  const title = `Budget microphones ${stamp} ${payload}`;
  const asker = await viewerPage(browser, baseURL!, 'asker');
  const askerDialogs = forbidDialogs(asker.page);

  // from the header's Community link to a category, by keyboard where it matters
  await asker.page.goto('/');
  await asker.page.getByRole('navigation', { name: 'Browse' }).getByRole('link', { name: 'Community' }).click();
  await expect(asker.page.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible();
  expect(await axeViolations(asker.page)).toEqual([]);
  await asker.page.getByRole('link', { name: 'Making videos' }).click();
  await expect(asker.page).toHaveURL(/\/community\/making-videos$/);
  const start = asker.page.getByText('Start a topic', { exact: true });
  await start.focus();
  await asker.page.keyboard.press('Enter');
  await asker.page.getByLabel('Title').fill(title);
  // a refusal is said beside the form, and what was typed stays
  await asker.page.getByLabel('What would you like to say?').fill('   ');
  await asker.page.getByRole('button', { name: 'Post topic' }).click();
  await expect(asker.page.locator('.new-topic__status')).toHaveText('Write something first.');
  await expect(asker.page.getByLabel('Title')).toHaveValue(title);
  await asker.page.getByLabel('What would you like to say?').fill(`Which one for voice-over? ${payload}`);
  await asker.page.getByRole('button', { name: 'Post topic' }).click();
  await expect(asker.page).toHaveURL(/\/community\/t\/\d+$/);
  const topicUrl = new URL(asker.page.url()).pathname;
  await expect(asker.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(asker.page.locator('.comment__body').first()).toHaveText(`Which one for voice-over? ${payload}`);
  await expect(asker.page.getByRole('button', { name: 'Following this topic' })).toBeVisible();
  expect(await axeViolations(asker.page)).toEqual([]);

  // another viewer finds it on the board and replies in place
  const helper = await viewerPage(browser, baseURL!, 'helper');
  const helperDialogs = forbidDialogs(helper.page);
  await helper.page.goto('/community/making-videos');
  await helper.page.getByRole('link', { name: title }).click();
  await expect(helper.page).toHaveURL(new RegExp(`${topicUrl}$`));
  await helper.page.getByLabel('Your reply').fill('A dynamic one, close to your mouth.');
  await helper.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(helper.page.locator('[data-community-status]')).toHaveText('Your reply was posted.');
  await expect(helper.page.locator('.comment__body')).toHaveText([
    `Which one for voice-over? ${payload}`,
    'A dynamic one, close to your mouth.',
  ]);
  await expect(helper.page.getByText('1 reply')).toBeVisible();

  // the asker hears of it and lands on the reply
  await asker.page.goto('/account/notifications');
  const note = asker.page.getByRole('button', {
    name: new RegExp(`^${helper.username} posted in “Budget microphones ${stamp}`),
  });
  await note.click();
  await expect(asker.page).toHaveURL(new RegExp(`${topicUrl}#comment-\\d+$`));
  await expect(asker.page.locator(':target .comment__body')).toHaveText('A dynamic one, close to your mouth.');
  await asker.page.screenshot({ path: testInfo.outputPath('topic-desktop.png'), fullPage: true });

  // nothing from the payload ran anywhere
  expect(askerDialogs).toEqual([]);
  expect(helperDialogs).toEqual([]);
  expect(
    await asker.page.evaluate(() => document.querySelectorAll('main img[src="x"], main script:not([src])').length),
  ).toBe(0);
});

test('a creator posts on their Community tab, hides a reply and locks the post; viewers see it', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one story across two people; phones are looked at below');
  test.setTimeout(150_000);
  const stamp = Date.now().toString(36);
  const tab = `/creators/${CREATOR.handle}/community`;
  const creator = await creatorOnSite(browser, baseURL!);
  await creator.goto(`/creators/${CREATOR.handle}`);
  await creator
    .getByRole('navigation', { name: `${CREATOR.name}’s channel` })
    .getByRole('link', { name: 'Community' })
    .click();
  await expect(creator).toHaveURL(new RegExp(`${tab}$`));
  await creator.getByText('New post', { exact: true }).click();
  await creator.getByLabel('Title').fill(`Next week: rhythm drills ${stamp}`);
  await creator.getByLabel('What would you like to say?').fill('Which tempo should we start at?');
  await creator.getByRole('button', { name: 'Post to your community' }).click();
  await expect(creator).toHaveURL(/\/community\/t\/\d+$/);
  const postUrl = new URL(creator.url()).pathname;
  // the creator posts as the channel
  await expect(creator.locator('.comment__meta').first()).toContainText(`${CREATOR.name}Creator`);

  // a viewer sees the post on the tab but cannot post there; they reply twice
  const fan = await viewerPage(browser, baseURL!, 'fan');
  await fan.page.goto(tab);
  await expect(fan.page.getByText('New post', { exact: true })).toHaveCount(0);
  await fan.page.getByRole('link', { name: `Next week: rhythm drills ${stamp}` }).click();
  for (const body of ['80 bpm please', 'Off topic: anyone selling a used keyboard?']) {
    await fan.page.getByLabel('Your reply').fill(body);
    await fan.page.getByRole('button', { name: 'Post reply' }).click();
    await expect(fan.page.locator('.comment__body').filter({ hasText: body })).toBeVisible();
  }
  await expect(fan.page.getByRole('button', { name: /^Hide/ })).toHaveCount(0);

  // the creator hides the second reply (it stays for them, marked), and locks the post
  await creator.goto(postUrl);
  const spam = creator.locator('.comment').filter({ hasText: 'used keyboard' });
  await spam.getByRole('button', { name: /^Hide/ }).click();
  await expect(spam.getByRole('note')).toContainText('Hidden from your board');
  await expect(creator.locator('[data-community-status]')).toHaveText('Hidden: only you see it now.');
  await creator.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(creator.getByRole('button', { name: 'Unlock', exact: true })).toBeVisible();
  await creator.screenshot({ path: testInfo.outputPath('creator-board-moderation.png'), fullPage: true });

  await fan.page.reload();
  await expect(fan.page.locator('.comment__body')).toHaveText(['Which tempo should we start at?', '80 bpm please']);
  await expect(fan.page.getByText('This topic is locked: it takes no new replies.')).toBeVisible();
  await expect(fan.page.getByLabel('Your reply')).toHaveCount(0);
  await expect(fan.page.locator('.topic__badge')).toHaveText(['Locked']);
  expect(await axeViolations(fan.page)).toEqual([]);
});

test('the forum pages fit a phone and read without signing in', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'desktop', 'the layout check is for the phone');
  for (const path of ['/community', '/community/general', `/creators/${CREATOR.handle}/community`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await expect(page.getByRole('link', { name: 'Community' }).first()).toBeVisible();
  await page.goto('/community/general');
  await expect(page.getByRole('link', { name: 'Sign in to start a topic' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('board-phone.png'), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);
  expect((await page.goto('/community/no-such-board'))?.status()).toBe(404);
  expect((await page.goto('/community/t/999999999'))?.status()).toBe(404);
});
