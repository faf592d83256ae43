import { buildAll } from '../lib/build.mjs';
import { loadEnv } from '../lib/env.mjs';

try {
  buildAll({ ...loadEnv(), NODE_ENV: 'production' }, { log: (message) => console.log(`[build] ${message}`) });
} catch (error) {
  console.error(`[build] ${error.message}`);
  process.exit(1);
}
