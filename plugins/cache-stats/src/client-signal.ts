/**
 * Worker side: what the cache buys, seen from the client. Every response's
 * X-Cache-Hit header is counted, and its response time recorded separately
 * for cached and uncached responses, overall and per endpoint. The server's
 * counters say how often the cache hits; only this says how much faster a
 * hit is.
 */
import type { VuEvents } from './artillery';
import { ENDPOINT_LATENCY_PREFIX, METRICS } from './metrics';

interface SignalResponse {
  headers: Record<string, string | string[] | undefined>;
  timings?: { phases?: { firstByte?: number } };
}

/** true / false / undefined (no header, or a value we cannot read). */
export function cacheHitFromHeader(value: string | string[] | undefined): boolean | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'hit') return true;
  if (v === 'false' || v === '0' || v === 'miss') return false;
  return undefined;
}

export function recordClientSignal(
  headerName: string,
  req: { name?: string },
  res: SignalResponse,
  events: VuEvents,
): void {
  const hit = cacheHitFromHeader(res.headers[headerName]);
  if (hit === undefined) return;
  events.emit('counter', hit ? METRICS.clientHits : METRICS.clientMisses, 1);
  const latency = res.timings?.phases?.firstByte;
  if (typeof latency !== 'number') return;
  events.emit('histogram', hit ? METRICS.clientLatencyHit : METRICS.clientLatencyMiss, latency);
  if (req.name)
    events.emit('histogram', `${hit ? ENDPOINT_LATENCY_PREFIX.hit : ENDPOINT_LATENCY_PREFIX.miss}${req.name}`, latency);
}
