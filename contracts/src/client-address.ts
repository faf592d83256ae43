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

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i;

/** Whether `value` is written as an IPv4 or IPv6 address (what a proxy puts in X-Forwarded-For). */
export function looksLikeAddress(value: string): boolean {
  return IPV4.test(value) || IPV6.test(value);
}

/**
 * TRUSTED_PROXIES as written in the environment: a comma-separated list of IPv4/IPv6 addresses and IPv4 ranges
 * (10.0.0.0/8). Anything else stops the boot with a message naming the entry.
 */
export function parseTrustedProxies(raw: string | undefined, fallback = '127.0.0.1,::1'): string[] {
  const entries = (raw?.trim() ? raw : fallback)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const valid =
      extra === undefined &&
      (bits === undefined
        ? looksLikeAddress(address!)
        : IPV4.test(address!) && /^\d{1,2}$/.test(bits) && Number(bits) <= 32);
    if (!valid)
      throw new Error(
        `TRUSTED_PROXIES must list IP addresses or IPv4 ranges such as 10.0.0.0/8, comma-separated (got "${entry}")`,
      );
  }
  return entries;
}

/**
 * Who to count: the peer, or, when the peer is a trusted proxy, the nearest address in X-Forwarded-For that is not
 * itself a trusted proxy (read from the right: each proxy appends the address it saw). A client cannot choose its
 * own key by sending the header: what it wrote is left of what the trusted proxies appended.
 */
export function clientKey(peer: string, forwardedFor: string | undefined, trusted: string[]): string {
  if (!forwardedFor || !isTrustedPeer(peer, trusted)) return peer;
  let client = peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    // garbage is what an untrusted party wrote: the last address a trusted hop vouched for is the client
    if (!looksLikeAddress(hop)) return client;
    client = hop;
    if (!isTrustedPeer(hop, trusted)) return hop;
  }
  return client;
}
