// Structured log lines (pino, the shape the CMS and the workers write): JSON in production or with LOG_FORMAT=json,
// readable lines otherwise; LOG_LEVEL sets the level. Each line of a request carries its id (`reqId`), the one the
// site answers in X-Request-Id and forwards to the CMS. Secrets are redacted by field name (@framecast/contracts).
import { REQUEST_ID_FIELD, logSettingsFrom, pinoOptions, prettyDestination } from '@framecast/contracts';
import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';

type Fields = Record<string, unknown>;

let logger: Logger | undefined;

function current(): Logger {
  if (!logger) {
    // read at run time, on first use (never inlined by the build)
    const settings = logSettingsFrom(process.env);
    logger = pino(
      pinoOptions('site', settings, () => {
        const requestId = requestContext.getStore()?.requestId;
        return requestId ? { [REQUEST_ID_FIELD]: requestId } : {};
      }),
      settings.format === 'json' ? process.stdout : prettyDestination(process.stdout),
    );
  }
  return logger;
}

/** For tests: read LOG_LEVEL and LOG_FORMAT again on the next line. */
export function resetLogForTests(): void {
  logger = undefined;
}

export const log = {
  debug: (msg: string, fields: Fields = {}) => current().debug(fields, msg),
  info: (msg: string, fields: Fields = {}) => current().info(fields, msg),
  warn: (msg: string, fields: Fields = {}) => current().warn(fields, msg),
  error: (msg: string, fields: Fields = {}) => current().error(fields, msg),
};
