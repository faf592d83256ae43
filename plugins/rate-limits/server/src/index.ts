import bootstrap from './bootstrap';
import { parseRateLimitSettings } from './config';
import destroy from './destroy';
import middlewares from './middlewares';
import register from './register';
import services from './services';

export default {
  register,
  bootstrap,
  destroy,
  config: {
    default: {},
    validator(config: unknown) {
      parseRateLimitSettings(config);
    },
  },
  services,
  middlewares,
};
