/**
 * Which part of the run a figure covers. A backend that dies mid-run leaves
 * periods with attempts but no responses: the verdict says when it stopped
 * answering and what share of the run that was. The cache counters' window
 * can end before the run (the stats endpoint failing at the end, Ctrl-C):
 * the cache figures say which part they cover. Pure.
 */
import type { PollerSummary } from 'artillery-plugin-cache-stats';
import { failureKinds } from './breakdown';
import { failedRequests } from '../core/metric-names';
import { clock, PERIOD_MS, periodStart, type LoadSpan, type PeriodLike } from './timeline';

export interface Outage {
  /**
   * Epoch ms of the last response (the end of the last answered period when unknown); the load's start when none
   * came.
   */
  stoppedAt: number;
  /** Since the load's start, ms. */
  atMs: number;
  runMs: number;
  /** Share of the run without any response, percent. */
  silentPct: number;
  /** Failed requests in the periods without responses, by kind (most first). */
  failures: number;
  kinds: Array<{ kind: string; count: number }>;
  /** The sentence the terminal and the report print. */
  text: string;
}

const responsesOf = (p: PeriodLike) => p.counters?.['http.responses'] ?? 0;
const attemptsOf = (p: PeriodLike) => (p.counters?.['http.requests'] ?? 0) + failedRequests(p.counters ?? {});

/**
 * The last response of a period: its last latency sample when that lies inside it (Artillery records no other
 * histogram on a failed request).
 */
function lastResponseAt(p: PeriodLike, span: LoadSpan): number {
  const start = periodStart(p);
  const end = Math.min(start + PERIOD_MS, span.to);
  const sample = p.lastHistogramAt;
  return typeof sample === 'number' && sample >= start && sample <= end ? sample : end;
}

const isNetworkError = (kind: string) => /^E[A-Z_]+$/.test(kind);

/** Periods after the last one with a response, with requests or errors in them: the target stopped answering. */
export function findOutage(periods: readonly PeriodLike[], span: LoadSpan | undefined): Outage | undefined {
  if (!span) return undefined;
  const sorted = [...periods].sort((a, b) => periodStart(a) - periodStart(b));
  const lastAnswered = sorted.reduce((last, p, i) => (responsesOf(p) > 0 ? i : last), -1);
  const silent = sorted.slice(lastAnswered + 1);
  if (!silent.some((p) => attemptsOf(p) > 0)) return undefined;
  const answered = sorted[lastAnswered];
  const stoppedAt = answered ? lastResponseAt(answered, span) : span.from;
  const runMs = Math.max(1, span.to - span.from);
  const atMs = Math.max(0, stoppedAt - span.from);
  const silentPct = (100 * (runMs - atMs)) / runMs;
  const byKind = new Map<string, number>();
  for (const p of silent)
    for (const [kind, { count }] of failureKinds(p.counters ?? {})) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
  const kinds = [...byKind]
    .map(([kind, count]) => ({ kind, count }))
    .filter((k) => k.count > 0)
    .sort((a, b) => b.count - a.count);
  const failures = silent.reduce((sum, p) => sum + failedRequests(p.counters ?? {}), 0);
  const what = kinds.length > 0 && kinds.every((k) => isNetworkError(k.kind)) ? 'connection errors' : 'failed requests';
  const list =
    kinds.length === 1
      ? (kinds[0] as { kind: string }).kind
      : kinds.map((k) => `${k.count.toLocaleString('en-US')} ${k.kind}`).join(', ');
  const errors = failures > 0 ? ` (${failures.toLocaleString('en-US')} ${what}${list ? `: ${list}` : ''})` : '';
  const text = answered
    ? `The target stopped answering at ${clock(atMs)} of ${clock(runMs)}: ` +
      `no response for the last ${Math.round(silentPct)} % of the run${errors}`
    : `The target never answered during the load (${clock(runMs)})${errors}`;
  return { stoppedAt, atMs, runMs, silentPct, failures, kinds, text };
}

export interface CacheCoverage {
  /** The counters' window against the request figures' window, ms since the load's start. */
  fromMs: number;
  toMs: number;
  runMs: number;
  /** Share of the request figures' window the counters cover, percent. */
  pct: number;
  /** True when the window covers the whole run (within READING_SLACK_MS at either end). */
  full: boolean;
  /**
   * "server counters over the test window" (after Ctrl-C: "over the same 0:20 as the request figures"), or "server
   * counters 0:00–0:12 of 0:30, 40 % of the run".
   */
  text: string;
}

/** A first reading taken just after the first request, or a last one just before the end, still covers the run. */
const READING_SLACK_MS = 1000;

/**
 * The part of the request figures' window (the load's span, cut at the end
 * of the last reported period: what a Ctrl-C report covers) that the cache
 * counters' window covers; undefined when the summary has no window.
 */
export function cacheCoverage(
  detail: PollerSummary | undefined,
  span: LoadSpan | undefined,
  periods: readonly PeriodLike[],
  interrupted = false,
): CacheCoverage | undefined {
  const start = detail?.windowStart;
  const end = detail?.windowEnd;
  if (!span || typeof start !== 'number' || typeof end !== 'number' || end <= start) return undefined;
  const lastPeriodEnd = periods.length > 0 ? Math.max(...periods.map((p) => periodStart(p) + PERIOD_MS)) : span.to;
  const to = Math.min(span.to, lastPeriodEnd);
  const runMs = Math.max(1, to - span.from);
  const fromMs = Math.min(runMs, Math.max(0, start - span.from));
  const toMs = Math.min(runMs, Math.max(0, end - span.from));
  const pct = (100 * Math.max(0, toMs - fromMs)) / runMs;
  const full = start <= span.from + READING_SLACK_MS && end >= to - READING_SLACK_MS;
  // After Ctrl-C the request figures stop at the last reported period, and the window was cut there too.
  const text = full
    ? interrupted
      ? `server counters over the same ${clock(runMs)} as the request figures`
      : 'server counters over the test window'
    : `server counters ${clock(fromMs)}–${clock(toMs)} of ${clock(runMs)}, ${Math.round(pct)} % of the run`;
  return { fromMs, toMs, runMs, pct, full, text };
}
