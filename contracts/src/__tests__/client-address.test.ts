import { clientKey, parseTrustedProxies } from '../client-address';

describe('TRUSTED_PROXIES', () => {
  test('addresses and IPv4 ranges are accepted; anything else stops the boot naming the entry', () => {
    expect(parseTrustedProxies(undefined)).toEqual(['127.0.0.1', '::1']);
    expect(parseTrustedProxies(' 10.0.0.0/8, ::1 ,172.20.0.5 ')).toEqual(['10.0.0.0/8', '::1', '172.20.0.5']);
    for (const bad of ['the-site', '10.0.0.0/33', '300.1.1.1', '10.0.0/8', '10.0.0.0/8/1', 'cms:1337']) {
      expect(() => parseTrustedProxies(bad)).toThrow(
        new RegExp(`TRUSTED_PROXIES must list .*got "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`),
      );
    }
  });
});

describe('the client a request is counted under', () => {
  const trusted = ['127.0.0.1', '::1', '10.0.0.0/8'];
  test('an untrusted peer is counted as itself, whatever it forwards', () => {
    expect(clientKey('203.0.113.7', '198.51.100.1', trusted)).toBe('203.0.113.7');
  });
  test('behind trusted proxies, the nearest address they did not add: what the client wrote is ignored', () => {
    expect(clientKey('127.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
    // client -> load balancer (10.0.0.2) -> site (127.0.0.1): the balancer appended the client, the site forwarded both
    expect(clientKey('127.0.0.1', 'forged-by-client, 198.51.100.1, 10.0.0.2', trusted)).toBe('198.51.100.1');
    expect(clientKey('10.0.0.9', '6.6.6.6, 198.51.100.1', trusted)).toBe('198.51.100.1');
    // garbage where a proxy would have written an address: the last address a trusted hop vouched for
    expect(clientKey('127.0.0.1', '198.51.100.1, <script>', trusted)).toBe('127.0.0.1');
    expect(clientKey('127.0.0.1', '10.0.0.3', trusted)).toBe('10.0.0.3');
  });
});
