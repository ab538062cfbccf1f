/**
 * The answers the stress and sustained runs exist for. Pure functions of
 * the time series.
 *
 * Stress: the breaking point is the first period whose p95 is over its
 * target or whose error rate is over its target, with the users active then;
 * the failure mode says how it broke. Sustained: drift compares the first
 * and last windows and fits a line through p95 and error rate over time.
 */
import type { DriftLimits } from '../core/run-meta';
import type { TimelinePoint } from './timeline';

export interface BreakingPoint {
  t: number;
  activeUsers: number;
  reason: string;
  p95: number | null;
  errorRatePct: number | null;
}

export interface StressAnalysis {
  breakingPoint: BreakingPoint | null;
  /** Most users active in any period. */
  maxUsers: number;
  failureMode: string;
  /** p95 and error rate against active users, one point per period. */
  curve: Array<{ activeUsers: number; p95: number | null; errorRatePct: number | null }>;
  summary: string;
}

export function failureModeOf(failuresByKind: Record<string, number>, latencyBroke: boolean): string {
  const total = Object.values(failuresByKind).reduce((s, n) => s + n, 0);
  if (total === 0) return latencyBroke ? 'latency climbs (no errors)' : 'none observed';
  const share = (test: (kind: string) => boolean) =>
    Object.entries(failuresByKind)
      .filter(([k]) => test(k))
      .reduce((s, [, n]) => s + n, 0) / total;
  const modes: Array<[string, number]> = [
    ['timeouts', share((k) => /TIMEDOUT|TimeoutError|ESOCKETTIMEDOUT/i.test(k))],
    ['refused or reset connections', share((k) => /ECONNREFUSED|ECONNRESET|EPIPE/i.test(k))],
    ['server errors (5xx)', share((k) => /^http_5\d\d$/.test(k))],
    ['client errors (4xx) and failed expectations', share((k) => /^http_4\d\d$|^expectation$/.test(k))],
  ];
  const [mode] = modes.sort((a, b) => b[1] - a[1])[0] as [string, number];
  return latencyBroke ? `latency climbs, then ${mode}` : mode;
}

export function analyseStress(
  timeline: readonly TimelinePoint[],
  limits: { p95Ms: number | null | undefined; errorRatePct: number | null | undefined },
  failuresByKind: Record<string, number>,
): StressAnalysis {
  let breakingPoint: BreakingPoint | null = null;
  for (const p of timeline) {
    const slow = limits.p95Ms != null && p.p95 !== null && p.p95 >= limits.p95Ms;
    const failing = limits.errorRatePct != null && p.errorRatePct !== null && p.errorRatePct >= limits.errorRatePct;
    if (slow || failing) {
      const reasons = [
        slow ? `p95 ${p.p95} ms ≥ ${limits.p95Ms} ms` : '',
        failing ? `error rate ${p.errorRatePct?.toFixed(2)} % ≥ ${limits.errorRatePct} %` : '',
      ];
      breakingPoint = {
        t: p.t,
        activeUsers: p.activeUsers,
        reason: reasons.filter(Boolean).join(' and '),
        p95: p.p95,
        errorRatePct: p.errorRatePct,
      };
      break;
    }
  }
  const maxUsers = timeline.reduce((m, p) => Math.max(m, p.activeUsers), 0);
  const latencyBroke = breakingPoint !== null && breakingPoint.reason.startsWith('p95');
  const failureMode = breakingPoint ? failureModeOf(failuresByKind, latencyBroke) : 'none observed';
  return {
    breakingPoint,
    maxUsers,
    failureMode,
    curve: timeline.map((p) => ({ activeUsers: p.activeUsers, p95: p.p95, errorRatePct: p.errorRatePct })),
    summary: breakingPoint
      ? `Breaks at about ${breakingPoint.activeUsers} active users (${breakingPoint.reason}); ` +
        `failure mode: ${failureMode}.`
      : `No breaking point up to ${maxUsers} users.`,
  };
}

export interface WindowFigures {
  p95: number | null;
  errorRatePct: number | null;
}

