/**
 * The plugin's options: typed, with defaults, overridable from the
 * environment (CACHE_STATS_*), validated up front. An unknown key or a bad
 * value stops the run before load starts, naming the option.
 */
import { parseRedisUrl } from './redis-info';

export interface CacheStatsOptions {
  /** Where the counters come from: the backend's stats endpoint, or Redis INFO directly. */
  source: 'endpoint' | 'redis';
  /** Stats endpoint: a path under the target, or an absolute URL. */
  path: string;
  /** Base URL the path is relative to; the script's target when unset. */
  target: string | undefined;
  /** Redis to read `INFO stats` from, for source: redis (redis:// or rediss://, user:password@ and /db allowed). */
  redisUrl: string | undefined;
  /** Seconds between polls. */
  intervalSeconds: number;
  /** Timeout of one poll, ms. */
  timeoutMs: number;
  /**
   * Dotted path to the hits counter in JSON (e.g. data.cache.hits), or the
   * metric's name in Prometheus text; when unset, the one hits/misses pair
   * in the answer is found (parse-stats.ts).
   */
  hitsField: string | undefined;
  missesField: string | undefined;
  /** Header carrying the stats endpoint's credentials. */
  authHeader: string;
  /** Scheme before the token ("Bearer"); empty sends the token as is. */
  authScheme: string;
  /** Name of the environment variable holding the token (the token itself is never in the script, never printed). */
  authTokenEnv: string;
  /** Without window data: fail the cache check (default) or only warn. */
  onNoData: 'fail' | 'warn';
  /** Response header that says whether the backend served from cache. */
  clientHeader: string;
  /** false: this process does not poll (e.g. all but one container of a distributed run). */
  poll: boolean;
}

export const DEFAULT_OPTIONS: CacheStatsOptions = {
  source: 'endpoint',
  path: '/api/cache/stats',
  target: undefined,
  redisUrl: undefined,
  intervalSeconds: 5,
  timeoutMs: 2000,
  hitsField: undefined,
  missesField: undefined,
  authHeader: 'Authorization',
  authScheme: 'Bearer',
  authTokenEnv: 'CACHE_STATS_TOKEN',
  onNoData: 'fail',
  clientHeader: 'X-Cache-Hit',
  poll: true,
};

/** Option → environment variable that overrides it. */
export const ENV_OVERRIDES: Readonly<Record<keyof CacheStatsOptions, string>> = {
  source: 'CACHE_STATS_SOURCE',
  path: 'CACHE_STATS_PATH',
  target: 'CACHE_STATS_TARGET',
  redisUrl: 'CACHE_STATS_REDIS_URL',
  intervalSeconds: 'CACHE_STATS_INTERVAL_SECONDS',
  timeoutMs: 'CACHE_STATS_TIMEOUT_MS',
  hitsField: 'CACHE_STATS_HITS_FIELD',
  missesField: 'CACHE_STATS_MISSES_FIELD',
  authHeader: 'CACHE_STATS_AUTH_HEADER',
  authScheme: 'CACHE_STATS_AUTH_SCHEME',
  authTokenEnv: 'CACHE_STATS_AUTH_TOKEN_ENV',
  onNoData: 'CACHE_STATS_ON_NO_DATA',
  clientHeader: 'CACHE_STATS_CLIENT_HEADER',
  poll: 'CACHE_STATS_POLL',
};

export class CacheStatsConfigError extends Error {}

const fail = (message: string): never => {
  throw new CacheStatsConfigError(`cache-stats: ${message}`);
};

function numberIn(name: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max)
    fail(`${name} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n as number;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    fail(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

function text(name: string, value: unknown, optional: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (optional) return undefined;
    fail(`${name} must not be empty`);
  }
  if (typeof value !== 'string') fail(`${name} must be a string (got ${JSON.stringify(value)})`);
  return value as string;
}

function bool(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return fail(`${name} must be true or false (got ${JSON.stringify(value)})`);
}

/** Script options, then environment overrides, then defaults; validated. */
export function resolveOptions(scriptOptions: unknown, env: NodeJS.ProcessEnv = process.env): CacheStatsOptions {
  const given = (scriptOptions ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) fail('its options must be a mapping');
  const known = new Set(Object.keys(DEFAULT_OPTIONS));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) fail(`unknown option "${key}" (known: ${[...known].join(', ')})`);
  }
  const raw: Record<string, unknown> = { ...DEFAULT_OPTIONS, ...given };
  for (const [option, variable] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[option] = value;
  }
  const options: CacheStatsOptions = {
    source: oneOf('source', raw.source, ['endpoint', 'redis'] as const),
    path: text('path', raw.path, false) as string,
    target: text('target', raw.target, true),
    redisUrl: text('redisUrl', raw.redisUrl, true),
    intervalSeconds: numberIn('intervalSeconds', raw.intervalSeconds, 0.5, 3600),
    timeoutMs: numberIn('timeoutMs', raw.timeoutMs, 100, 60_000),
    hitsField: text('hitsField', raw.hitsField, true),
    missesField: text('missesField', raw.missesField, true),
    authHeader: text('authHeader', raw.authHeader, false) as string,
    authScheme: text('authScheme', raw.authScheme, true) ?? '',
    authTokenEnv: text('authTokenEnv', raw.authTokenEnv, false) as string,
    onNoData: oneOf('onNoData', raw.onNoData, ['fail', 'warn'] as const),
    clientHeader: (text('clientHeader', raw.clientHeader, false) as string).toLowerCase(),
    poll: bool('poll', raw.poll),
  };
  if (options.source === 'redis') {
    if (!options.redisUrl) fail('source: redis needs redisUrl (or CACHE_STATS_REDIS_URL), e.g. redis://127.0.0.1:6379');
    try {
      parseRedisUrl(options.redisUrl as string);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  if (options.source === 'endpoint' && !options.path.startsWith('/') && !/^https?:\/\//.test(options.path)) {
    fail(`path must start with / or be an http(s) URL (got "${options.path}")`);
  }
  return options;
}

/** The stats endpoint's URL: the path, under the target option or else the script's target. */
export function statsUrl(options: CacheStatsOptions, scriptTarget: string): string {
  if (/^https?:\/\//.test(options.path)) return options.path;
  return `${(options.target ?? scriptTarget).replace(/\/+$/, '')}${options.path}`;
}

/** What `source` reads from, for messages: never includes credentials. */
export function describeSource(options: CacheStatsOptions, target: string): string {
  if (options.source === 'redis') {
    const url = new URL(options.redisUrl as string);
    url.username = '';
    url.password = '';
    return `Redis INFO stats at ${url.toString()}`;
  }
  return `GET ${statsUrl(options, target)}`;
}
