// Typed failures of the CMS client; pages map them to a status and a friendly message.

export abstract class CmsError extends Error {
  /** The CMS URL that failed (no credentials are ever part of it). */
  readonly url: string;
  constructor(message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

export type UnavailableReason = 'network' | 'timeout' | 'server-error' | 'invalid-response';

/** The CMS could not be reached, was too slow, answered 5xx or answered something that is not its JSON. */
export class CmsUnavailableError extends CmsError {
  override name = 'CmsUnavailableError';
  readonly reason: UnavailableReason;
  readonly status: number | undefined;
  constructor(reason: UnavailableReason, url: string, options?: { status?: number; cause?: unknown }) {
    super(`CMS unavailable (${reason}${options?.status ? ` ${options.status}` : ''})`, url, options);
    this.reason = reason;
    this.status = options?.status;
  }
}

/** The thing asked for does not exist (or is not visible to the public). */
export class CmsNotFoundError extends CmsError {
  override name = 'CmsNotFoundError';
  constructor(what: string, url: string) {
    super(`${what} not found`, url);
  }
}

/**
 * The CMS refused the request (400/401/403/...): for catalog reads a bug in a query or a missing public permission;
 * for account calls the viewer's input, which `details` (Strapi's `error.details`) explains.
 */
export class CmsRequestError extends CmsError {
  override name = 'CmsRequestError';
  readonly status: number;
  /** Strapi's own message, as it would show it. */
  readonly cmsMessage: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** From the Retry-After header, when the CMS sent one (429). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    status: number,
    message: string,
    url: string,
    extra: { details?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(`CMS refused the request (${status}): ${message}`, url);
    this.status = status;
    this.cmsMessage = message;
    this.details = extra.details ?? {};
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export function isCmsError(error: unknown): error is CmsError {
  return error instanceof CmsError;
}
