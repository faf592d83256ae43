/**
 * What a BullMQ queue, worker or event stream (transcoding, publishing's and analytics' schedulers) says while Redis
 * does not answer: its connection retries every few
 * hundred milliseconds and emits an error each time (unheard, BullMQ prints every one to the console). One warning
 * when an outage starts, one line a minute while it lasts, and one when commands go through again.
 */
/** A pino-style logger (fields first): the worker's, or an adapter over strapi.log. */
export interface ConnectionLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

type ErrorEmitter = {
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** BullMQ's Redis backend: it says `ready` each time its connection is (re)established. */
  backend?: unknown;
};
type ReadyEmitter = { on(event: 'ready', listener: () => void): unknown };

type MessageFirst = (message: string, fields: Record<string, unknown>) => void;

/** A message-first logger (strapi.log) as a ConnectionLog, each line tagged `[tag]` as the plugins' lines are. */
export function taggedLog(
  log: { info: MessageFirst; warn: MessageFirst; error: MessageFirst },
  tag: string,
): ConnectionLog {
  return {
    info: (fields, msg) => log.info(`[${tag}] ${msg}`, fields),
    warn: (fields, msg) => log.warn(`[${tag}] ${msg}`, fields),
    error: (fields, msg) => log.error(`[${tag}] ${msg}`, fields),
  };
}

const REPEAT_MS = 60_000;

/** A socket-level failure (Redis down, unreachable, restarting), as opposed to an error of the queue's own work. */
export function isConnectionError(error: Error & { code?: string }): boolean {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE'].includes(error.code ?? '') ||
    /Connection is closed|connect E[A-Z]+|Stream isn't writeable|LOADING/.test(error.message)
  );
}

export interface ConnectionErrorReporter {
  /** Listens to one queue, worker or event stream of this process. */
  watch(emitter: ErrorEmitter): void;
  /** Commands went through (or a connection is ready again): an outage under way is over. */
  answered(): void;
}

export function connectionErrorReporter(log: ConnectionLog | undefined, what: string): ConnectionErrorReporter {
  let outage: { since: number; lastLogged: number; errors: number } | null = null;
  const reporter: ConnectionErrorReporter = {
    watch(emitter) {
      const backend = emitter.backend as Partial<ReadyEmitter> | undefined;
      if (typeof backend?.on === 'function') backend.on('ready', () => reporter.answered());
      emitter.on('error', (error) => {
        if (!isConnectionError(error)) {
          log?.error({ error: error.message }, `${what} error`);
          return;
        }
        const now = Date.now();
        if (!outage) {
          outage = { since: now, lastLogged: now, errors: 1 };
          log?.warn({ error: error.message }, `${what}: Redis does not answer; retrying`);
          return;
        }
        outage.errors += 1;
        if (now - outage.lastLogged < REPEAT_MS) return;
        outage.lastLogged = now;
        log?.warn(
          { error: error.message, errors: outage.errors, seconds: Math.round((now - outage.since) / 1000) },
          `${what}: Redis still does not answer; retrying`,
        );
      });
    },
    answered() {
      if (!outage) return;
      log?.info(
        { seconds: Math.round((Date.now() - outage.since) / 1000), errors: outage.errors },
        `${what}: Redis answers again`,
      );
      outage = null;
    },
  };
  return reporter;
}
