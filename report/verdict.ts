/**
 * The verdict: every target against what the run measured, from Artillery's
 * final report alone (so it can be recomputed from any results.json). Pure.
 */
import { hitRatePct, METRICS as CACHE, REPORT_DETAIL_KEY, type PollerSummary } from 'artillery-plugin-cache-stats';
import { EXIT_CODES } from '../core/exit-codes';
import type { DriftAnalysis } from './analysis';
import { throughputUncheckableReason, type Ceiling } from '../core/capacity';
import type { CacheCoverage, Outage } from './coverage';
import { CRM_METRICS, endpointLatencyMetric, failedRequests } from '../core/metric-names';
import {
  LATENCY_STATISTIC,
  TARGET_SPECS,
  type EndpointTargetKey,
  type TargetSpec,
  type TargetsConfig,
} from '../core/targets';
import { FULL_PERIOD } from './timeline';

export type Status = 'PASS' | 'FAIL' | 'NO DATA' | 'NOT CHECKED' | 'WARN';

export interface VerdictLine {
  key: string;
  label: string;
  value: number | undefined;
  unit: TargetSpec['unit'];
  /** "< 500 ms", "> 80 %". */
  target: string;
  status: Status;
  severity: TargetSpec['severity'];
  /** Why NO DATA / NOT CHECKED / WARN, in words. */
  note?: string;
}

export interface ReportLike {
  counters?: Record<string, number>;
  rates?: Record<string, number>;
  summaries?: Record<string, Record<string, number>>;
  firstMetricAt?: number;
  lastMetricAt?: number;
  [REPORT_DETAIL_KEY]?: PollerSummary;
  [key: string]: unknown;
}

export interface Measured {
  requests: number;
  /** Responses received (any status): what throughput counts; a refused connection is a request without one. */
  responses: number;
  failed: number;
  errorRatePct: number | undefined;
  latency: Partial<Record<'min' | 'max' | 'mean' | 'median' | 'p95' | 'p99', number>>;
  durationSeconds: number | undefined;
  /** Responses per second over the load. */
  averageRps: number | undefined;
  /** Responses per second of the best full 10-s period (the crm plugin's figure, what ensure checks). */
  peakRps: number | undefined;
  cache: {
    /** Undefined when there is no window figure: never a zero standing in for no data. */
    hits: number | undefined;
    misses: number | undefined;
    hitRatePct: number | undefined;
    noDataReason: string | undefined;
    waived: boolean;
    detail: PollerSummary | undefined;
  };
  client: {
    hits: number;
    misses: number;
    hitLatency: Record<string, number> | undefined;
    missLatency: Record<string, number> | undefined;
  };
}

export interface Verdict {
  lines: VerdictLine[];
  measured: Measured;
  /** The throughput ceiling of the users the run drew (else the planned one). */
  ceiling: Ceiling | undefined;
  /** The ceiling of the planned mix: what decides whether throughput is checked. */
  plannedCeiling: Ceiling | undefined;
  exitCode: number;
  /** Labels of the targets that failed (FAIL or NO DATA). */
  failed: string[];
  interrupted: boolean;
  /** When the target stopped answering, if it did. */
  outage: Outage | undefined;
  /** The part of the run the cache counters cover, when the summary says. */
  cacheCoverage: CacheCoverage | undefined;
}

export interface VerdictInput {
  report: ReportLike;
  targets: TargetsConfig;
  ceiling: Ceiling | undefined;
  /** True when the run listed cache-stats among its plugins. */
  cacheStatsConfigured: boolean;
  interrupted?: boolean;
  /** The sustained run's drift check, when the run asks for one. */
  drift?: DriftAnalysis;
  /**
   * The ceiling of the user mix the run really drew (Artillery picks each
   * user's type at random by weight), for display; whether throughput is
   * checked is decided on `ceiling`, the planned one, as ensure decides.
   */
  drawnMixCeiling?: Ceiling;
  outage?: Outage;
  cacheCoverage?: CacheCoverage;
  /**
   * The peak of full 10-s periods computed from the periods, when the caller
   * has them (the report model): the same rule as the crm plugin's figure in
   * the aggregate, so it differs only for results files written before it.
   */
  fullPeriodPeakRps?: number | undefined;
}

