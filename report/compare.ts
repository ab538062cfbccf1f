/**
 * Old run vs new run: per metric and per endpoint, the change and whether it
 * is a regression beyond the tolerance. `npm run compare` exits non-zero on
 * a regression, so CI can gate on "no worse than last release". Pure.
 *
 * Default tolerance (README, "Comparing runs"): latency may grow 10 % and
 * at least 5 ms before it counts (a 2 → 3 ms change is noise, not +50 %);
 * error rate may rise 0.5 points; cache hit rate may drop 2 points;
 * throughput may drop 10 %.
 */
import { endpointErrorRatePct, type EndpointRow } from './breakdown';
import type { ReportModel } from './model';

export interface Tolerance {
  latencyPct: number;
  latencyMinMs: number;
  errorRatePts: number;
  cacheHitRatePts: number;
  throughputPct: number;
}

export const DEFAULT_TOLERANCE: Tolerance = {
  latencyPct: 10,
  latencyMinMs: 5,
  errorRatePts: 0.5,
  cacheHitRatePts: 2,
  throughputPct: 10,
};

type Rule = 'latency' | 'errorRate' | 'cacheHitRate' | 'throughput' | 'info';

export interface ComparisonRow {
  scope: 'run' | 'endpoint';
  /** "run" metrics: the metric; endpoint rows: the endpoint name. */
  name: string;
  metric: string;
  unit: string;
  old: number | null;
  new: number | null;
  change: number | null;
  changePct: number | null;
  regression: boolean;
  note?: string;
}

export interface Comparison {
  oldLabel: string;
  newLabel: string;
  tolerance: Tolerance;
  rows: ComparisonRow[];
  regressions: ComparisonRow[];
}

function isRegression(rule: Rule, old: number, now: number, t: Tolerance): boolean {
  switch (rule) {
    case 'latency':
      return now > old * (1 + t.latencyPct / 100) && now - old > t.latencyMinMs;
    case 'errorRate':
      return now - old > t.errorRatePts;
    case 'cacheHitRate':
      return old - now > t.cacheHitRatePts;
    case 'throughput':
      return now < old * (1 - t.throughputPct / 100);
    case 'info':
      return false;
  }
}

function row(
  scope: ComparisonRow['scope'],
  name: string,
  metric: string,
  unit: string,
  rule: Rule,
  old: number | null | undefined,
  now: number | null | undefined,
  t: Tolerance,
): ComparisonRow {
  const o = old ?? null;
  const n = now ?? null;
  const both = o !== null && n !== null;
  return {
    scope,
    name,
    metric,
    unit,
    old: o,
    new: n,
    change: both ? n - o : null,
    changePct: both && o !== 0 ? (100 * (n - o)) / o : null,
    regression: both ? isRegression(rule, o, n, t) : false,
    ...(both ? {} : { note: o === null ? 'only in the new run' : 'only in the old run' }),
  };
}

export function compareModels(
  oldModel: ReportModel,
  newModel: ReportModel,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): Comparison {
  const o = oldModel.verdict.measured;
  const n = newModel.verdict.measured;
  const rows: ComparisonRow[] = [
    row('run', 'requests', 'requests', '', 'info', o.requests, n.requests, tolerance),
    row('run', 'median', 'median', 'ms', 'latency', o.latency.median, n.latency.median, tolerance),
    row('run', 'average', 'mean', 'ms', 'latency', o.latency.mean, n.latency.mean, tolerance),
    row('run', '95th percentile', 'p95', 'ms', 'latency', o.latency.p95, n.latency.p95, tolerance),
    row('run', '99th percentile', 'p99', 'ms', 'latency', o.latency.p99, n.latency.p99, tolerance),
    row('run', 'error rate', 'error_rate', '%', 'errorRate', o.errorRatePct, n.errorRatePct, tolerance),
    row(
      'run',
      'cache hit rate',
      'cache_hit_rate',
      '%',
      'cacheHitRate',
      o.cache.hitRatePct,
      n.cache.hitRatePct,
      tolerance,
    ),
    row('run', 'throughput (average)', 'throughput', 'req/s', 'throughput', o.averageRps, n.averageRps, tolerance),
  ];
  const oldEndpoints = new Map(oldModel.endpoints.map((e) => [e.name, e]));
  const newEndpoints = new Map(newModel.endpoints.map((e) => [e.name, e]));
  const errorRate = (e: EndpointRow | undefined) => (e ? endpointErrorRatePct(e) : null);
  for (const name of [...new Set([...oldEndpoints.keys(), ...newEndpoints.keys()])].sort()) {
    const a = oldEndpoints.get(name);
    const b = newEndpoints.get(name);
    rows.push(row('endpoint', name, 'p95', 'ms', 'latency', a?.p95, b?.p95, tolerance));
    rows.push(row('endpoint', name, 'median', 'ms', 'latency', a?.median, b?.median, tolerance));
    rows.push(row('endpoint', name, 'error rate', '%', 'errorRate', errorRate(a), errorRate(b), tolerance));
  }
  const label = (m: ReportModel) =>
    `${m.meta.run} ${new Date(m.meta.startedAt).toISOString().replace('T', ' ').slice(0, 19)}`;
  return {
    oldLabel: label(oldModel),
    newLabel: label(newModel),
    tolerance,
    rows,
    regressions: rows.filter((r) => r.regression),
  };
}

/** Reads tolerance overrides such as "latencyPct=15,errorRatePts=1". */
export function parseTolerance(spec: string | undefined): Tolerance {
  const tolerance = { ...DEFAULT_TOLERANCE };
  if (!spec) return tolerance;
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, raw] = part.split('=');
    if (!key || !(key in tolerance))
      throw new Error(`unknown tolerance "${key}" (known: ${Object.keys(DEFAULT_TOLERANCE).join(', ')})`);
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`tolerance ${key} must be a number >= 0 (got "${raw}")`);
    tolerance[key as keyof Tolerance] = value;
  }
  return tolerance;
}
