import { expect, test, type Page } from '@playwright/test';
import { confirmedAccount, signIn } from './support/accounts';
import { stage, videoProp } from './support/player';

// the demo seed's course: four lessons in three sections (database/seed/catalog.ts)
const COURSE = 'ear-training-and-harmony';
const LESSONS = [
  'hearing-intervals-two-week-ear-training-plan',
  'why-the-circle-of-fifths-works',
  'voice-leading-in-four-chords',
  'physics-of-a-vibrating-string',
];

/** Plays the lesson's last second to its end (muted), then waits until the site has saved it as watched. */
async function finishLesson(page: Page): Promise<void> {
  await expect(stage(page)).toHaveAttribute('data-player-ready', 'true', { timeout: 15_000 });
  await page.locator('[data-player] video').evaluate(
    (video: HTMLVideoElement) =>
      new Promise<void>((resolve) => {
        video.muted = true;
        video.addEventListener('ended', () => resolve(), { once: true });
        const seekAndPlay = () => {
          video.currentTime = Math.max(0, video.duration - 1);
          void video.play();
        };
        if (video.readyState >= 1) seekAndPlay();
        else video.addEventListener('loadedmetadata', seekAndPlay, { once: true });
        void video.play();
      }),
  );
  // watched: a save at 95% of the lesson or later has reached the CMS (saves may answer out of order)
  const duration = await videoProp(page, (video) => video.duration);
  await expect
    .poll(async () => Number(await page.locator('[data-progress-video]').getAttribute('data-progress-saved')) || 0, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(Math.floor(duration * 0.95));
}

test('a course: sections, Start, and for a signed-out visitor the offer to keep progress', async ({ page }) => {
  await page.goto(`/p/${COURSE}`);
  await expect(page.locator('.playlist-header__eyebrow')).toHaveText('Course');
  await expect(page.locator('.course-lessons__heading')).toHaveText(['Hearing', 'Harmony', 'The physics behind it']);
  await expect(page.locator('.lesson')).toHaveCount(4);
  await expect(page.getByRole('link', { name: 'Start the course' })).toHaveAttribute(
    'href',
    `/watch/${LESSONS[0]}?course=${COURSE}`,
  );
  await expect(page.getByText('to keep your progress on every device')).toBeVisible();
  await page.getByRole('link', { name: 'Start the course' }).click();
  await expect(page.getByRole('navigation', { name: 'Course' })).toContainText('Lesson 1 of 4');
  await expect(page.getByRole('link', { name: 'Next lesson →' })).toHaveAttribute(
    'href',
    `/watch/${LESSONS[1]}?course=${COURSE}`,
  );
});

test('course progress follows the learner across devices: finish a lesson on one, continue on the other', async ({
  browser,
  baseURL,
}, testInfo) => {
  // two devices, two lessons played to their end and a countdown: more than the default 30 s on a busy machine
  test.setTimeout(120_000);
  const laptop = await browser.newContext({ baseURL });
  const who = await confirmedAccount(laptop.request, baseURL!, 'learner');
  const first = await laptop.newPage();
  await signIn(first, who.username);
  await first.goto(`/p/${COURSE}`);
  await first.getByRole('link', { name: 'Start the course' }).click();
  await expect(first).toHaveURL(new RegExp(`/watch/${LESSONS[0]}\\?course=${COURSE}$`));
  await finishLesson(first);
  // the end of the lesson offers the next one with a countdown, which the learner cancels
  const upNext = first.locator('[data-course-next]');
  await expect(upNext).toBeVisible();
  await expect(upNext).toContainText('Up next: Lesson 2, Why the circle of fifths works');
  await expect(upNext).toContainText(/starts in \d s/);
  await first.screenshot({ path: testInfo.outputPath('lesson-up-next.png') });
  await upNext.getByRole('button', { name: 'Cancel' }).click();
  await expect(upNext).toContainText('(cancelled)');
  await expect(first).toHaveURL(new RegExp(`/watch/${LESSONS[0]}`));

  // another device: the same learner signs in and finds the course where they left it
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
  const second = await phone.newPage();
  await signIn(second, who.username);
  await second.goto('/account/learning');
  const card = second.locator('.course-card', { hasText: 'Ear training and harmony' });
  await expect(card).toContainText('1 of 4 lessons done');
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
  await second.screenshot({ path: testInfo.outputPath('my-learning-phone.png'), fullPage: true });
  await card.getByRole('link', { name: /^Continue/ }).click();
  await expect(second).toHaveURL(new RegExp(`/watch/${LESSONS[1]}\\?course=${COURSE}$`));
  await expect(second.getByRole('navigation', { name: 'Course' })).toContainText('Lesson 2 of 4');

  // the home page's Continue learning shelf, and the course page's state
  await second.goto('/');
  await expect(second.getByRole('heading', { name: 'Continue learning' })).toBeVisible();
  await second.goto(`/p/${COURSE}`);
  await expect(second.locator('.lesson').nth(0)).toHaveAttribute('data-lesson-state', 'done');
  await expect(second.getByRole('link', { name: 'Continue' })).toHaveAttribute(
    'href',
    `/watch/${LESSONS[1]}?course=${COURSE}`,
  );

  // finishing lesson 2 on the laptop: the countdown runs out and lesson 3 starts by itself
  await first.goto(`/watch/${LESSONS[1]}?course=${COURSE}`);
  await finishLesson(first);
  await expect(first).toHaveURL(new RegExp(`/watch/${LESSONS[2]}\\?course=${COURSE}$`), { timeout: 15_000 });
  await laptop.close();
  await phone.close();
});

test('with reduced motion the next lesson waits to be chosen: no countdown', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, reducedMotion: 'reduce' });
  const who = await confirmedAccount(context.request, baseURL!, 'calm-learner');
  const page = await context.newPage();
  await signIn(page, who.username);
  await page.goto(`/watch/${LESSONS[0]}?course=${COURSE}`);
  await finishLesson(page);
  const upNext = page.locator('[data-course-next]');
  await expect(upNext).toBeVisible();
  await expect(upNext.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await expect(upNext).not.toContainText('starts in');
  await expect(upNext.getByRole('link', { name: 'Play now' })).toBeVisible();
  await context.close();
});
