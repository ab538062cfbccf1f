/**
 * Per-endpoint, per-error, per-user-type and histogram views of a run, from
 * Artillery's aggregate counters and summaries (metrics-by-endpoint's and
 * the pack's own). Pure.
 */
import { ENDPOINT_LATENCY_PREFIX } from 'artillery-plugin-cache-stats';
import { artilleryFailureKind, CRM_METRICS, LATENCY_BUCKETS_MS } from '../core/metric-names';
import { periodStart, type PeriodLike } from './timeline';
import type { ReportLike } from './verdict';

const BY_ENDPOINT = 'plugins.metrics-by-endpoint.';
const ENDPOINT_TIME = `${BY_ENDPOINT}response_time.`;

export interface EndpointRow {
  name: string;
  requests: number;
  failures: number;
  median: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  requestsPerSecond: number | null;
  /** p95 over the slow-request line (the p95 target, 500 ms by default). */
  slow: boolean;
}

function endpointCounters(counters: Record<string, number>) {
  const codes = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const [name, n] of Object.entries(counters)) {
    if (!name.startsWith(BY_ENDPOINT) || name.startsWith(ENDPOINT_TIME)) continue;
    const match = /^plugins\.metrics-by-endpoint\.(.+)\.(codes|errors)\.[^.]+$/.exec(name);
    if (!match) continue;
    const map = match[2] === 'codes' ? codes : errors;
    map.set(match[1] as string, (map.get(match[1] as string) ?? 0) + n);
  }
  return { codes, errors };
}

/** crm.endpoint_failures.<kind>.<endpoint> → endpoint → kind → count. */
export function failuresByEndpoint(counters: Record<string, number>): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const [name, n] of Object.entries(counters)) {
    if (!name.startsWith(CRM_METRICS.failuresByEndpoint)) continue;
    const rest = name.slice(CRM_METRICS.failuresByEndpoint.length);
    const dot = rest.indexOf('.');
    const kind = rest.slice(0, dot);
    const endpoint = rest.slice(dot + 1);
    const kinds = result.get(endpoint) ?? new Map<string, number>();
    kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    result.set(endpoint, kinds);
  }
  return result;
}

export function endpointTable(report: ReportLike, durationSeconds: number | undefined, slowMs: number): EndpointRow[] {
  const counters = report.counters ?? {};
  const { codes, errors } = endpointCounters(counters);
  const failures = failuresByEndpoint(counters);
  const names = new Set([...codes.keys(), ...errors.keys()]);
  for (const key of Object.keys(report.summaries ?? {}))
    if (key.startsWith(ENDPOINT_TIME)) names.add(key.slice(ENDPOINT_TIME.length));
  return [...names].sort().map((name) => {
    const summary = report.summaries?.[`${ENDPOINT_TIME}${name}`];
    const requests = (codes.get(name) ?? 0) + (errors.get(name) ?? 0);
    const failed = failures.has(name)
      ? [...(failures.get(name) as Map<string, number>).values()].reduce((s, n) => s + n, 0)
      : (errors.get(name) ?? 0);
    const p95 = summary?.p95 ?? null;
    return {
      name,
      requests,
      failures: failed,
      median: summary?.median ?? null,
      p95,
      p99: summary?.p99 ?? null,
      max: summary?.max ?? null,
      requestsPerSecond: durationSeconds ? requests / durationSeconds : null,
      slow: p95 !== null && p95 > slowMs,
    };
  });
}

export const slowestEndpoints = (rows: readonly EndpointRow[], n = 10) =>
  [...rows]
    .filter((r) => r.p95 !== null)
    .sort((a, b) => (b.p95 as number) - (a.p95 as number))
    .slice(0, n);

export interface ErrorRow {
  kind: string;
  endpoint?: string;
  count: number;
  /** Start of the first reporting period it was seen in, epoch ms. */
  firstSeen: number | null;
}

/** The failure counters of a run: the pack's, else Artillery's own (errors.*, http.codes.5xx). */
/** Failures by kind, with the counter each came from (for its first-seen period). */
export function failureKinds(counters: Record<string, number>): Map<string, { count: number; counter: string }> {
  const kinds = new Map<string, { count: number; counter: string }>();
  const own = Object.entries(counters).filter(([n]) => n.startsWith(CRM_METRICS.failuresByKind));
  if (own.length > 0) {
    for (const [n, count] of own) kinds.set(n.slice(CRM_METRICS.failuresByKind.length), { count, counter: n });
    return kinds;
  }
  for (const [n, count] of Object.entries(counters)) {
    const kind = artilleryFailureKind(n);
    if (kind !== undefined) kinds.set(kind, { count, counter: n });
  }
  return kinds;
}

