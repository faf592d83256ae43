// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules on every source file, Astro's on the
// pages, and no rule about layout (Prettier owns that: `npm run lint` runs both).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.astro/**',
      '**/.strapi/**',
      '.toolchain/**',
      '.cache/**',
      '.tmp/**',
      'public/**',
      'cms/public/**',
      'cms/types/generated/**',
      'database/**/*.sqlite',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // `_name` marks an argument or binding kept on purpose (a handler's signature, a destructured leftover)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Strapi's and Koa's loosely typed objects need a narrow escape hatch now and then; each one is visible in review
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // code that runs in the browser: the site's client scripts and the Strapi admin extensions
    files: ['site/src/**/*.{ts,astro}', 'cms/src/admin/**/*.{ts,tsx}', 'plugins/*/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // CommonJS files (jest's config, the S3 test server child, the plugins' Strapi entry points)
    files: ['**/*.cjs', 'jest.config.js', 'tests/integration/setup/*.js', 'plugins/*/strapi-server.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // jest runs tests as CommonJS: a test loads a module lazily, or afresh after changing the environment, with require()
    files: ['tests/**/*.ts', '**/__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
