/**
 * Runs the checks (checks/index.ts): all, some by name, or the readiness ones. Each runs with a time limit and never
 * throws (a check that crashes fails, with its error). Every full or partial run is kept (the last 20) for the
 * admin's Diagnostics page; readiness answers are kept for a few seconds, so a busy load balancer does not run the
 * checks on every probe.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import type { DiagnosticsRun, DiagnosticsRunning as RunningRun } from '@framecast/contracts';
import { CHECKS, type Check, type CheckResult, type CheckStatus } from '../checks';

const CHECK_TIMEOUT_MS = 60_000;
const READINESS_CACHE_MS = 5_000;
const HISTORY_SIZE = 20;

export type { DiagnosticsRun };

const RANK: Record<CheckStatus, number> = { skip: 0, ok: 0, warn: 1, fail: 2 };

async function runOne(strapi: Core.Strapi, check: Check): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      check.run(strapi),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, verifies: check.verifies, ...outcome, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      name: check.name,
      verifies: check.verifies,
      status: 'fail',
      detail: error instanceof Error ? error.message : String(error),
      fix: 'The check itself could not finish: the line above says where it stopped.',
      ms: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let readiness: { at: number; run: Promise<DiagnosticsRun> } | null = null;
  let running: RunningRun | null = null;
  const store = () => strapi.store({ type: 'plugin', name: 'diagnostics' });

  const service = {
    /** The checks there are, in order. */
    list() {
      return CHECKS.map(({ name, verifies, readiness: ready }) => ({ name, verifies, readiness: ready }));
    },

    /**
     * Runs every check, or those named in `only` (400 naming the unknown ones). An `exclusive` run (the admin's) is
     * refused with 409 while another one is under way: two encodes and two storage probes at once only slow both.
     */
    async run({
      only,
      remember = true,
      by,
      exclusive = false,
    }: { only?: string[]; remember?: boolean; by?: string; exclusive?: boolean } = {}): Promise<DiagnosticsRun> {
      const unknown = (only ?? []).filter((name) => !CHECKS.some((check) => check.name === name));
      if (unknown.length > 0)
        throw new errors.ValidationError(
          `No such check: ${unknown.join(', ')}. The checks are: ${CHECKS.map((check) => check.name).join(', ')}.`,
        );
      const chosen = only?.length ? CHECKS.filter((check) => only.includes(check.name)) : CHECKS;
      if (exclusive && running)
        throw createError(
          409,
          `${running.by} started a run at ${running.startedAt} (${running.checks.join(', ')}); its results appear when it ends.`,
          { name: 'ConflictError', details: { running } },
        );
      const mine: RunningRun = {
        startedAt: new Date().toISOString(),
        by: by ?? 'the CMS',
        checks: chosen.map((check) => check.name),
      };
      if (exclusive) running = mine;
      try {
        const run = { ...(await service.runChecks(chosen)), ...(by ? { by } : {}) };
        if (remember) await service.remember(run);
        return run;
      } finally {
        if (running === mine) running = null;
      }
    },

    /** The readiness checks (database, storage, queue, search), answered from a run at most a few seconds old. */
    async ready(): Promise<DiagnosticsRun> {
      if (!readiness || Date.now() - readiness.at > READINESS_CACHE_MS) {
        readiness = { at: Date.now(), run: service.runChecks(CHECKS.filter((check) => check.readiness)) };
      }
      return readiness.run;
    },

    async runChecks(chosen: readonly Check[]): Promise<DiagnosticsRun> {
      const startedAt = new Date();
      // one after another: the ffmpeg check encodes, and the others should not be timed against it
      const results: CheckResult[] = [];
      for (const check of chosen) results.push(await runOne(strapi, check));
      const worst = results.reduce<CheckStatus>(
        (status, result) => (RANK[result.status] > RANK[status] ? result.status : status),
        'ok',
      );
      return {
        startedAt: startedAt.toISOString(),
        ms: Date.now() - startedAt.getTime(),
        status: worst === 'skip' ? 'ok' : worst,
        results,
      };
    },

    /** The admin's run under way, if any. */
    running(): RunningRun | null {
      return running;
    },

    /** The last runs, newest first. */
    async history(): Promise<DiagnosticsRun[]> {
      return ((await store().get({ key: 'runs' })) as DiagnosticsRun[] | null) ?? [];
    },

    /** Keeps a run in the history; with the database down there is nowhere to keep it, which the run itself says. */
    async remember(run: DiagnosticsRun): Promise<void> {
      try {
        const runs = await service.history();
        await store().set({ key: 'runs', value: [run, ...runs].slice(0, HISTORY_SIZE) });
      } catch (error) {
        strapi.log.warn(
          `[diagnostics] this run is not kept in the history: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
  return service;
};
