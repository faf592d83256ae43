/**
 * The admin build (vite): plugins' admin code imports values (labels, limits) from one contracts module,
 * `@framecast/contracts/<module>`, bundled from its TypeScript source: the package's CommonJS build sits outside
 * node_modules, where vite does not convert CommonJS, and its index also holds server-only code (node:crypto).
 */
import { fileURLToPath } from 'node:url';
import { mergeConfig, type UserConfig } from 'vite';

const contractsSource = fileURLToPath(new URL('../../../contracts/src/', import.meta.url));

export default (config: UserConfig) =>
  mergeConfig(config, {
    resolve: { alias: [{ find: /^@framecast\/contracts\/([a-z-]+)$/, replacement: `${contractsSource}$1.ts` }] },
  });