/** The start of the first period (sorted by time) in which the counter is above 0. */
function firstSeen(sortedPeriods: readonly PeriodLike[], counterName: string): number | null {
  const hit = sortedPeriods.find((p) => (p.counters?.[counterName] ?? 0) > 0);
  return hit ? periodStart(hit) : null;
}

export function errorTables(
  report: ReportLike,
  periods: readonly PeriodLike[],
): { byKind: ErrorRow[]; byEndpoint: ErrorRow[] } {
  const counters = report.counters ?? {};
  const sorted = [...periods].sort((a, b) => periodStart(a) - periodStart(b));
  const byKind = [...failureKinds(counters)].map(([kind, { count, counter }]) => ({
    kind,
    count,
    firstSeen: firstSeen(sorted, counter),
  }));
  const byEndpoint: ErrorRow[] = [];
  for (const [endpoint, kinds] of failuresByEndpoint(counters)) {
    for (const [kind, count] of kinds) {
      byEndpoint.push({
        kind,
        endpoint,
        count,
        firstSeen: firstSeen(sorted, `${CRM_METRICS.failuresByEndpoint}${kind}.${endpoint}`),
      });
    }
  }
  const byCount = (a: ErrorRow, b: ErrorRow) => b.count - a.count;
  return { byKind: byKind.sort(byCount), byEndpoint: byEndpoint.sort(byCount) };
}

export interface HistogramBucket {
  label: string;
  upperMs: number | null;
  count: number;
}

/** The response-time histogram from the workers' bucket counters (Artillery keeps only percentiles). */
export function latencyHistogram(counters: Record<string, number>): HistogramBucket[] {
  const buckets: HistogramBucket[] = LATENCY_BUCKETS_MS.map((upper, i) => ({
    label: `${i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]}-${upper} ms`,
    upperMs: upper,
    count: counters[`${CRM_METRICS.latencyBucket}le_${upper}ms`] ?? 0,
  }));
  const last = LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
  buckets.push({
    label: `> ${last} ms`,
    upperMs: null,
    count: counters[`${CRM_METRICS.latencyBucket}gt_${last}ms`] ?? 0,
  });
  return buckets;
}

export interface UserTypeRow {
  name: string;
  weight: number | null;
  users: number;
  requests: number;
  shareOfUsersPct: number;
  shareOfRequestsPct: number;
}

const USERS_BY_TYPE = 'vusers.created_by_name.';

/** Users Artillery created, by user type (scenario name). */
export function usersByType(counters: Record<string, number>): Map<string, number> {
  const users = new Map<string, number>();
  for (const [n, c] of Object.entries(counters))
    if (n.startsWith(USERS_BY_TYPE)) users.set(n.slice(USERS_BY_TYPE.length), c);
  return users;
}

export function userTypeTable(counters: Record<string, number>, mix: Record<string, number>): UserTypeRow[] {
  const users = usersByType(counters);
  const totalUsers = [...users.values()].reduce((s, n) => s + n, 0);
  const requestsOf = (name: string) => counters[`${CRM_METRICS.requestsByUserType}${name}`] ?? 0;
  const totalRequests = [...users.keys()].reduce((s, n) => s + requestsOf(n), 0);
  return [...users].map(([name, count]) => ({
    name,
    weight: mix[name] ?? null,
    users: count,
    requests: requestsOf(name),
    shareOfUsersPct: totalUsers > 0 ? (100 * count) / totalUsers : 0,
    shareOfRequestsPct: totalRequests > 0 ? (100 * requestsOf(name)) / totalRequests : 0,
  }));
}

/** Count, median and p95 of a response-time summary (null where it has none). */
export interface LatencyFigures {
  count: number;
  median: number | null;
  p95: number | null;
}

export const latencyFigures = (s: Record<string, number> | undefined): LatencyFigures => ({
  count: s?.count ?? 0,
  median: s?.median ?? null,
  p95: s?.p95 ?? null,
});

/** Failed requests of an endpoint in percent of its requests; null without requests. */
export const endpointErrorRatePct = (e: { requests: number; failures: number }): number | null =>
  e.requests > 0 ? (100 * e.failures) / e.requests : null;

export interface ClientCacheRow {
  endpoint: string;
  hit: LatencyFigures;
  miss: LatencyFigures;
}

export function clientCacheByEndpoint(summaries: Record<string, Record<string, number>>): ClientCacheRow[] {
  const endpoints = new Set<string>();
  for (const key of Object.keys(summaries)) {
    for (const prefix of Object.values(ENDPOINT_LATENCY_PREFIX))
      if (key.startsWith(prefix)) endpoints.add(key.slice(prefix.length));
  }
  return [...endpoints].sort().map((endpoint) => ({
    endpoint,
    hit: latencyFigures(summaries[`${ENDPOINT_LATENCY_PREFIX.hit}${endpoint}`]),
    miss: latencyFigures(summaries[`${ENDPOINT_LATENCY_PREFIX.miss}${endpoint}`]),
  }));
}
