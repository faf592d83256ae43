// The type checks `npm test` and `npm run typecheck` run: tsc for every TypeScript project, astro check for the site.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './env.mjs';

/** Each check as { name, command, args, cwd }; a plugin's server code and, when it has one, its admin code. */
export function typeChecks() {
  const plugins = readdirSync(path.join(root, 'plugins')).flatMap((name) => [`plugins/${name}`, `plugins/${name}/admin`]);
  const projects = ['config', 'cms', 'database', 'tests', 'tests/bench', ...plugins].filter((project) => existsSync(path.join(root, project, 'tsconfig.json')));
  return [
    ...projects.map((project) => ({ name: `Type check: ${project}`, command: 'tsc', args: ['--noEmit', '-p', path.join(project, 'tsconfig.json')], cwd: root })),
    { name: 'Type check: site (astro check)', command: 'astro', args: ['check'], cwd: path.join(root, 'site') },
  ];
}
