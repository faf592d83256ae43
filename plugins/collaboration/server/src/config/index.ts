/** The plugin has no settings: its config refuses any key, so a typo in cms/config/plugins.ts fails at boot. */
export default {
  default: {},
  validator(config: unknown): void {
    const keys = Object.keys((config ?? {}) as object);
    if (keys.length) throw new Error(`Invalid collaboration settings: ${keys.join(', ')}: no such setting`);
  },
};
