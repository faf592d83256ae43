// Reads a CMS access token's expiry so the site refreshes it before the CMS refuses it. The signature is not
// checked here: the CMS verifies every token it is handed; this only decides when to ask for a new one.

/** Refresh this long before the token runs out, so a slow page does not carry a token that expires mid-way. */
export const REFRESH_MARGIN_MS = 60_000;

/** The token's `exp` in ms since the epoch, or undefined when it is not a JWT with a numeric `exp`. */
export function accessTokenExpiry(jwt: string): number | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the token should be refreshed now: expired, about to, or unreadable. */
export function accessTokenNeedsRefresh(jwt: string, now: number, marginMs: number = REFRESH_MARGIN_MS): boolean {
  const expiry = accessTokenExpiry(jwt);
  return expiry === undefined || expiry - marginMs <= now;
}
