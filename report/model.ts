/**
 * The report model: everything report.html, the CSV files and the compare
 * command show, computed once from a results JSON (Artillery's format, plus
 * what the crm plugin recorded). Pure.
 */
import { METRICS as CACHE, REPORT_DETAIL_KEY, type PollerSummary } from 'artillery-plugin-cache-stats';
import { analyseDrift, analyseStress, type DriftAnalysis, type StressAnalysis } from './analysis';
import {
  clientCacheByEndpoint,
  endpointTable,
  errorTables,
  latencyHistogram,
  slowestEndpoints,
  userTypeTable,
  usersByType,
  type ClientCacheRow,
  type EndpointRow,
  type ErrorRow,
  type HistogramBucket,
  type UserTypeRow,
} from './breakdown';
import { throughputCeiling } from '../core/capacity';
import { cacheCoverage, findOutage } from './coverage';
import { readRunMeta, type RunMeta } from '../core/run-meta';
import { effectiveTargets } from '../core/targets';
import {
  buildTimeline,
  loadSpan,
  throughputSummary,
  type PeriodLike,
  type ThroughputSummary,
  type TimelinePoint,
} from './timeline';
import { evaluate, type ReportLike, type Verdict } from './verdict';

export interface ResultsFile {
  aggregate: ReportLike & Record<string, unknown>;
  intermediate: PeriodLike[];
}

export interface ReportModel {
  meta: RunMeta & { durationSeconds: number | undefined; generatedAt: number };
  verdict: Verdict;
  timeline: TimelinePoint[];
  throughput: ThroughputSummary;
  histogram: HistogramBucket[];
  /**
   * Responses slower than this are highlighted (endpoint rows, histogram bars): the p95 target, else the guide's 500
   * ms.
   */
  slowMs: number;
  endpoints: EndpointRow[];
  slowest: EndpointRow[];
  errors: { byKind: ErrorRow[]; byEndpoint: ErrorRow[] };
  userTypes: UserTypeRow[];
  cache: { detail: PollerSummary | undefined; clientByEndpoint: ClientCacheRow[] };
  stress: StressAnalysis | undefined;
  drift: DriftAnalysis | undefined;
}

function asResults(value: unknown): ResultsFile {
  const v = value as Partial<ResultsFile> | undefined;
  if (!v || typeof v !== 'object' || typeof v.aggregate !== 'object' || v.aggregate === null) {
    throw new Error(
      'not an Artillery results file: expected {"aggregate": {...}, "intermediate": [...]} (artillery run -o FILE)',
    );
  }
  return { aggregate: v.aggregate, intermediate: Array.isArray(v.intermediate) ? v.intermediate : [] };
}

export function buildReportModel(input: unknown, now = Date.now()): ReportModel {
  const results = asResults(input);
  const { aggregate, intermediate } = results;
  const recorded = readRunMeta(aggregate);
  // An interrupted run's load went on past its last reported period's last event, up to the interrupt.
  const span = loadSpan(aggregate, intermediate, recorded.interrupted ? recorded.endedAt : undefined);
  const timeline = buildTimeline(intermediate, span);
  const counters = aggregate.counters ?? {};
  const first = aggregate.firstMetricAt ?? timeline[0]?.t;
  const last =
    aggregate.lastMetricAt ??
    (timeline.length > 0 ? (timeline[timeline.length - 1] as TimelinePoint).t + 10_000 : undefined);
  const durationSeconds = first !== undefined && last !== undefined ? Math.max(1, (last - first) / 1000) : undefined;
  const meta: ReportModel['meta'] = {
    run: recorded.run ?? 'run',
    target: recorded.target ?? '',
    users: recorded.users ?? (timeline.length > 0 ? Math.max(...timeline.map((p) => p.activeUsers)) : undefined),
    plannedMs: recorded.plannedMs,
    timeScale: recorded.timeScale ?? 1,
    seed: recorded.seed,
    targets: effectiveTargets(recorded.targets),
    ceiling: recorded.ceiling,
    mix: recorded.mix ?? {},
    phases: recorded.phases ?? [],
    startedAt: recorded.startedAt ?? first ?? now,
    endedAt: recorded.endedAt ?? last,
    interrupted: recorded.interrupted ?? false,
    approximate: recorded.approximate ?? false,
    artilleryVersion: recorded.artilleryVersion,
    cacheStatsConfigured: recorded.cacheStatsConfigured ?? counters[CACHE.polls] !== undefined,
    ...(recorded.drift ? { drift: recorded.drift } : {}),
    durationSeconds,
    generatedAt: now,
  };
  const errors = errorTables(aggregate, intermediate);
  const failuresByKind = Object.fromEntries(errors.byKind.map((e) => [e.kind, e.count]));
  const drift = meta.drift ? analyseDrift(timeline, meta.drift) : undefined;
  const drawnMix = Object.fromEntries(usersByType(counters));
  const detail = aggregate[REPORT_DETAIL_KEY] as PollerSummary | undefined;
  const outage = findOutage(intermediate, span);
  const coverage = cacheCoverage(detail, span, intermediate, meta.interrupted);
  const throughput = throughputSummary(timeline, undefined);
  const drawnMixCeiling = meta.users
    ? throughputCeiling(drawnMix, meta.users, meta.ceiling?.peakHoldSeconds)
    : undefined;
  const verdict = evaluate({
    report: aggregate,
    targets: meta.targets,
    ceiling: meta.ceiling,
    ...(drawnMixCeiling ? { drawnMixCeiling } : {}),
    cacheStatsConfigured: meta.cacheStatsConfigured,
    interrupted: meta.interrupted,
    ...(drift ? { drift } : {}),
    ...(outage ? { outage } : {}),
    ...(coverage ? { cacheCoverage: coverage } : {}),
    ...(intermediate.length > 0 ? { fullPeriodPeakRps: throughput.peak } : {}),
  });
  const slowMs = meta.targets.p95_ms ?? 500;
  const endpoints = endpointTable(aggregate, durationSeconds, slowMs);
  const isStress = meta.run === 'stress' || new Set(meta.phases.map((p) => p.maxVusers)).size > 1;
  return {
    meta,
    verdict,
    timeline,
    throughput: { ...throughput, average: verdict.measured.averageRps },
    histogram: latencyHistogram(counters),
    slowMs,
    endpoints,
    slowest: slowestEndpoints(endpoints),
    errors,
    userTypes: userTypeTable(counters, meta.mix),
    cache: { detail, clientByEndpoint: clientCacheByEndpoint(aggregate.summaries ?? {}) },
    stress: isStress
      ? analyseStress(
          timeline,
          { p95Ms: meta.targets.p95_ms, errorRatePct: meta.targets.error_rate_pct },
          failuresByKind,
        )
      : undefined,
    drift,
  };
}
