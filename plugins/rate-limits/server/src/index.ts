import bootstrap from './bootstrap';
import config from './config';
import destroy from './destroy';
import middlewares from './middlewares';
import register from './register';
import services from './services';

export type { BucketSettings, RateLimitSettings } from './config';
export type { RateLimitVerdict } from './utils/limiter';
export type { LimiterService } from './services/limiter';
export type { RateLimitsServices } from './utils';

export default {
  register,
  bootstrap,
  destroy,
  config,
  services,
  middlewares,
};
