// Runs read-only checks (lint, type checks) side by side for `npm test` and `npm run typecheck`.
import { spawn } from 'node:child_process';
import os from 'node:os';

/**
 * Runs the checks `concurrency` at a time: tsc, astro check, ESLint and Prettier (checking, never writing) each keep one
 * core busy, so on a 2-core machine two at a time take about half as long. Each check's output is printed in one piece when it ends, never interleaved.
 * Resolves to `[{ name, ok, seconds }]` in the order of `checks`.
 */
export async function runChecks(
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
