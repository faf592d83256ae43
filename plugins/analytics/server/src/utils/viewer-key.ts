/**
 * The viewer key (the Plausible model): HMAC-SHA256(salt, site id + address + user agent). The salt is random per
 * period (a UTC day by default) and kept only for that period, so a key cannot be recomputed afterwards and the same
 * viewer gets an unrelated key the next day. The address is an input here and is never stored or returned.
 */
import { createHmac, randomBytes } from 'node:crypto';

const HOUR_MS = 3_600_000;

export const newSalt = (): Buffer => randomBytes(32);

/** The start (ms since epoch) of the salt period holding `now`; periods start at midnight UTC. */
export function saltPeriodStart(now: number, rotationHours = 24): number {
  const length = rotationHours * HOUR_MS;
  return Math.floor(now / length) * length;
}

/** 64 hex characters; the fields are joined with a separator no address or user agent holds alone. */
export function viewerKey(salt: Buffer, siteId: string, address: string, userAgent: string): string {
  return createHmac('sha256', salt).update(`${siteId}\n${address}\n${userAgent}`).digest('hex');
}
