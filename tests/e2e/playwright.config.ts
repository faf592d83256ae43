import { defineConfig, devices } from '@playwright/test';

export const E2E_CMS_PORT = Number(process.env.E2E_CMS_PORT ?? 14337);
export const E2E_SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 14321);
/** The twin stack whose transcoding runs on BullMQ with a worker process (see global-setup.ts). */
export const E2E_BULLMQ_CMS_PORT = Number(process.env.E2E_BULLMQ_CMS_PORT ?? 14338);
export const E2E_BULLMQ_SITE_PORT = Number(process.env.E2E_BULLMQ_SITE_PORT ?? 14322);
/** A spec's own CMS on the spare database, with a part deliberately broken (diagnostics.spec.ts). */
export const E2E_SPARE_CMS_PORT = Number(process.env.E2E_SPARE_CMS_PORT ?? 14339);

// Browsers cannot be downloaded here: Playwright drives Debian's Chromium.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../.cache/test-results/e2e',
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  use: {
    baseURL: `http://127.0.0.1:${E2E_SITE_PORT}`,
    // a trace records a screencast of every page the whole time: measured on two specs, a third of Chromium's CPU
    // (its GPU process and browser process encode the frames). Recorded on the retry of a failed test, which CI makes.
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions } },
    // the phone's layout in CSS pixels, drawn at one device pixel per CSS pixel: Pixel 7's 2.625 made Chromium raster
    // (and screenshots encode) about 7 times the pixels of the same page, for a layout that does not change with it
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], viewport: { width: 360, height: 780 }, deviceScaleFactor: 1, launchOptions },
    },
  ],
});
