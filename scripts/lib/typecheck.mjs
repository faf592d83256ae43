// The type checks `npm test` and `npm run typecheck` run: tsc for every TypeScript project, astro check for the site.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './env.mjs';

/**
 * Each check as { name, command, args, cwd }: every plugin's server code, and all the plugins' admin code in one
 * program (plugins/tsconfig.admin.json: Strapi's admin types load once instead of once per plugin, ~14 s each). Projects
 * in `checkedByBuild` were just compiled by the build with the same `tsc -p` (which fails on any type error): left out.
 */
export function typeChecks({ checkedByBuild = [] } = {}) {
  const plugins = readdirSync(path.join(root, 'plugins')).map((name) => `plugins/${name}`);
  const projects = ['contracts', 'cms', 'database', 'tests', 'tests/bench', ...plugins].filter(
    (project) => existsSync(path.join(root, project, 'tsconfig.json')) && !checkedByBuild.includes(project),
  );
  const admin = { name: 'Type check: plugins/*/admin', config: path.join('plugins', 'tsconfig.admin.json') };
  // the longest, astro check, first: run two at a time, it then never runs alone at the end
  return [
    { name: 'Type check: site (astro check)', command: 'astro', args: ['check'], cwd: path.join(root, 'site') },
    { name: admin.name, command: 'tsc', args: ['--noEmit', '-p', admin.config], cwd: root },
    ...projects.map((project) => ({
      name: `Type check: ${project}`,
      command: 'tsc',
      args: ['--noEmit', '-p', path.join(project, 'tsconfig.json')],
      cwd: root,
    })),
  ];
}
