import bootstrap from './bootstrap';
import config from './config';
import controllers from './controllers';
import routes from './routes';
import middlewares from './middlewares';
import policies from './policies';
import services from './services';

export default {
  register() {},
  bootstrap,
  destroy() {},
  config,
  controllers,
  routes,
  services,
  contentTypes: {},
  policies,
  middlewares,
};