export function measure(report: ReportLike, cacheStatsConfigured: boolean): Measured {
  const counters = report.counters ?? {};
  const latency = report.summaries?.['http.response_time'] ?? {};
  const requests = counters['http.requests'] ?? 0;
  const failed = failedRequests(counters);
  const durationSeconds =
    typeof report.firstMetricAt === 'number' && typeof report.lastMetricAt === 'number'
      ? Math.max(1, (report.lastMetricAt - report.firstMetricAt) / 1000)
      : undefined;
  const detail = report[REPORT_DETAIL_KEY];
  // A summary without window figures (null hits, or fewer than two readings
  // in a results file written before null existed) has no counts, whatever
  // zeros the counters carry.
  const noWindow = detail !== undefined && (detail.hits === null || detail.misses === null || detail.snapshots < 2);
  const hits = noWindow ? undefined : counters[CACHE.hits];
  const misses = noWindow ? undefined : counters[CACHE.misses];
  let noDataReason = detail?.noDataReason;
  if (hits === undefined || misses === undefined) {
    noDataReason ??= cacheStatsConfigured
      ? 'the cache-stats plugin reported nothing (is artillery-plugin-cache-stats installed and built?)'
      : 'cache-stats is not among the run’s plugins';
  }
  const responses = counters['http.responses'] ?? 0;
  return {
    requests,
    responses,
    failed,
    errorRatePct: requests > 0 ? (failed / requests) * 100 : undefined,
    latency,
    durationSeconds,
    averageRps: durationSeconds ? responses / durationSeconds : undefined,
    peakRps: report.rates?.[CRM_METRICS.peakRequestRate],
    cache: {
      hits,
      misses,
      hitRatePct: noDataReason === undefined ? hitRatePct(hits, misses) : undefined,
      noDataReason,
      waived: counters[CACHE.noDataWaived] === 1,
      detail,
    },
    client: {
      hits: counters[CACHE.clientHits] ?? 0,
      misses: counters[CACHE.clientMisses] ?? 0,
      hitLatency: report.summaries?.[CACHE.clientLatencyHit],
      missLatency: report.summaries?.[CACHE.clientLatencyMiss],
    },
  };
}

function compare(spec: Pick<TargetSpec, 'direction'>, value: number, limit: number): Status {
  return (spec.direction === 'below' ? value < limit : value > limit) ? 'PASS' : 'FAIL';
}

const targetText = (spec: Pick<TargetSpec, 'direction' | 'unit'>, limit: number) =>
  `${spec.direction === 'below' ? '<' : '>'} ${limit} ${spec.unit}`;

function lineFor(spec: TargetSpec, limit: number, m: Measured, ceiling: Ceiling | undefined): VerdictLine {
  const base = {
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    target: targetText(spec, limit),
    severity: spec.severity,
  };
  switch (spec.key) {
    case 'p95_ms':
    case 'median_ms':
    case 'p99_ms':
    case 'mean_ms': {
      const value = m.latency[LATENCY_STATISTIC[spec.key]];
      return value === undefined
        ? { ...base, value, status: 'NO DATA', note: 'no responses were timed' }
        : { ...base, value, status: compare(spec, value, limit) };
    }
    case 'error_rate_pct':
      return m.errorRatePct === undefined
        ? { ...base, value: undefined, status: 'NO DATA', note: 'no requests were sent' }
        : { ...base, value: m.errorRatePct, status: compare(spec, m.errorRatePct, limit) };
    case 'cache_hit_rate_pct':
      if (m.cache.hitRatePct === undefined) {
        return { ...base, value: undefined, status: m.cache.waived ? 'WARN' : 'NO DATA', note: m.cache.noDataReason };
      }
      return { ...base, value: m.cache.hitRatePct, status: compare(spec, m.cache.hitRatePct, limit) };
    case 'throughput_rps': {
      const uncheckable = throughputUncheckableReason(limit, ceiling);
      if (uncheckable) return { ...base, value: m.peakRps, status: 'NOT CHECKED', note: uncheckable };
      return m.peakRps === undefined
        ? {
            ...base,
            value: undefined,
            status: 'NO DATA',
            note: `no ${FULL_PERIOD}: the load never ran through a whole reporting period`,
          }
        : { ...base, value: m.peakRps, status: compare(spec, m.peakRps, limit) };
    }
  }
}

