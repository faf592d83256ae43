/** The plugin's settings (Strapi's plugin config shape): the library has none, and refuses any it does not know. */
export default {
  default: {},
  validator(config: unknown): void {
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      throw new Error('Invalid library settings: config must be an object');
    const unknown = Object.keys(config);
    if (unknown.length > 0)
      throw new Error(`Invalid library settings: ${unknown.join(', ')}: the library has no such setting`);
  },
};
