import bootstrap from './bootstrap';
import contentTypes from './content-types';
import middlewares from './middlewares';
import register from './register';
import services from './services';

export default {
  register,
  bootstrap,
  config: { default: {}, validator() {} },
  contentTypes,
  middlewares,
  services,
};
