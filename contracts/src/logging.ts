/**
 * What the CMS, the transcoding workers and the site share about logs: the settings (LOG_LEVEL, LOG_FORMAT), the
 * request id rule (X-Request-Id), the fields that are never written (pino `redact`) and the human-readable form of a
 * line. Each process builds its own pino logger from these, so one set of names and one shape holds everywhere.
 */
import { randomUUID } from 'node:crypto';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

export interface LogSettings {
  level: LogLevel;
  /** One JSON object per line (production, LOG_FORMAT=json), or one readable line (development). */
  format: LogFormat;
}

/** LOG_LEVEL (default info) and LOG_FORMAT (default json in production, pretty elsewhere); a wrong value stops the boot. */
export function logSettingsFrom(env: Record<string, string | undefined>): LogSettings {
  const rawLevel = env.LOG_LEVEL?.trim() ?? '';
  const level = (rawLevel || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${rawLevel}")`);
  const rawFormat = env.LOG_FORMAT?.trim() ?? '';
  const format = (rawFormat || (env.NODE_ENV === 'production' ? 'json' : 'pretty')).toLowerCase();
  if (format !== 'json' && format !== 'pretty')
    throw new Error(`LOG_FORMAT must be json or pretty (got "${rawFormat}")`);
  return { level: level as LogLevel, format };
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** The field naming the request in every log line of it (and of the jobs it started). */
export const REQUEST_ID_FIELD = 'reqId';

// what proxies and tracers send (UUIDs, hex, base32, `trace:span`): nothing that could break a log line or a header
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Whether an incoming X-Request-Id may be kept (a load balancer's id keeps the logs joinable across it). */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

/** The caller's X-Request-Id when it looks sane, else a new one. */
export function acceptRequestId(incoming: string | null | undefined): string {
  return isSaneRequestId(incoming) ? incoming : randomUUID();
}

/** The request id a Koa context carries (`ctx.state.requestId`, set by the CMS's first middleware), if any. */
export function requestIdOfContext(context: unknown): string | undefined {
  const id = (context as { state?: { requestId?: unknown } } | null | undefined)?.state?.requestId;
  return isSaneRequestId(id) ? id : undefined;
}

/**
 * Fields that are never written, wherever a caller puts them (pino `redact` paths: top level and one level down).
 * Messages are not scanned: secrets go in no message, and the request lines carry paths without query strings.
 */
export const LOG_REDACT_PATHS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordConfirmation',
  'token',
  'jwt',
  'refreshToken',
  'accessToken',
  'secret',
  'authorization',
  'cookie',
  '["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordConfirmation',
  '*.token',
  '*.jwt',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*["set-cookie"]',
];
export const LOG_REDACTED = '[redacted]';

/** The pino options every Framecast process uses (typed structurally: contracts does not depend on pino). */
export function pinoOptions(service: string, settings: LogSettings, mixin?: () => Record<string, unknown>) {
  return {
    name: service,
    level: settings.level,
    redact: { paths: LOG_REDACT_PATHS, censor: LOG_REDACTED },
    ...(mixin ? { mixin } : {}),
  };
}

/** The path of a URL as a log line may show it: no query string (tokens travel there), no media signature. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0]!.split('#')[0]!;
  return path.replace(/^\/media\/s\/[^/]+/, `/media/s/${LOG_REDACTED}`);
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname', REQUEST_ID_FIELD, 'err']);

/** One pino JSON line as a person reads it: `12:04:05.123 INFO  cms  message  key=value … [reqId]`. */
export function prettyLogLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !OWN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const parts = [time, level, String(entry.name ?? ''), String(entry.msg ?? ''), ...fields];
  if (entry[REQUEST_ID_FIELD]) parts.push(`[${String(entry[REQUEST_ID_FIELD])}]`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n${err.stack ?? err.message ?? ''}` : '';
  return `${parts.filter(Boolean).join(' ')}${stack}\n`;
}

/** A pino destination writing readable lines to `out` (development). */
export function prettyDestination(out: { write(text: string): unknown }) {
  return { write: (line: string) => out.write(prettyLogLine(line)) };
}
