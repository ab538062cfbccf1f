/**
 * GET /api/cache/stats answers: the shapes real CRMs expose (a flat JSON, a nested one,
 * raw Redis INFO fields, the app's own `{success, data}` envelope, Prometheus text) and
 * the broken answers the stats modes simulate, so the cache-stats plugin can be tested
 * against each.
 */
import type { CacheCounters } from './cache';
import type { StatsMode, StatsShape } from './faults';

export interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Redis never reports zero memory; a fixed baseline keeps used_memory looking like INFO output. */
const REDIS_BASELINE_MEMORY_BYTES = 1_048_576;

const JSON_TYPE = 'application/json';

/** The JSON shapes' bodies (every shape but prometheus, which is text). */
export type JsonStatsShape = Exclude<StatsShape, 'prometheus'>;

export function statsBody(
  shape: JsonStatsShape,
  counters: CacheCounters,
  connectedClients: number,
): Record<string, unknown> {
  const hitRate = Math.round(counters.hit_rate * 10_000) / 10_000;
  switch (shape) {
    case 'flat':
      return {
        hits: counters.hits,
        misses: counters.misses,
        hit_rate: hitRate,
        keys: counters.keys,
        evictions: counters.evictions,
      };
    case 'nested':
      return { cache: { hits: counters.hits, misses: counters.misses, hit_rate: hitRate }, backend: 'reference' };
    case 'redis':
      return {
        keyspace_hits: counters.hits,
        keyspace_misses: counters.misses,
        used_memory: REDIS_BASELINE_MEMORY_BYTES + counters.bytes,
        connected_clients: connectedClients,
      };
    case 'envelope':
      // The CRM's own API envelope, as its other endpoints answer.
      return { success: true, data: { cache: { hits: counters.hits, misses: counters.misses, hit_rate: hitRate } } };
  }
}

/** What a prometheus_client /metrics endpoint sends: HELP/TYPE lines, and a metric that is not the cache's. */
export function prometheusText(counters: CacheCounters, connectedClients: number): string {
  return [
    '# HELP cache_hits_total Cache lookups answered from the cache.',
    '# TYPE cache_hits_total counter',
    `cache_hits_total ${counters.hits}`,
    '# HELP cache_misses_total Cache lookups that missed.',
    '# TYPE cache_misses_total counter',
    `cache_misses_total ${counters.misses}`,
    '# HELP http_open_connections Open client connections.',
    '# TYPE http_open_connections gauge',
    `http_open_connections ${connectedClients}`,
    '',
  ].join('\n');
}

/** Prometheus' text exposition format, version 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The 200 answer of a working stats endpoint, in the configured shape. */
export function statsResponse(shape: StatsShape, counters: CacheCounters, connectedClients: number): RawResponse {
  if (shape === 'prometheus')
    return { status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: prometheusText(counters, connectedClients) };
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(statsBody(shape, counters, connectedClients)) };
}

/**
 * The broken answers. Returns undefined for modes that answer normally (ok, reset) or
 * only later (slow): the server handles the timing and the counter reset itself.
 */
export function brokenStatsResponse(mode: StatsMode): RawResponse | undefined {
  switch (mode) {
    case 'down':
      return {
        status: 503,
        contentType: JSON_TYPE,
        body: JSON.stringify({ error: 'cache unavailable', detail: 'Redis connection refused' }),
      };
    case 'malformed':
      // A body cut off mid-object, still labelled JSON: what a proxy that drops the connection produces.
      return { status: 200, contentType: JSON_TYPE, body: '{"hits": 1234, "misses": 56, "hit_rate": 0.95' };
    case 'html':
      return {
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>',
      };
    default:
      return undefined;
  }
}
