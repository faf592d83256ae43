/**
 * Who a request comes from when it may have passed through the site or a load balancer: the peer, or the client a
 * trusted peer names in X-Forwarded-For. Shared by every CMS limit that counts per address.
 */

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Whether `address` (as Node reports a peer, IPv4-mapped IPv6 included) is one of `trusted`. */
export function isTrustedPeer(address: string, trusted: string[]): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  for (const entry of trusted) {
    if (entry === plain || entry === address) return true;
    const [range, bits] = entry.split('/');
    if (bits === undefined) continue;
    const start = ipv4ToNumber(range!);
    const value = ipv4ToNumber(plain);
    if (start === undefined || value === undefined) continue;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    if ((start & mask) === (value & mask)) return true;
  }
  return false;
}

/**
 * Who to count: the peer, or the client a trusted peer (the site) names in X-Forwarded-For, the last entry
 * being the one that peer added. A client talking to the CMS directly cannot choose its own key.
 */
export function clientKey(peer: string, forwardedFor: string | undefined, trusted: string[]): string {
  if (!forwardedFor || !isTrustedPeer(peer, trusted)) return peer;
  return forwardedFor.split(',').pop()!.trim() || peer;
}
