/**
 * One point per reporting period (10 s): the time series of the report and
 * the CSV. Active users are derived (Artillery keeps no gauge): users
 * created so far minus users that completed or failed so far.
 *
 * Throughput counts responses, not attempts: Artillery's http.request_rate
 * also counts requests a dead backend refused. And it is judged on full
 * periods only: periods are wall-clock aligned 10-s windows, so a run's
 * first and last are partial, and Artillery's rate of a partial period is
 * count ÷ (last − first event), which can be far above anything sustained.
 */
import { hitRatePct, METRICS as CACHE } from 'artillery-plugin-cache-stats';
import { failedRequests } from '../core/metric-names';
import type { ReportLike } from './verdict';

export interface PeriodLike extends ReportLike {
  period?: string | number;
  lastHistogramAt?: number;
}

export interface TimelinePoint {
  /** Start of the period, epoch ms. */
  t: number;
  requests: number;
  /** Responses received in the period (any status): what throughput counts. */
  responses: number;
  /** Responses per second over the part of the period the load covered (10 s when full). */
  responsesPerSecond: number;
  /** True when the load ran through the whole period: only these count for peak and minimum. */
  full: boolean;
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

/** Artillery's reporting period; periods start at multiples of it (its normalizeTs). */
export const PERIOD_MS = 10_000;
/**
 * How a full period is named wherever a peak or minimum is shown ("peak of full 10-s periods", "no full 10-s
 * period").
 */
export const FULL_PERIOD = 'full 10-s period';

/** When the load ran: first to last metric, epoch ms. */
export interface LoadSpan {
  from: number;
  to: number;
}

/** Elapsed time as m:ss (h:mm:ss past an hour). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function periodStart(p: PeriodLike): number {
  const t = Number(p.period ?? p.firstMetricAt);
  return Number.isFinite(t) ? t : 0;
}

/**
 * The load's span, from the aggregate's first/last metric (else the
 * periods'). `stoppedAt`: when a run was interrupted, the load ran until
 * then, past the last event of its last reported period.
 */
export function loadSpan(
  aggregate: ReportLike,
  periods: readonly PeriodLike[],
  stoppedAt?: number,
): LoadSpan | undefined {
  const firsts = periods.map((p) => p.firstMetricAt ?? periodStart(p));
  const lasts = periods.map((p) => p.lastMetricAt ?? periodStart(p) + PERIOD_MS);
  const from = aggregate.firstMetricAt ?? (firsts.length > 0 ? Math.min(...firsts) : undefined);
  const last = aggregate.lastMetricAt ?? (lasts.length > 0 ? Math.max(...lasts) : undefined);
  if (from === undefined || last === undefined) return undefined;
  return { from, to: stoppedAt !== undefined ? Math.max(last, stoppedAt) : last };
}

/** The one rule for "full": the load ran from the period's start to its end. */
export function isFullPeriod(start: number, span: LoadSpan): boolean {
  return span.from <= start && start + PERIOD_MS <= span.to;
}

/** How much of a period the load covered, ms; a sliver of a period counts as 1 s so that its rate stays meaningful. */
export function coveredMs(start: number, span: LoadSpan | undefined): number {
  if (!span) return PERIOD_MS;
  const covered = Math.min(start + PERIOD_MS, span.to) - Math.max(start, span.from);
  return Math.min(PERIOD_MS, Math.max(1000, covered));
}

/** Responses per second of each full period: what the peak and minimum are taken over. */
export function fullPeriodRates(periods: readonly PeriodLike[], span: LoadSpan | undefined): number[] {
  if (!span) return [];
  return periods
    .filter((p) => isFullPeriod(periodStart(p), span))
    .map((p) => (p.counters?.['http.responses'] ?? 0) / (PERIOD_MS / 1000));
}

/** The best full period's responses per second (what ensure's throughput condition checks), undefined without one. */
export function peakOfFullPeriods(periods: readonly PeriodLike[], span: LoadSpan | undefined): number | undefined {
  const rates = fullPeriodRates(periods, span);
  return rates.length > 0 ? Math.max(...rates) : undefined;
}

export function buildTimeline(periods: readonly PeriodLike[], span: LoadSpan | undefined): TimelinePoint[] {
  let created = 0;
  let ended = 0;
  return [...periods]
    .sort((a, b) => periodStart(a) - periodStart(b))
    .map((p) => {
      const c = p.counters ?? {};
      created += c['vusers.created'] ?? 0;
      ended += (c['vusers.completed'] ?? 0) + (c['vusers.failed'] ?? 0);
      const t = periodStart(p);
      const requests = c['http.requests'] ?? 0;
      const responses = c['http.responses'] ?? 0;
      const widthSeconds = coveredMs(t, span) / 1000;
      const failures = failedRequests(c);
      const latency = p.summaries?.['http.response_time'];
      const hits = c[CACHE.hits];
      const misses = c[CACHE.misses];
      return {
        t,
        requests,
        responses,
        responsesPerSecond: responses / widthSeconds,
        full: span !== undefined && isFullPeriod(t, span),
        p50: latency?.median ?? null,
        p95: latency?.p95 ?? null,
        p99: latency?.p99 ?? null,
        activeUsers: Math.max(0, created - ended),
        failures,
        errorsPerSecond: failures / widthSeconds,
        errorRatePct: requests > 0 ? (100 * failures) / requests : null,
        cacheHitRatePct: hitRatePct(hits, misses) ?? null,
      };
    });
}

export interface ThroughputSummary {
  /** Responses per second over the whole load. */
  average: number | undefined;
  /** Best and worst full period (responses per second); undefined when no period was full. */
  peak: number | undefined;
  minimum: number | undefined;
  fullPeriods: number;
}

export function throughputSummary(
  timeline: readonly TimelinePoint[],
  averageRps: number | undefined,
): ThroughputSummary {
  const rates = timeline.filter((p) => p.full).map((p) => p.responsesPerSecond);
  return {
    average: averageRps,
    peak: rates.length > 0 ? Math.max(...rates) : undefined,
    minimum: rates.length > 0 ? Math.min(...rates) : undefined,
    fullPeriods: rates.length,
  };
}