export interface DriftAnalysis {
  windowSeconds: number;
  /** The periods compared: those starting in [from, to) (epoch ms), ramp-up and wind-down left out. */
  firstWindow: { from: number; to: number };
  lastWindow: { from: number; to: number };
  first: WindowFigures;
  last: WindowFigures;
  /** Least-squares slope of period p95 over time, ms per minute. */
  p95SlopeMsPerMinute: number | null;
  errorRateSlopePtsPerMinute: number | null;
  pass: boolean;
  reasons: string[];
  limits: DriftLimits;
}

export function slopePerMinute(points: ReadonlyArray<{ t: number; v: number | null }>): number | null {
  const xs = points.filter((p): p is { t: number; v: number } => p.v !== null);
  if (xs.length < 3) return null;
  const n = xs.length;
  const mx = xs.reduce((s, p) => s + p.t, 0) / n;
  const my = xs.reduce((s, p) => s + p.v, 0) / n;
  const sxx = xs.reduce((s, p) => s + (p.t - mx) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = xs.reduce((s, p) => s + (p.t - mx) * (p.v - my), 0);
  return (sxy / sxx) * 60_000;
}

/** Request-weighted p95 proxy and error rate of a window of periods. */
function windowFigures(points: readonly TimelinePoint[]): WindowFigures {
  const withLatency = points.filter((p) => p.p95 !== null && p.requests > 0);
  const requests = points.reduce((s, p) => s + p.requests, 0);
  const failures = points.reduce((s, p) => s + p.failures, 0);
  const weighted = withLatency.reduce((s, p) => s + (p.p95 as number) * p.requests, 0);
  const weight = withLatency.reduce((s, p) => s + p.requests, 0);
  return {
    p95: weight > 0 ? weighted / weight : null,
    errorRatePct: requests > 0 ? (100 * failures) / requests : null,
  };
}

/**
 * First vs last window (5 minutes, or a third of a shorter run), ramp-up
 * and wind-down periods left out (the first and last periods).
 */
export function analyseDrift(timeline: readonly TimelinePoint[], limits: DriftLimits): DriftAnalysis {
  const steady = timeline.length > 4 ? timeline.slice(1, -1) : [...timeline];
  const span =
    steady.length > 0 ? (steady[steady.length - 1] as TimelinePoint).t - (steady[0] as TimelinePoint).t + 10_000 : 0;
  const windowMs = Math.min(5 * 60_000, Math.max(10_000, Math.floor(span / 3 / 10_000) * 10_000));
  const start = steady[0]?.t ?? 0;
  const end = start + span;
  const firstWindow = { from: start, to: start + windowMs };
  const lastWindow = { from: end - windowMs, to: end };
  const first = windowFigures(steady.filter((p) => p.t < firstWindow.to));
  const last = windowFigures(steady.filter((p) => p.t >= lastWindow.from));
  const reasons: string[] = [];
  if (first.p95 !== null && last.p95 !== null) {
    const increase = last.p95 - first.p95;
    if (increase > limits.minP95IncreaseMs && increase > (first.p95 * limits.maxP95IncreasePct) / 100) {
      reasons.push(
        `p95 rose from ${first.p95.toFixed(0)} to ${last.p95.toFixed(0)} ms (limit +${limits.maxP95IncreasePct} %)`,
      );
    }
  }
  if (
    first.errorRatePct !== null &&
    last.errorRatePct !== null &&
    last.errorRatePct - first.errorRatePct > limits.maxErrorRateIncreasePts
  ) {
    reasons.push(
      `error rate rose from ${first.errorRatePct.toFixed(2)} to ${last.errorRatePct.toFixed(2)} % ` +
        `(limit +${limits.maxErrorRateIncreasePts} points)`,
    );
  }
  if (first.p95 === null || last.p95 === null) reasons.push('too few periods to compare a first and a last window');
  return {
    windowSeconds: windowMs / 1000,
    firstWindow,
    lastWindow,
    first,
    last,
    p95SlopeMsPerMinute: slopePerMinute(steady.map((p) => ({ t: p.t, v: p.p95 }))),
    errorRateSlopePtsPerMinute: slopePerMinute(steady.map((p) => ({ t: p.t, v: p.errorRatePct }))),
    pass: reasons.length === 0,
    reasons,
    limits,
  };
}
