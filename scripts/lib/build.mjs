// Builds what `npm start`, the tests and the benchmarks run, skipping any part whose inputs are unchanged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './env.mjs';

const stampDir = path.join(root, '.cache', 'build-stamps');

function hashTree(hash, target) {
  if (!existsSync(target)) return;
  const stat = statSync(target);
  if (stat.isFile()) {
    hash.update(path.relative(root, target)).update(readFileSync(target));
    return;
  }
  for (const entry of readdirSync(target).sort()) {
    if (['node_modules', 'dist', '.cache', '.tmp', '.astro', 'build', 'generated'].includes(entry)) continue;
    hashTree(hash, path.join(target, entry));
  }
}

function inputsHash(inputs) {
  const hash = createHash('sha256');
  for (const input of [...inputs, 'package-lock.json']) hashTree(hash, path.join(root, input));
  return hash.digest('hex');
}

/** `stdout`: where the build tools' output goes (`2`: stderr, for a command whose stdout is its report). */
function run(command, args, cwd, env, stdout = 'inherit') {
  const result = spawnSync(command, args, { cwd, env, stdio: ['inherit', stdout, 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${path.relative(root, cwd) || '.'}`);
}

function pluginDirs() {
  const dir = path.join(root, 'plugins');
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'tsconfig.json')))
    .map((name) => `plugins/${name}`);
}

/**
 * Each step: its inputs, what proves it was built, and how to build it. A step with `tsconfig` is a plain TypeScript
 * project (contracts, each plugin's server): those that need building compile together in one `tsc --build` process,
 * in this order (contracts first: the plugins import its output). Measured on four plugins: 12.7 s of CPU in one
 * process against 30.5 s in four, since the compiler, Node's start and the shared type libraries load once.
 */
function steps(env, stdout) {
  return [
    {
      name: 'contracts',
      inputs: ['contracts/src', 'contracts/tsconfig.json'],
      output: 'contracts/dist/index.js',
      tsconfig: 'contracts/tsconfig.json',
    },
    ...pluginDirs().map((dir) => ({
      name: dir,
      inputs: [`${dir}/server`, `${dir}/tsconfig.json`],
      output: `${dir}/dist`,
      tsconfig: `${dir}/tsconfig.json`,
      // from scratch: a file moved into a folder (config.ts to config/index.ts) must not leave a stale config.js in
      // dist/, which require('./config') would load before config/index.js
      clean: path.join(root, dir, 'dist'),
    })),
    {
      name: 'cms',
      inputs: ['cms/src', 'cms/config', 'cms/tsconfig.json', 'contracts/src', 'plugins'],
      output: 'cms/dist/build/index.html',
      build: () => run('strapi', ['build'], path.join(root, 'cms'), env, stdout),
    },
    {
      name: 'site',
      inputs: ['site/src', 'site/public', 'site/astro.config.mjs', 'contracts/src'],
      output: 'site/dist/server/entry.mjs',
      build: () => run('astro', ['build'], path.join(root, 'site'), env, stdout),
    },
  ];
}

/**
 * Builds every step whose inputs changed (or only those named in `only`). Returns the names of the steps it built: a
 * step built by `tsc` (contracts, each plugin's server) has just passed the same type check `tsc --noEmit -p` would
 * run, so `npm test` does not repeat it (see typeChecks). `stdout: 2` sends the build tools' output to stderr.
 */
export function buildAll(env, { log = console.log, only, stdout = 'inherit' } = {}) {
  mkdirSync(stampDir, { recursive: true });
  const stale = [];
  for (const step of steps(env, stdout)) {
    if (only && !only.includes(step.name)) continue;
    const stampFile = path.join(stampDir, step.name.replaceAll('/', '_'));
    const hash = inputsHash(step.inputs);
    const current =
      existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash && existsSync(path.join(root, step.output));
    if (!current) stale.push({ ...step, stampFile, hash });
  }
  const done = (step) => writeFileSync(step.stampFile, step.hash);
  const typescript = stale.filter((step) => step.tsconfig);
  if (typescript.length > 0) {
    log(`Building ${typescript.map((step) => step.name).join(', ')} (tsc --build)…`);
    const started = Date.now();
    for (const step of typescript) if (step.clean) rmSync(step.clean, { recursive: true, force: true });
    // --force: every listed project compiles (its stamp, not tsc's timestamps, decided that it is out of date)
    run('tsc', ['--build', '--force', ...typescript.map((step) => step.tsconfig)], root, env, stdout);
    typescript.forEach(done);
    log(`Built ${typescript.length} TypeScript project(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const step of stale.filter((candidate) => !candidate.tsconfig)) {
    log(`Building ${step.name}…`);
    const started = Date.now();
    step.build();
    done(step);
    log(`Built ${step.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return stale.map((step) => step.name);
}

/** Of the steps `buildAll` built, those compiled by tsc (contracts, the plugins), i.e. type-checked as they were built. */
export function typeCheckedByBuild(built) {
  return built.filter((name) => name !== 'cms' && name !== 'site');
}
