/**
 * The plugin has no settings of its own: its config refuses any key, so a typo in cms/config/plugins.ts fails at boot.
 * How often one address may send (FEEDBACK_RATE_LIMIT) is a bucket of plugins/rate-limits, configured there.
 */
export default {
  default: {},
  validator(config: unknown): void {
    const keys = Object.keys((config ?? {}) as object);
    if (keys.length) throw new Error(`Invalid feedback settings: ${keys.join(', ')}: no such setting`);
  },
};
