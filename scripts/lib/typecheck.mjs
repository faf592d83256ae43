// The type checks `npm test` and `npm run typecheck` run: tsc for every TypeScript project, astro check for the site.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './env.mjs';

/**
 * Each check as { name, command, args, cwd }: astro check for the site, and every TypeScript project in one
 * `tsc --build --noEmit` process: every plugin's server code, the CMS, the seed, the tests and the benchmarks, and all
 * the plugins' admin code as one program (plugins/tsconfig.admin.json: Strapi's admin types load once). One process
 * loads the compiler and the shared type libraries once: measured, 25 s of CPU against 42 s for five `tsc -p`. The two
 * checks run side by side (runChecks). Projects in `checkedByBuild` were just compiled by the build's tsc (which fails
 * on any type error): left out.
 */
export function typeChecks({ checkedByBuild = [] } = {}) {
  const plugins = readdirSync(path.join(root, 'plugins')).map((name) => `plugins/${name}`);
  const projects = ['contracts', 'cms', 'database', 'tests', 'tests/bench', ...plugins].filter(
    (project) => existsSync(path.join(root, project, 'tsconfig.json')) && !checkedByBuild.includes(project),
  );
  const configs = [...projects.map((project) => path.join(project, 'tsconfig.json')), 'plugins/tsconfig.admin.json'];
  return [
    { name: 'Type check: site (astro check)', command: 'astro', args: ['check'], cwd: path.join(root, 'site') },
    {
      name: `Type check: ${[...projects, 'plugins/*/admin'].join(', ')} (tsc --build)`,
      command: 'tsc',
      // --force: a check, not an incremental build: every project is checked whatever tsc's records say
      args: ['--build', '--noEmit', '--force', ...configs],
      cwd: root,
    },
  ];
}
