// The type checks `npm test` and `npm run typecheck` run: tsc for every TypeScript project, astro check for the site.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './env.mjs';

/**
 * Each check as { name, command, args, cwd }; a plugin's server code and, when it has one, its admin code. Projects in
 * `checkedByBuild` were just compiled by the build with the same `tsc -p` (which fails on any type error): left out.
 */
export function typeChecks({ checkedByBuild = [] } = {}) {
  const plugins = readdirSync(path.join(root, 'plugins')).flatMap((name) => [
    `plugins/${name}`,
    `plugins/${name}/admin`,
  ]);
  const projects = ['contracts', 'cms', 'database', 'tests', 'tests/bench', ...plugins].filter(
    (project) => existsSync(path.join(root, project, 'tsconfig.json')) && !checkedByBuild.includes(project),
  );
  // the longest, astro check, first: run two at a time, it then never runs alone at the end
  return [
    { name: 'Type check: site (astro check)', command: 'astro', args: ['check'], cwd: path.join(root, 'site') },
    ...projects.map((project) => ({
      name: `Type check: ${project}`,
      command: 'tsc',
      args: ['--noEmit', '-p', path.join(project, 'tsconfig.json')],
      cwd: root,
    })),
  ];
}

/**
 * Runs the checks `concurrency` at a time: tsc and astro check each keep one core busy, so on a 2-core machine two at a
 * time take about half as long. Each check's output is printed in one piece when it ends, never interleaved.
 * Resolves to `[{ name, ok, seconds }]` in the order of `checks`.
 */
export async function runTypeChecks(
  checks,
  { env, concurrency = Math.min(2, os.availableParallelism()), log = console.log } = {},
) {
  const results = new Array(checks.length);
  let next = 0;
  const runOne = (check) =>
    new Promise((resolve) => {
      const child = spawn(check.command, check.args, { cwd: check.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks = [];
      child.stdout.on('data', (chunk) => chunks.push(chunk));
      child.stderr.on('data', (chunk) => chunks.push(chunk));
      child.on('error', (error) => resolve({ code: 1, output: `${check.command}: ${error.message}\n` }));
      child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString() }));
    });
  const lane = async () => {
    while (next < checks.length) {
      const index = next++;
      const check = checks[index];
      const started = Date.now();
      const { code, output } = await runOne(check);
      const seconds = (Date.now() - started) / 1000;
      log(`${check.name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds.toFixed(1)} s)`);
      if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      results[index] = { name: check.name, ok: code === 0, seconds };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return results;
}
