// Carries the request id through a request's async work so every log line of that request names it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUEST_ID_HEADER, acceptRequestId } from '@framecast/contracts';

export interface RequestContext {
  requestId: string;
  /** The viewer's address, forwarded to the CMS so its per-address limits count viewers, not the site. */
  clientAddress?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The caller's X-Request-Id when it is well formed (a proxy's id keeps logs joinable), else a new one. */
export function requestIdFrom(headers: Headers): string {
  return acceptRequestId(headers.get(REQUEST_ID_HEADER));
}
