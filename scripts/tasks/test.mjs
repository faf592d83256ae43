// `npm test`: lint (ESLint, Prettier), type checks, unit and API tests (jest, SQLite and PostgreSQL), end-to-end tests (Playwright in
// Debian's Chromium). Ends with one summary line and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runAudit } from '../lib/audit.mjs';
import { buildAll, typeCheckedByBuild } from '../lib/build.mjs';
import { loadEnv, root } from '../lib/env.mjs';
import { lintChecks } from '../lib/lint.mjs';
import { ensureSystemPackages } from '../lib/system-packages.mjs';
import { runChecks } from '../lib/run-checks.mjs';
import { typeChecks } from '../lib/typecheck.mjs';

const args = new Set(process.argv.slice(2));
const log = (message) => console.log(`\n[test] ${message}`);
const resultsDir = path.join(root, '.cache', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

// tests choose their own databases and ports: a developer's .env settings must not leak in
const env = { ...loadEnv(), NODE_ENV: 'test', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };
for (const key of ['DATABASE_CLIENT', 'DATABASE_URL', 'DATABASE_FILENAME', 'PORT', 'CMS_URL', 'PUBLIC_CMS_URL'])
  delete env[key];

const steps = [];
function step(name, command, commandArgs, options = {}) {
  log(name);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: 'inherit', ...options });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

const started = Date.now();
// production dependencies against the advisory service; `not-run` (the registry refused) is said, never counted as clean
log('npm audit --omit=dev (high and critical advisories)');
const auditStarted = Date.now();
const audit = runAudit(root, env);
for (const line of audit.lines) console.log(`[test] ${line}`);
steps.push({
  name: audit.status === 'not-run' ? 'npm audit: NOT RUN (see above)' : 'npm audit --omit=dev',
  ok: audit.status !== 'failed',
  seconds: (Date.now() - auditStarted) / 1000,
});

let built = [];
try {
  ensureSystemPackages(['ffmpeg', 'chromium'], { log });
  log('Building the CMS, plugins and site');
  built = buildAll({ ...env, NODE_ENV: 'production' }, { log });
} catch (error) {
  console.error(`[test] ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!args.has('--no-lint')) {
  // ESLint and Prettier side by side: both only read the tree here
  log('Lint (ESLint and Prettier, side by side)');
  steps.push(...(await runChecks(lintChecks(), { env, log })));
}

if (!args.has('--no-typecheck')) {
  // two at a time (runChecks), the longest first; what the build compiled with tsc just now was type-checked by it
  const checkedByBuild = typeCheckedByBuild(built);
  const checks = typeChecks({ checkedByBuild });
  log(`Type checks (${checks.length}, two at a time)`);
  if (checkedByBuild.length)
    log(`Type-checked by the build's tsc a moment ago, not again: ${checkedByBuild.join(', ')}`);
  steps.push(...(await runChecks(checks, { env, log })));
}

const jestResults = path.join(resultsDir, 'jest.json');
// Strapi loads plugins through jest's module system: ESM-only packages (tus, file-type) need jest's require(esm)
const jestEnv = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim() };
// two workers: jest's default on 2 cores is one, and the API suites wait on Strapi boots, encodes and databases for
// part of their time (measured with a CPU hog beside it: 15.1 min with one worker, 11.3 with two). Jest and Playwright
// side by side was measured too: neither had finished after 18 min (one after the other: 23): they only compete.
step(
  'Unit and API tests (jest; API suites on SQLite and PostgreSQL)',
  'jest',
  ['--ci', '--maxWorkers=2', '--json', `--outputFile=${jestResults}`],
  { env: jestEnv },
);

const playwrightResults = path.join(resultsDir, 'playwright.json');
if (!args.has('--no-e2e')) {
  step(
    'End-to-end tests (Playwright, Chromium, desktop and phone)',
    'playwright',
    ['test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'],
    {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightResults },
    },
  );
}

function countJest() {
  if (!existsSync(jestResults)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(jestResults, 'utf8'));
  // a suite can fail with every test passed (an error in a hook or after its last test): count it and say why, since
  // CI shows only the end of the output
  const suiteErrors = report.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
  );
  const notes = suiteErrors.map((suite) => {
    const message = (suite.message || suite.failureMessage || 'no message')
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, 6);
    return `  jest suite failed outside its tests: ${path.relative(root, suite.name)}\n      ${message.join('\n      ')}`;
  });
  // each failed test by file and name, with the first lines of its failure: CI shows only the end of the output
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults.filter((result) => result.status === 'failed')) {
      const message = (test.failureMessages ?? [])
        .join('\n')
        .split('\n')
        .filter((line) => line.trim())
        .slice(0, 8);
      notes.push(
        `  jest test failed: ${path.relative(root, suite.name)} › ${test.fullName}\n      ${message.join('\n      ')}`,
      );
    }
  }
  if (!report.success && report.numFailedTests === 0 && suiteErrors.length === 0) {
    notes.push('  jest reported failure with no failed test or suite (see the jest output above)');
  }
  return {
    notes,
    passed: report.numPassedTests,
    failed: report.numFailedTests + suiteErrors.length,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}
function countPlaywright() {
  if (args.has('--no-e2e')) return { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(playwrightResults)) return { passed: 0, failed: 1, skipped: 0 };
  const { stats } = JSON.parse(readFileSync(playwrightResults, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const jest = countJest();
const playwright = countPlaywright();
const failedSteps = steps.filter((s) => !s.ok);
console.log('\n[test] Summary');
for (const s of steps)
  console.log(
    `  ${s.ok ? (s.name.includes('NOT RUN') ? 'skip' : 'ok  ') : 'FAIL'}  ${s.name} (${s.seconds.toFixed(1)} s)`,
  );
console.log(
  `  jest: ${jest.passed} passed, ${jest.failed} failed; playwright: ${playwright.passed} passed, ${playwright.failed} failed`,
);
for (const note of jest.notes ?? []) console.log(note);
console.log(`  total time ${((Date.now() - started) / 60000).toFixed(1)} min`);
const passed = jest.passed + playwright.passed;
// a failed step with no failed test (a type error, a crashed runner) still counts as one failure
const failed =
  jest.failed +
  playwright.failed +
  (failedSteps.length > 0 && jest.failed + playwright.failed === 0 ? failedSteps.length : 0);
const skipped = jest.skipped + playwright.skipped;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
