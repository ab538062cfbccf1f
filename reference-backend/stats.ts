/**
 * GET /api/cache/stats bodies: the three shapes real CRMs expose (a flat JSON, a nested
 * one, raw Redis INFO fields) and the broken answers the stats modes simulate, so the
 * cache-stats plugin can be tested against each.
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

export function statsBody(shape: StatsShape, counters: CacheCounters, connectedClients: number): Record<string, unknown> {
  const hitRate = Math.round(counters.hit_rate * 10_000) / 10_000;
  switch (shape) {
    case 'flat':
      return { hits: counters.hits, misses: counters.misses, hit_rate: hitRate, keys: counters.keys, evictions: counters.evictions };
    case 'nested':
      return { cache: { hits: counters.hits, misses: counters.misses, hit_rate: hitRate }, backend: 'reference' };
    case 'redis':
      return {
        keyspace_hits: counters.hits, keyspace_misses: counters.misses,
        used_memory: REDIS_BASELINE_MEMORY_BYTES + counters.bytes, connected_clients: connectedClients,
      };
  }
}

const JSON_TYPE = 'application/json';

/**
 * The broken answers. Returns undefined for modes that answer normally (ok, reset) or
 * only later (slow): the server handles the timing and the counter reset itself.
 */
export function brokenStatsResponse(mode: StatsMode): RawResponse | undefined {
  switch (mode) {
    case 'down':
      return { status: 503, contentType: JSON_TYPE, body: JSON.stringify({ error: 'cache unavailable', detail: 'Redis connection refused' }) };
    case 'malformed':
      // A body cut off mid-object, still labelled JSON: what a proxy that drops the connection produces.
      return { status: 200, contentType: JSON_TYPE, body: '{"hits": 1234, "misses": 56, "hit_rate": 0.95' };
    case 'html':
      return {
        status: 200, contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>',
      };
    default:
      return undefined;
  }
}
