/**
 * Scheduled publishing in the admin, as a creator in Tokyo does it: Kenji sets "unpublishAt" on one of his videos with
 * the content manager's date and time pickers and saves; the edit view's Schedule panel and the videos list say when,
 * in his time zone; the video is unpublished at that minute by the CMS's scheduler. A "scheduledAt" a day ahead shows
 * as "Scheduled for" the same way. The video is his private test upload, which no other spec lists or plays.
 */
import { expect, test, type Page } from '@playwright/test';
import { adminToken, cmsUrl, loginToAdmin } from './support/admin';

const TITLE = 'Rough cut: sourdough timelapse';
const ZONE = 'Asia/Tokyo';

test.use({ timezoneId: ZONE, locale: 'en-US' });

/** The moment's date and time as the pickers take them, in Tokyo. */
function inTokyo(moment: Date): { date: string; time: string; label: RegExp; short: RegExp } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(moment)
      .map((part) => [part.type, part.value]),
  );
  const label = new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: ZONE,
  }).format(moment);
  // the list's column leaves out the weekday (and the year, when it is this one)
  const short = new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: ZONE,
  }).format(moment);
  const pattern = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s'));
  return {
    date: `${parts.month}/${parts.day}/${parts.year}`,
    time: `${parts.hour}:${parts.minute}`,
    label: pattern(label),
    short: pattern(short),
  };
}

/** Sets a datetime field through its two pickers (the date typed as the field reads it, then the time). */
/**
 * The edit view has loaded the video: its title is the heading. On a loaded 2-core machine (two browsers, two stacks,
 * an encode) "Loading content" has lasted longer than the default 7 s, so wait for it as the other admin specs do.
 */
async function editViewLoaded(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible({ timeout: 30_000 });
}

async function setDateTime(page: Page, field: string, moment: Date): Promise<void> {
  const { date, time } = inTokyo(moment);
  const group = page.getByRole('group', { name: field });
  const dateInput = group.getByRole('combobox', { name: 'Choose date' });
  // the admin's locale (en-US) reads dates as MM/DD/YYYY: the field's own pattern says so
  await expect(dateInput).toHaveAttribute('pattern', '\\d{2}\\/\\d{2}\\/\\d{4}');
  await dateInput.fill(date);
  await dateInput.blur(); // leaving the field takes the typed date
  await expect(dateInput).toHaveValue(date);
  const timeInput = group.getByRole('combobox', { name: 'Choose time' });
  await timeInput.fill(time);
  await timeInput.blur();
  await expect(timeInput).toHaveValue(time);
}

async function save(page: Page): Promise<void> {
  const saved = page.waitForResponse(
    (response) =>
      /\/content-manager\/collection-types\/api::video\.video\/[a-z0-9]+/.test(response.url()) &&
      response.request().method() === 'PUT',
  );
  await page.getByRole('button', { name: 'Save' }).click();
  expect((await saved).ok()).toBe(true);
}

test('a creator schedules an unpublish and a publish in his time zone; the scheduler unpublishes on time', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the same admin pages; the pickers are the content manager’s own');
  test.setTimeout(5 * 60_000);
  await loginToAdmin(page, 'kenji@framecast.local');
  await page.goto(page.url().replace(/\/admin\/?$/, '/admin/content-manager/collection-types/api::video.video'));
  await page.getByRole('gridcell', { name: TITLE }).click();
  await editViewLoaded(page);
  const documentId = /api::video\.video\/([a-z0-9]+)/.exec(page.url())![1]!;

  // nothing scheduled yet: the panel says how
  const panel = page.getByTestId('publishing-schedule').or(page.getByText(/^Not scheduled\./));
  await expect(panel).toContainText('Not scheduled');

  // unpublish at the start of the minute after next (the pickers take minutes)
  const at = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  await setDateTime(page, 'unpublishAt', at);
  await save(page);
  const schedule = page.getByTestId('publishing-schedule');
  await expect(schedule).toContainText(inTokyo(at).label);
  await expect(schedule).toContainText(`Times are in your time zone (${ZONE})`);
  await schedule.screenshot({ path: testInfo.outputPath('schedule-panel.png') });

  // the videos list says it too
  await page.goto(page.url().replace(/\/api::video\.video\/.*$/, '/api::video.video'));
  const row = page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: TITLE }) });
  await expect(row).toContainText(/Unpublishes/);
  await expect(row).toContainText(inTokyo(at).short);
  await row.screenshot({ path: testInfo.outputPath('schedule-column.png') });

  // at that minute the scheduler unpublishes it: wait for that through the admin API (a reload of the whole admin every
  // few seconds for two minutes cost more CPU than the rest of the spec), then the list shows it as a draft, with
  // nothing scheduled any more
  const token = await adminToken(page);
  await expect
    .poll(
      async () => {
        const response = await page.request.get(
          `${cmsUrl()}/content-manager/collection-types/api::video.video/${documentId}`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        expect(response.ok()).toBe(true);
        const { data, meta } = (await response.json()) as {
          data: { unpublishAt: string | null };
          meta: { availableStatus: Array<{ publishedAt: string | null }> };
        };
        return data.unpublishAt === null && meta.availableStatus.every((status) => !status.publishedAt);
      },
      { timeout: 3 * 60_000, intervals: [2_000] },
    )
    .toBe(true);
  await page.reload();
  await expect(row).toContainText('Draft');
  await expect(row).not.toContainText('Unpublishes');

  // a publish scheduled for tomorrow morning shows as "Scheduled for", in Tokyo time
  await row.getByRole('gridcell', { name: TITLE }).click();
  await editViewLoaded(page);
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  tomorrow.setUTCSeconds(0, 0);
  await setDateTime(page, 'scheduledAt', tomorrow);
  await save(page);
  await expect(page.getByTestId('publishing-schedule')).toContainText('Scheduled for');
  await expect(page.getByTestId('publishing-schedule')).toContainText(inTokyo(tomorrow).label);
  await page.getByTestId('publishing-schedule').screenshot({ path: testInfo.outputPath('scheduled-publish.png') });
});
