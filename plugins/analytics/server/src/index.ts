import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import destroy from './destroy';
import register from './register';
import services from './services';

export type { AnalyticsSettings } from './config';
export type { AnalyticsServices } from './utils';

/** Work in progress (issue 12): not enabled in cms/config/plugins.ts yet, so it has no routes or controllers. */
export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  routes: {},
  controllers: {},
  services,
};
