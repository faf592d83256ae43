// Carries the request id through a request's async work so every log line of that request names it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
  /** The viewer's address, forwarded to the CMS so its per-address limits count viewers, not the site. */
  clientAddress?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's X-Request-Id when it is well formed (a proxy's id keeps logs joinable), else a new one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get('x-request-id');
  return incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}
