/** Nothing to register: the settings are checked by the config validator (config/index.ts) when Strapi loads the plugin. */
export default () => {};
