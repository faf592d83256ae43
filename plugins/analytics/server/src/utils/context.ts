/**
 * What the ingest learns about a viewing session besides its events, and what it refuses to learn:
 * the traffic source (from the link's `src` tag, else the referrer's domain, else direct), the device class,
 * browser and OS (ua-parser-js 1.x, MIT), bots (isbot), the country (geoip-lite's offline database; the address
 * itself is never kept), and the viewer key. Under Do-Not-Track or Global Privacy Control nothing is derived from
 * the address or the user agent: no key, no country, no device.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import UAParser from 'ua-parser-js';
import { isbot } from 'isbot';
import { SOURCE_TAGS, type DeviceClass, type SourceTag, type TrafficSource } from '@framecast/contracts';
import { viewerKey } from './viewer-key';

type GeoIp = typeof import('geoip-lite');

let geoip: GeoIp | undefined;

/**
 * geoip-lite with its country files only: it reads every file in its data folder when first required (city and
 * country: about 104 MB of buffers and 130 ms), and only the country is used here, so it is pointed at a folder that
 * links the two country files (6.5 MB, 40 ms, about 1 µs per IPv4 lookup). Loaded on the first lookup, not at boot.
 */
function geo(): GeoIp {
  if (!geoip) {
    const data = path.join(path.dirname(require.resolve('geoip-lite/package.json')), 'data');
    const countryOnly = mkdtempSync(path.join(tmpdir(), 'framecast-geoip-'));
    for (const file of ['geoip-country.dat', 'geoip-country6.dat'])
      symlinkSync(path.join(data, file), path.join(countryOnly, file));
    (globalThis as { geodatadir?: string }).geodatadir = countryOnly;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, after geodatadir is set
    geoip = require('geoip-lite') as GeoIp;
  }
  return geoip;
}

/** The viewer's country (ISO 3166-1 alpha-2) from their address, or null (private, unknown or malformed address). */
export function countryOf(address: string): string | null {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  try {
    return geo().lookup(plain)?.country || null;
  } catch {
    // geoip-lite throws on some malformed input: an unknown country, never a failed ingest
    return null;
  }
}

export interface SourceInput {
  /** the page's `src` tag */
  src?: string | null;
  /** document.referrer as the player saw it */
  referrer?: string | null;
  /** this platform's own host names: a referrer from them is not off-site */
  ownHosts: readonly string[];
}

export interface TrafficContext {
  source: TrafficSource;
  /** for `external`: the referring site's host, without `www.` */
  referrerDomain: string | null;
}

const isSourceTag = (value: string): value is SourceTag => Object.prototype.hasOwnProperty.call(SOURCE_TAGS, value);

export function classifySource({ src, referrer, ownHosts }: SourceInput): TrafficContext {
  if (src && isSourceTag(src)) return { source: SOURCE_TAGS[src], referrerDomain: null };
  if (referrer) {
    let host: string | null = null;
    try {
      const url = new URL(referrer);
      if (url.protocol === 'http:' || url.protocol === 'https:') host = url.hostname.toLowerCase();
    } catch {
      host = null;
    }
    const own = ownHosts.map((name) => name.toLowerCase());
    if (host && !own.includes(host)) return { source: 'external', referrerDomain: host.replace(/^www\./, '') };
  }
  return { source: 'direct', referrerDomain: null };
}

export interface DeviceContext {
  deviceClass: DeviceClass;
  browser: string | null;
  os: string | null;
}

const DEVICE_TYPES: Record<string, DeviceClass> = {
  mobile: 'mobile',
  tablet: 'tablet',
  smarttv: 'tv',
  console: 'console',
};

/** Parsed user agents: real traffic has few distinct ones, and parsing one costs more than the rest of an ingest. */
const described = new Map<string, DeviceContext>();
const DESCRIBED_MAX = 2000;

export function describeUserAgent(userAgent: string): DeviceContext {
  const known = described.get(userAgent);
  if (known) return known;
  const context = parseUserAgent(userAgent);
  if (described.size >= DESCRIBED_MAX) described.delete(described.keys().next().value!);
  described.set(userAgent, context);
  return context;
}

function parseUserAgent(userAgent: string): DeviceContext {
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  // ua-parser-js leaves the type unset for desktops; wearables, embedded and XR devices are "other"
  const deviceClass: DeviceClass = type === undefined ? 'desktop' : (DEVICE_TYPES[type] ?? 'other');
  return { deviceClass, browser: result.browser.name ?? null, os: result.os.name ?? null };
}

/** A crawler, a monitor or a script: its events are dropped. No user agent at all is not a browser either. */
export function isBot(userAgent: string | null | undefined): boolean {
  return !userAgent || isbot(userAgent);
}

/** Do-Not-Track (`DNT: 1`) or Global Privacy Control (`Sec-GPC: 1`), from lower-cased request headers. */
export function optedOut(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim();
  return first(headers['dnt']) === '1' || first(headers['sec-gpc']) === '1';
}

export interface IngestRequest extends SourceInput {
  address: string;
  userAgent: string | null | undefined;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  siteId: string;
  /** the current period's salt (services/salts.ts) */
  salt: Buffer;
}

export type IngestContext =
  | { bot: true }
  | ({ bot: false; viewerKey: string | null; country: string | null } & TrafficContext & {
        deviceClass: DeviceClass | null;
        browser: string | null;
        os: string | null;
      });

/** Everything stored beside a session's events. The address goes into the key and the country, nowhere else. */
export function ingestContext(request: IngestRequest): IngestContext {
  if (isBot(request.userAgent)) return { bot: true };
  const traffic = classifySource(request);
  if (optedOut(request.headers)) {
    return { bot: false, ...traffic, viewerKey: null, country: null, deviceClass: null, browser: null, os: null };
  }
  const userAgent = request.userAgent!;
  return {
    bot: false,
    ...traffic,
    ...describeUserAgent(userAgent),
    viewerKey: viewerKey(request.salt, request.siteId, request.address, userAgent),
    country: countryOf(request.address),
  };
}
