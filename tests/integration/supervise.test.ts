/**
 * The launcher's supervisor (scripts/lib/processes.mjs `supervise`), with real child processes: a worker that dies is
 * started again with a backoff while the others keep running; one that keeps dying makes it give up and stop the rest,
 * non-zero; any other process dying stops the rest, non-zero; a stop on request ends cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Supervisor = {
  child(name: string): ChildProcess | undefined;
  stop(signal?: string): void;
  done: Promise<{ ok: boolean; reason: string | null }>;
};
type Service = { name: string; start: () => ChildProcess; restart?: boolean };
const { supervise } = require(path.resolve(__dirname, '..', '..', 'scripts', 'lib', 'processes.mjs')) as {
  supervise(services: Service[], options: Record<string, unknown>): Supervisor;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'framecast-supervise-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A process that stays up until it is stopped. */
const server = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
/** A process that counts its starts in `file` and exits 1 on the first `failures` of them, then stays up. */
const flaky = (file: string, failures: number) => () =>
  spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'); const n = Number(fs.existsSync(${JSON.stringify(file)}) ? fs.readFileSync(${JSON.stringify(file)}, 'utf8') : 0) + 1;
       fs.writeFileSync(${JSON.stringify(file)}, String(n));
       if (n <= ${failures}) process.exit(1); setInterval(() => {}, 1000);`,
    ],
    { stdio: 'ignore' },
  );
const starts = (file: string) => {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return 0;
  }
};
async function until(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const alive = (child: ChildProcess | undefined) =>
  Boolean(child && child.exitCode === null && child.signalCode === null);
const options = (log: string[]) => ({
  log: (line: string) => log.push(line),
  backoffMs: 20,
  maxBackoffMs: 80,
  handleSignals: false,
});

test('a worker that dies is started again with a growing backoff, while the CMS keeps running', async () => {
  const counter = path.join(dir, 'starts');
  const log: string[] = [];
  const supervisor = supervise(
    [
      { name: 'The CMS', start: server },
      { name: 'The worker', start: flaky(counter, 2), restart: true },
    ],
    options(log),
  );
  const cms = supervisor.child('The CMS');
  await until(() => starts(counter) === 3 && alive(supervisor.child('The worker')), 'the third start to stay up');
  expect(log).toEqual([
    'The worker stopped (exit code 1); starting it again in 0.0 s. The rest keep serving.',
    'The worker stopped (exit code 1); starting it again in 0.0 s. The rest keep serving.',
  ]);

  // killed outright (kill -9) mid-work: started again, the CMS untouched
  const worker = supervisor.child('The worker')!;
  worker.kill('SIGKILL');
  await until(() => starts(counter) === 4 && alive(supervisor.child('The worker')), 'the worker to be started again');
  expect(log[2]).toBe('The worker stopped (killed by SIGKILL); starting it again in 0.1 s. The rest keep serving.');
  expect(supervisor.child('The CMS')).toBe(cms);
  expect(alive(cms)).toBe(true);

  supervisor.stop();
  expect(await supervisor.done).toEqual({ ok: true, reason: null });
  expect(alive(cms)).toBe(false);
  expect(alive(supervisor.child('The worker'))).toBe(false);
});

test('a worker that keeps dying makes it give up and stop the rest, with the reason', async () => {
  const counter = path.join(dir, 'starts');
  const log: string[] = [];
  const supervisor = supervise(
    [
      { name: 'The CMS', start: server },
      { name: 'The worker', start: flaky(counter, 1000), restart: true },
    ],
    { ...options(log), maxRestarts: 3 },
  );
  const outcome = await supervisor.done;
  expect(outcome.ok).toBe(false);
  expect(outcome.reason).toBe(
    'The worker stopped (exit code 1) and was restarted 3 times in 10 min: gave up and stopped the rest. Its messages above say why.',
  );
  expect(starts(counter)).toBe(4);
  expect(alive(supervisor.child('The CMS'))).toBe(false);
});

test('the CMS dying stops the rest and says so', async () => {
  const log: string[] = [];
  const supervisor = supervise(
    [
      { name: 'The CMS', start: server },
      { name: 'The site', start: server },
    ],
    options(log),
  );
  supervisor.child('The CMS')!.kill('SIGKILL');
  expect(await supervisor.done).toEqual({
    ok: false,
    reason: 'The CMS stopped unexpectedly (killed by SIGKILL); stopped the rest.',
  });
  expect(alive(supervisor.child('The site'))).toBe(false);
});

test('Ctrl-C reaching a child first is a request to stop, not a failure', async () => {
  const supervisor = supervise(
    [
      { name: 'The CMS', start: server },
      { name: 'The site', start: server },
    ],
    options([]),
  );
  supervisor.child('The site')!.kill('SIGINT');
  expect(await supervisor.done).toEqual({ ok: true, reason: null });
  expect(alive(supervisor.child('The CMS'))).toBe(false);
});

test('a process that cannot be started stops the rest, saying so', async () => {
  const supervisor = supervise(
    [
      { name: 'The CMS', start: server },
      { name: 'The worker', start: () => spawn('/nonexistent/worker', [], { stdio: 'ignore' }), restart: true },
    ],
    options([]),
  );
  expect(await supervisor.done).toEqual({
    ok: false,
    reason: 'The worker could not be started: spawn /nonexistent/worker ENOENT',
  });
  expect(alive(supervisor.child('The CMS'))).toBe(false);
});
