/**
 * Strapi's logger (winston, `strapi.log`) writes through pino: every `strapi.log.info(...)` in Strapi and the plugins
 * becomes one pino line with the request id of the request it ran in (`reqId`, from Strapi's request context;
 * src/middlewares/request-log.ts sets it), and pino drops the fields that must never be written (`@framecast/contracts`
 * logging). JSON lines in production or with LOG_FORMAT=json, readable lines otherwise; LOG_LEVEL sets the level.
 * Structured fields go in the second argument: `strapi.log.info('media access', { video, granted })`.
 */
import { Writable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { winston } from '@strapi/logger';
import pino, { type Logger } from 'pino';
import {
  REQUEST_ID_FIELD,
  logSettingsFrom,
  pinoOptions,
  prettyDestination,
  requestIdOfContext,
  type LogLevel,
} from '@framecast/contracts';

type WinstonInfo = Record<string | symbol, unknown> & { level: string; message?: unknown; stack?: unknown };

/** winston's npm levels as pino names them (`http` and `verbose` are debug detail). */
const PINO_LEVEL: Record<string, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  error: 'error',
  warn: 'warn',
  info: 'info',
  http: 'debug',
  verbose: 'debug',
  debug: 'debug',
  silly: 'trace',
};
/** LOG_LEVEL as winston's threshold, so winston does not build lines pino would drop. */
const WINSTON_LEVEL: Record<LogLevel, string> = {
  trace: 'silly',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
  silent: 'error',
};

/** The request id of the request this code runs in: Strapi keeps the Koa context in an AsyncLocalStorage. */
function currentRequestId(): string | undefined {
  const strapi = (globalThis as { strapi?: Core.Strapi }).strapi;
  return requestIdOfContext(strapi?.requestContext?.get?.());
}

function forward(logger: Logger, info: WinstonInfo): void {
  const level = PINO_LEVEL[info.level] ?? 'info';
  const { level: _level, message, stack, ...fields } = info;
  const text = typeof message === 'string' ? message : message === undefined ? '' : String(message);
  // strapi.log.error(error), or a message with an error as its meta: pino's error serializer keeps type, message, stack
  if (info instanceof Error || typeof stack === 'string') {
    const err = info instanceof Error ? info : Object.assign(new Error(text), { stack });
    logger[level]({ ...fields, err }, text);
    return;
  }
  logger[level](fields, text);
}

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const settings = logSettingsFrom({
    LOG_LEVEL: env('LOG_LEVEL', ''),
    LOG_FORMAT: env('LOG_FORMAT', ''),
    NODE_ENV: env('NODE_ENV', ''),
  });
  const logger = pino(
    pinoOptions('cms', settings, () => {
      const reqId = currentRequestId();
      return reqId ? { [REQUEST_ID_FIELD]: reqId } : {};
    }),
    settings.format === 'json' ? process.stdout : prettyDestination(process.stdout),
  );
  const sink = new Writable({
    objectMode: true,
    write(info: WinstonInfo, _encoding, done) {
      forward(logger, info);
      done();
    },
  });
  return {
    level: WINSTON_LEVEL[settings.level],
    silent: settings.level === 'silent',
    // no formatting in winston: pino writes the line
    format: winston.format((info) => info)(),
    transports: [new winston.transports.Stream({ stream: sink })],
  };
};
