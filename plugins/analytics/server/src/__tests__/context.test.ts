import { classifySource, countryOf, describeUserAgent, ingestContext, isBot, optedOut } from '../utils/context';

const CHROME_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const SMART_TV =
  'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/6.0 TV Safari/538.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const own = ['framecast.test', 'www.framecast.test'];

describe('traffic sources', () => {
  it('takes the src tag first', () => {
    for (const [src, source] of [
      ['home', 'home'],
      ['search', 'search'],
      ['related', 'related'],
      ['creator', 'creator'],
      ['playlist', 'playlist'],
      ['following', 'following'],
      ['notification', 'notification'],
      ['mail', 'notification'],
      ['embed', 'embed'],
    ] as const) {
      expect(classifySource({ src, referrer: 'https://elsewhere.example/', ownHosts: own })).toEqual({
        source,
        referrerDomain: null,
      });
    }
  });

  it('else names an off-site referrer by its domain, else says direct', () => {
    expect(classifySource({ referrer: 'https://www.Reddit.com/r/videos', ownHosts: own })).toEqual({
      source: 'external',
      referrerDomain: 'reddit.com',
    });
    expect(classifySource({ src: 'unknown-tag', referrer: 'https://news.example/a', ownHosts: own })).toEqual({
      source: 'external',
      referrerDomain: 'news.example',
    });
    for (const referrer of [undefined, null, '', 'https://framecast.test/watch/x', 'not a url', 'android-app://x'])
      expect(classifySource({ referrer, ownHosts: own })).toEqual({ source: 'direct', referrerDomain: null });
    // "toString" is not a tag
    expect(classifySource({ src: 'toString', ownHosts: own }).source).toBe('direct');
  });
});

describe('devices and bots', () => {
  it('reads the device class, browser and OS from the user agent', () => {
    expect(describeUserAgent(CHROME_DESKTOP)).toEqual({ deviceClass: 'desktop', browser: 'Chrome', os: 'Windows' });
    expect(describeUserAgent(SAFARI_IPHONE)).toEqual({ deviceClass: 'mobile', browser: 'Mobile Safari', os: 'iOS' });
    expect(describeUserAgent(IPAD).deviceClass).toBe('tablet');
    expect(describeUserAgent(SMART_TV).deviceClass).toBe('tv');
  });

  it('drops crawlers and requests without a user agent', () => {
    expect(isBot(GOOGLEBOT)).toBe(true);
    expect(isBot('curl/8.5.0')).toBe(true);
    expect(isBot('')).toBe(true);
    expect(isBot(undefined)).toBe(true);
    expect(isBot(CHROME_DESKTOP)).toBe(false);
  });
});

describe('country', () => {
  it('finds the country of public addresses, IPv4, IPv6 and IPv4-mapped', () => {
    expect(countryOf('8.8.8.8')).toBe('US');
    expect(countryOf('::ffff:8.8.8.8')).toBe('US');
    expect(countryOf('2001:4860:4860::8888')).toBe('US');
    expect(countryOf('81.2.69.160')).toBe('GB');
  });

  it('says null for private, loopback and malformed addresses', () => {
    for (const address of ['10.1.2.3', '192.168.0.1', '127.0.0.1', '::1', 'not-an-ip', ''])
      expect(countryOf(address)).toBeNull();
  });
});

describe('privacy', () => {
  it('reads Do-Not-Track and Global Privacy Control', () => {
    expect(optedOut({})).toBe(false);
    expect(optedOut({ dnt: '0' })).toBe(false);
    expect(optedOut({ dnt: '1' })).toBe(true);
    expect(optedOut({ 'sec-gpc': '1' })).toBe(true);
    expect(optedOut({ dnt: ['1', '0'] })).toBe(true);
  });

  const request = {
    address: '8.8.8.8',
    userAgent: CHROME_DESKTOP,
    headers: {},
    siteId: 'framecast',
    salt: Buffer.alloc(32, 7),
    src: 'search',
    ownHosts: own,
  };

  it('derives the key, country and device when the viewer has not opted out; never the address', () => {
    const context = ingestContext(request);
    expect(context).toEqual({
      bot: false,
      source: 'search',
      referrerDomain: null,
      viewerKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      country: 'US',
      deviceClass: 'desktop',
      browser: 'Chrome',
      os: 'Windows',
    });
    expect(JSON.stringify(context)).not.toContain('8.8.8.8');
  });

  it('derives nothing per viewer under DNT or GPC, and only drops bots', () => {
    for (const headers of [{ dnt: '1' }, { 'sec-gpc': '1' }]) {
      expect(ingestContext({ ...request, headers })).toEqual({
        bot: false,
        source: 'search',
        referrerDomain: null,
        viewerKey: null,
        country: null,
        deviceClass: null,
        browser: null,
        os: null,
      });
    }
    expect(ingestContext({ ...request, userAgent: GOOGLEBOT })).toEqual({ bot: true });
  });
});
