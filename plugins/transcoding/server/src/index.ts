import services from './services';

export default {
  register() {},
  bootstrap() {},
  destroy() {},
  config: { default: {}, validator() {} },
  controllers: {},
  routes: {},
  services,
  contentTypes: {},
  policies: {},
  middlewares: {},
};
