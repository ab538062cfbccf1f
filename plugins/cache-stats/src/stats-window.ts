/**
 * The test window's cache figures from cumulative counters: a snapshot just
 * before the first virtual user, one per poll, one at the end. The window's
 * hit rate is Δhits / (Δhits + Δmisses), never the lifetime totals.
 *
 * A counter that goes down means the cache restarted (Redis restart,
 * backend redeploy) and began again from zero: the interval's increase is
 * then the new value itself, as Prometheus' increase() counts it, and the
 * window adds up the segments before and after the restart.
 */
import type { CacheCounters } from './parse-stats';

export interface Snapshot extends CacheCounters {
  /** Epoch ms when the answer arrived. */
  at: number;
}

export interface Interval {
  from: number;
  to: number;
  hits: number;
  misses: number;
  /** Hit rate in this interval, or null when it saw no lookups. */
  hitRate: number | null;
  /** True when the counters went down in this interval (cache restart). */
  reset: boolean;
}

export interface WindowTotals {
  hits: number;
  misses: number;
  /** Δhits / (Δhits + Δmisses), or null without two snapshots or without lookups. */
  hitRate: number | null;
  snapshots: number;
  resets: number;
  intervals: Interval[];
}

export const rate = (hits: number, misses: number): number | null =>
  hits + misses > 0 ? hits / (hits + misses) : null;

/**
 * The hit rate in percent, for anyone who holds counts that may be absent
 * (no data) or zero (no lookups): undefined then, never 0 % or NaN. The one
 * formula the verdict, the report's periods and the ledger comparison use.
 */
export function hitRatePct(hits: number | null | undefined, misses: number | null | undefined): number | undefined {
  if (hits === null || hits === undefined || misses === null || misses === undefined) return undefined;
  const fraction = rate(hits, misses);
  return fraction === null ? undefined : fraction * 100;
}

/** The increase from one snapshot to the next, counting a drop as a restart from zero. */
export function intervalBetween(previous: Snapshot, current: Snapshot): Interval {
  const reset = current.hits < previous.hits || current.misses < previous.misses;
  const hits = reset ? current.hits : current.hits - previous.hits;
  const misses = reset ? current.misses : current.misses - previous.misses;
  return { from: previous.at, to: current.at, hits, misses, hitRate: rate(hits, misses), reset };
}

export function windowTotals(snapshots: readonly Snapshot[]): WindowTotals {
  const ordered = [...snapshots].sort((a, b) => a.at - b.at);
  const intervals = ordered.slice(1).map((current, i) => intervalBetween(ordered[i] as Snapshot, current));
  const hits = intervals.reduce((sum, i) => sum + i.hits, 0);
  const misses = intervals.reduce((sum, i) => sum + i.misses, 0);
  return {
    hits,
    misses,
    hitRate: intervals.length === 0 ? null : rate(hits, misses),
    snapshots: ordered.length,
    resets: intervals.filter((i) => i.reset).length,
    intervals,
  };
}

/** The part of the window's increase that ended inside [from, to): per reporting period. */
export function increaseEndingIn(intervals: readonly Interval[], from: number, to: number): CacheCounters {
  const inside = intervals.filter((i) => i.to >= from && i.to < to);
  return { hits: inside.reduce((s, i) => s + i.hits, 0), misses: inside.reduce((s, i) => s + i.misses, 0) };
}

/**
 * The snapshots of a window closed early (Ctrl-C) at `until`: those taken
 * at or before it, allowing `lateByMs` for a reading taken at that moment
 * whose answer arrived a little later.
 */
export function snapshotsUpTo(snapshots: readonly Snapshot[], until: number, lateByMs: number): Snapshot[] {
  return snapshots.filter((s) => s.at <= until + lateByMs);
}

/**
 * When the next poll is due: the next multiple of the interval since the
 * epoch, strictly after `afterMs`. Artillery's reporting periods are 10-s
 * windows aligned the same way, so an interval that divides 10 s puts a
 * reading on every period boundary.
 */
export function nextPollAt(afterMs: number, intervalMs: number): number {
  return (Math.floor(afterMs / intervalMs) + 1) * intervalMs;
}
