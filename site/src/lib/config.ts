// Runtime settings, read from process.env once per process (never import.meta.env: that is inlined at build time).

export interface SiteConfig {
  /** Base URL the server uses to reach Strapi. */
  cmsUrl: string;
  /** Base URL browsers use for CMS media (uploads); defaults to cmsUrl. */
  publicCmsUrl: string;
  /** Per-request timeout for CMS calls. */
  cmsTimeoutMs: number;
  /** How long a catalog response is served from memory without asking the CMS again. */
  cacheTtlMs: number;
  /** How long an expired entry may still be served when the CMS is failing. */
  cacheStaleMs: number;
  /** Upper bound on cached responses (least recently used go first). */
  cacheMaxEntries: number;
  /** After a catalog response expires, how long it is still answered at once while it is fetched again. */
  cacheRevalidateMs: number;
  /** How long a rendered catalog page is served from memory to visitors who are not signed in (0: off). */
  pageCacheTtlMs: number;
  /** After a page expires, how long it is still answered at once while it is rendered again. */
  pageCacheRevalidateMs: number;
  /** METRICS_TOKEN: the bearer token GET /metrics asks for; without it, loopback only and never in production. */
  metricsToken: string | null;
  /** NODE_ENV is production (read at run time, not inlined by the build). */
  production: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function readUrl(name: string, fallback: string): string {
  const raw = process.env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https, got "${url.protocol}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

function readInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function readToken(name: string, minLength: number): string | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  if (raw.length < minLength) {
    throw new ConfigError(`${name} must be at least ${minLength} characters (\`openssl rand -hex 24\`)`);
  }
  return raw;
}

let cached: SiteConfig | undefined;

export function getConfig(): SiteConfig {
  if (cached) return cached;
  const cmsUrl = readUrl('CMS_URL', 'http://127.0.0.1:1337');
  cached = {
    cmsUrl,
    publicCmsUrl: readUrl('PUBLIC_CMS_URL', cmsUrl),
    cmsTimeoutMs: readInt('CMS_TIMEOUT_MS', 3000, 100, 60_000),
    cacheTtlMs: readInt('CMS_CACHE_TTL_MS', 10_000, 0, 3_600_000),
    cacheStaleMs: readInt('CMS_CACHE_STALE_MS', 300_000, 0, 86_400_000),
    cacheMaxEntries: readInt('CMS_CACHE_MAX_ENTRIES', 500, 1, 100_000),
    cacheRevalidateMs: readInt('CMS_CACHE_REVALIDATE_MS', 60_000, 0, 86_400_000),
    pageCacheTtlMs: readInt('PAGE_CACHE_TTL_MS', 5_000, 0, 3_600_000),
    pageCacheRevalidateMs: readInt('PAGE_CACHE_REVALIDATE_MS', 60_000, 0, 86_400_000),
    metricsToken: readToken('METRICS_TOKEN', 16),
    production: process.env.NODE_ENV === 'production',
  };
  return cached;
}

/** For tests: forget the parsed settings so the next call reads process.env again. */
export function resetConfigForTests(): void {
  cached = undefined;
}
