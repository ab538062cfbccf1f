/**
 * One point per reporting period (10 s): the time series of the report and
 * the CSV. Active users are derived (Artillery keeps no gauge): users
 * created so far minus users that completed or failed so far.
 */
import { METRICS as CACHE } from 'artillery-plugin-cache-stats';
import { failedRequests } from './metric-names';
import type { ReportLike } from './verdict';

export interface PeriodLike extends ReportLike {
  period?: string | number;
}

export interface TimelinePoint {
  /** Start of the period, epoch ms. */
  t: number;
  requests: number;
  requestsPerSecond: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  activeUsers: number;
  failures: number;
  errorsPerSecond: number;
  errorRatePct: number | null;
  /** Server-side hit rate in this period (polls that ended in it), null without lookups. */
  cacheHitRatePct: number | null;
}

const PERIOD_MS = 10_000;

export function periodStart(p: PeriodLike): number {
  const t = Number(p.period ?? p.firstMetricAt);
  return Number.isFinite(t) ? t : 0;
}

export function buildTimeline(periods: readonly PeriodLike[]): TimelinePoint[] {
  let created = 0;
  let ended = 0;
  return [...periods]
    .sort((a, b) => periodStart(a) - periodStart(b))
    .map((p) => {
      const c = p.counters ?? {};
      created += c['vusers.created'] ?? 0;
      ended += (c['vusers.completed'] ?? 0) + (c['vusers.failed'] ?? 0);
      const requests = c['http.requests'] ?? 0;
      const rps = p.rates?.['http.request_rate'] ?? requests / (PERIOD_MS / 1000);
      // The period's real width: first and last periods are shorter than 10 s.
      const widthSeconds = rps > 0 && requests > 0 ? requests / rps : PERIOD_MS / 1000;
      const failures = failedRequests(c);
      const latency = p.summaries?.['http.response_time'];
      const hits = c[CACHE.hits];
      const misses = c[CACHE.misses];
      return {
        t: periodStart(p),
        requests,
        requestsPerSecond: rps,
        p50: latency?.median ?? null,
        p95: latency?.p95 ?? null,
        p99: latency?.p99 ?? null,
        activeUsers: Math.max(0, created - ended),
        failures,
        errorsPerSecond: failures / widthSeconds,
        errorRatePct: requests > 0 ? (100 * failures) / requests : null,
        cacheHitRatePct: hits !== undefined && misses !== undefined && hits + misses > 0 ? (100 * hits) / (hits + misses) : null,
      };
    });
}

export interface ThroughputSummary {
  average: number | undefined;
  peak: number | undefined;
  /** Lowest rate among the full periods (the first and last are partial and left out when there are more than two). */
  minimum: number | undefined;
}

export function throughputSummary(timeline: readonly TimelinePoint[], averageRps: number | undefined): ThroughputSummary {
  const rates = timeline.map((p) => p.requestsPerSecond);
  const inner = rates.length > 2 ? rates.slice(1, -1) : rates;
  return {
    average: averageRps,
    peak: rates.length > 0 ? Math.max(...rates) : undefined,
    minimum: inner.length > 0 ? Math.min(...inner) : undefined,
  };
}
