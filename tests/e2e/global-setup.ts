import { startSeededStack } from '../support/stack';
import { E2E_CMS_PORT, E2E_SITE_PORT } from './playwright.config';

/** Seeds and starts the CMS and the site once for every spec; returns the teardown that stops both. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startSeededStack({ cmsPort: E2E_CMS_PORT, sitePort: E2E_SITE_PORT });
  process.env.E2E_CMS_URL = stack.cmsUrl;
  return stack.stop;
}