function endpointLines(targets: TargetsConfig, report: ReportLike): VerdictLine[] {
  const lines: VerdictLine[] = [];
  for (const [endpoint, limits] of Object.entries(targets.endpoints ?? {})) {
    for (const [key, limit] of Object.entries(limits)) {
      if (limit === undefined) continue;
      const aggregation = LATENCY_STATISTIC[key as EndpointTargetKey];
      const value = report.summaries?.[endpointLatencyMetric(endpoint)]?.[aggregation];
      const spec = { direction: 'below', unit: 'ms' } as const;
      lines.push({
        key: `${endpoint} ${key}`,
        label: `${endpoint} ${aggregation}`,
        unit: 'ms',
        value,
        target: targetText(spec, limit),
        severity: 'normal',
        ...(value === undefined
          ? { status: 'NO DATA' as const, note: 'the endpoint was not called' }
          : { status: compare(spec, value, limit) }),
      });
    }
  }
  return lines;
}

function driftLine(drift: DriftAnalysis): VerdictLine {
  const tooShort = drift.first.p95 === null || drift.last.p95 === null;
  return {
    key: 'drift',
    label: 'no drift',
    unit: 'ms',
    value: drift.last.p95 !== null && drift.first.p95 !== null ? drift.last.p95 - drift.first.p95 : undefined,
    target:
      `p95 +${drift.limits.maxP95IncreasePct} %, errors +${drift.limits.maxErrorRateIncreasePts} points, ` +
      `first vs last ${drift.windowSeconds} s`,
    severity: 'normal',
    status: tooShort ? 'NO DATA' : drift.pass ? 'PASS' : 'FAIL',
    ...(drift.reasons.length > 0 ? { note: drift.reasons.join('; ') } : {}),
  };
}

const failing = (line: VerdictLine) => line.status === 'FAIL' || line.status === 'NO DATA';

export function evaluate(input: VerdictInput): Verdict {
  const measured = measure(input.report, input.cacheStatsConfigured);
  if ('fullPeriodPeakRps' in input) measured.peakRps = input.fullPeriodPeakRps;
  const lines: VerdictLine[] = [];
  for (const spec of TARGET_SPECS) {
    const limit = input.targets[spec.key];
    if (limit !== null && limit !== undefined) lines.push(lineFor(spec, limit, measured, input.ceiling));
  }
  lines.push(...endpointLines(input.targets, input.report));
  if (input.drift) lines.push(driftLine(input.drift));
  const failedLines = lines.filter(failing);
  let exitCode: number = EXIT_CODES.pass;
  if (failedLines.some((l) => l.severity === 'critical')) exitCode = EXIT_CODES.criticalTargetFailed;
  else if (failedLines.length > 0) exitCode = EXIT_CODES.targetFailed;
  if (input.interrupted) exitCode = EXIT_CODES.interrupted;
  return {
    lines,
    measured,
    ceiling: input.drawnMixCeiling ?? input.ceiling,
    plannedCeiling: input.ceiling,
    exitCode,
    failed: failedLines.map((l) => l.label),
    interrupted: input.interrupted ?? false,
    outage: input.outage,
    cacheCoverage: input.cacheCoverage,
  };
}
