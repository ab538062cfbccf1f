/**
 * Main-process side: reads the counters before the first virtual user, on
 * the wall-clock grid of the interval, and at the end; turns the snapshots
 * into the window's figures; writes them into Artillery's report. A failing
 * read never stops the load test: each distinct problem is printed once,
 * then counted.
 */
import type { ArtilleryReport } from './artillery';
import type { CacheStatsOptions } from './config';
import { METRICS, REPORT_DETAIL_KEY } from './metrics';
import type { Reading } from './stats-source';
import {
  increaseEndingIn,
  intervalBetween,
  nextPollAt,
  snapshotsUpTo,
  windowTotals,
  type Snapshot,
  type WindowTotals,
} from './stats-window';

export interface PollerSummary extends Omit<WindowTotals, 'hits' | 'misses'> {
  /** Window increase of the hit counter; null when there is no window figure (noDataReason says why). */
  hits: number | null;
  misses: number | null;
  source: string;
  pollerId: string;
  /** Where the last good reading found the counters, e.g. `data.cache.hits / data.cache.misses`. */
  countersPath: string | undefined;
  /** Epoch ms of the first and last snapshot the window uses; undefined without snapshots. */
  windowStart: number | undefined;
  windowEnd: number | undefined;
  /** Successful reads of the counters. */
  polls: number;
  pollErrors: number;
  /** Reads still in flight when the window closed: sent (the backend counts them), their answer unused. */
  pollsAbandoned: number;
  /** Why there is no window figure, when there is none. */
  noDataReason: string | undefined;
  onNoData: CacheStatsOptions['onNoData'];
  warnings: string[];
}

/** What the poller reads from: StatsSource, or a fake in tests. */
export interface CounterSource {
  readonly description: string;
  readonly pollerId: string;
  readAsync(): Promise<Reading>;
  readSync(): Reading;
}

/**
 * How late a reading taken at a period boundary may arrive and still count
 * as taken at the boundary: the timer fires a few ms late and the answer
 * takes its round trip. 1 s is far above both on a working network, and
 * far below the 10-s period, so no reading is given to the wrong period.
 */
export const BOUNDARY_SLACK_MS = 1000;

/**
 * The counters a summary adds to a report (what ensure checks). Without a window figure, no hits or misses: absent,
 * not 0.
 */
export function summaryCounters(summary: PollerSummary): Record<string, number> {
  const noData = summary.noDataReason !== undefined;
  const counters: Record<string, number> = {
    [METRICS.polls]: summary.polls,
    [METRICS.pollErrors]: summary.pollErrors,
    [METRICS.pollsAbandoned]: summary.pollsAbandoned,
    [METRICS.resets]: summary.resets,
    [METRICS.noDataWaived]: noData && summary.onNoData === 'warn' ? 1 : 0,
  };
  if (!noData && summary.hits !== null && summary.misses !== null) {
    counters[METRICS.hits] = summary.hits;
    counters[METRICS.misses] = summary.misses;
  }
  return counters;
}

/** Puts a summary into a report: the counters ensure checks, and the detail the report reads. */
export function writeSummary(report: ArtilleryReport, summary: PollerSummary): void {
  report.counters = report.counters ?? {};
  Object.assign(report.counters, summaryCounters(summary));
  report[REPORT_DETAIL_KEY] = summary;
}

/** Artillery's reporting period (10 s); each period's report is keyed by its start (epoch ms). */
const PERIOD_MS = 10_000;

export class CachePoller {
  private readonly snapshots: Snapshot[] = [];
  private readonly periods: ArtilleryReport[] = [];
  private readonly warnedReasons = new Set<string>();
  private readonly warnings: string[] = [];
  private pollErrors = 0;
  /** Distinct reasons reads failed, the first three: why there is no window figure. */
  private readonly failureReasons = new Set<string>();
  private pollsAbandoned = 0;
  private countersPath: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The grid time the last timer was set for, so a timer firing a hair early cannot poll twice. */
  private plannedAt = 0;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private finished = false;
  private summaryCache: PollerSummary | undefined;

  constructor(
    private readonly source: CounterSource,
    private readonly options: CacheStatsOptions,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The snapshot just before load, then polls on the interval's wall-clock grid. */
  start(): void {
    this.accept(this.source.readSync());
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = this.now();
    this.plannedAt = nextPollAt(Math.max(now, this.plannedAt), this.options.intervalSeconds * 1000);
    // A chain of timeouts, not setInterval: each poll lands on the grid however late the last one fired.
    this.timer = setTimeout(() => {
      this.scheduleNext();
      void this.pollOnce();
    }, this.plannedAt - now);
    this.timer.unref();
  }

  async pollOnce(): Promise<void> {
    if (this.inFlight || this.finished) return; // a slow endpoint: never more than one read at a time
    const read = (async () => {
      try {
        const reading = await this.source.readAsync();
        if (!this.finished) this.accept(reading);
      } finally {
        this.inFlight = undefined;
      }
    })();
    this.inFlight = read;
    await read;
  }

  /** Resolves when no read is in flight (a read has its own timeout, so this ends). */
  async settle(): Promise<void> {
    await this.inFlight;
  }

  /**
   * A reporting period, as Artillery hands it to the plugins: its cache
   * figures so far go into it now, so every reporter listening after this
   * plugin (publish-metrics, Artillery Cloud, the crm plugin's progress line)
   * has them live; the period is kept, and at the end its figures are written
   * again from the final window (a reading that arrived after the period was
   * handed out counts then), or taken out when the window has no figure.
   */
  rememberPeriod(periodReport: ArtilleryReport): void {
    this.periods.push(periodReport);
    if (this.snapshots.length < 2) return; // no increase measured yet: nothing rather than a false 0
    writePeriodIncrease(periodReport, windowTotals(this.snapshots).intervals);
  }

  /**
   * The last snapshot, synchronously, then the window's figures into the
   * final report. A read still in flight is abandoned, and counted: the
   * backend has it, so the count of reads must include it.
   */
  finish(report: ArtilleryReport | undefined): void {
    if (!this.finished) {
      this.stopPolling();
      this.finished = true;
      if (this.inFlight) this.pollsAbandoned++;
      this.accept(this.source.readSync());
    }
    const summary = this.summary();
    this.writePeriods(summary); // Ctrl-C too: the live figures of the last periods may lack a late reading
    if (report) writeSummary(report, summary);
  }

  /** Ctrl-C (async is allowed there): no new polls, the read in flight is awaited and used, then the final one. */
  async close(): Promise<void> {
    this.stopPolling();
    await this.settle();
    this.finish(undefined);
  }

  private stopPolling(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * The window's figures. With `until` (epoch ms), the window closed early
   * at the last snapshot taken by then (BOUNDARY_SLACK_MS allowed): on
   * Ctrl-C, the end of the last completed reporting period, so requests and
   * cache figures cover the same time.
   */
  summary(cut: { until?: number | undefined } = {}): PollerSummary {
    if (cut.until === undefined && this.summaryCache && this.finished) return this.summaryCache;
    const used = cut.until === undefined ? this.snapshots : snapshotsUpTo(this.snapshots, cut.until, BOUNDARY_SLACK_MS);
    const totals = windowTotals(used);
    let noDataReason: string | undefined;
    if (used.length < 2) {
      const upTo = cut.until === undefined ? '' : ` up to ${new Date(cut.until).toISOString()}`;
      noDataReason =
        this.failureReasons.size > 0
          ? `fewer than two readings of the counters${upTo} (${[...this.failureReasons].join('; ')})`
          : `fewer than two readings of the counters${upTo}`;
    } else if (totals.hitRate === null) {
      noDataReason = 'the counters did not move: no cache lookups during the test';
    }
    const summary: PollerSummary = {
      ...totals,
      hits: noDataReason === undefined ? totals.hits : null,
      misses: noDataReason === undefined ? totals.misses : null,
      hitRate: noDataReason === undefined ? totals.hitRate : null,
      source: this.source.description,
      pollerId: this.source.pollerId,
      countersPath: this.countersPath,
      windowStart: used.length === 0 ? undefined : Math.min(...used.map((s) => s.at)),
      windowEnd: used.length === 0 ? undefined : Math.max(...used.map((s) => s.at)),
      polls: this.snapshots.length,
      pollErrors: this.pollErrors,
      pollsAbandoned: this.pollsAbandoned,
      noDataReason,
      onNoData: this.options.onNoData,
      warnings: [...this.warnings],
    };
    if (this.finished && cut.until === undefined) this.summaryCache = summary;
    return summary;
  }

  private accept(reading: Reading): void {
    if (reading.ok) {
      const previous = this.snapshots[this.snapshots.length - 1];
      const snapshot = { ...reading.counters, at: reading.at };
      this.snapshots.push(snapshot);
      this.countersPath = reading.countersPath;
      if (previous && intervalBetween(previous, snapshot).reset) {
        this.warnOnce(
          'counters-went-down',
          'cache-stats: the cache counters went down ' +
            `(hits ${previous.hits} → ${snapshot.hits}, misses ${previous.misses} → ${snapshot.misses}): ` +
            'the cache restarted; the window adds up the counts before and after the restart',
        );
      }
      return;
    }
    this.pollErrors++;
    // The reasons alone (the warnings add the URL and what happens next): the NO DATA line quotes them.
    if (this.failureReasons.size < 3) this.failureReasons.add(reading.reason);
    this.warnOnce(
      reading.reason,
      `cache-stats: ${this.source.description} failed: ${reading.reason}${/[.?!]$/.test(reading.reason) ? '' : '.'} ` +
        'The load test goes on; further failures of this kind are counted, not printed.',
    );
  }

  private warnOnce(key: string, message: string): void {
    if (this.warnedReasons.has(key)) return;
    this.warnedReasons.add(key);
    this.warnings.push(message.replace(/^cache-stats: /, ''));
    this.warn(message);
  }

  private writePeriods(summary: PollerSummary): void {
    for (const period of this.periods) {
      if (summary.noDataReason === undefined) writePeriodIncrease(period, summary.intervals);
      else if (period.counters) {
        // no figure: the periods get none either (not even the live ones), rather than a false 0
        delete period.counters[METRICS.hits];
        delete period.counters[METRICS.misses];
      }
    }
  }
}

/**
 * A reporting period's share of the window: the increase of the polls that
 * ended in it. A reading at the period's end boundary arrives a little after
 * it, so the period [start, end) takes the readings that arrived in
 * [start, end) + slack.
 */
function writePeriodIncrease(period: ArtilleryReport, intervals: WindowTotals['intervals']): void {
  const start = Number(period.period);
  if (!Number.isFinite(start)) return;
  const increase = increaseEndingIn(intervals, start + BOUNDARY_SLACK_MS, start + PERIOD_MS + BOUNDARY_SLACK_MS);
  period.counters = period.counters ?? {};
  period.counters[METRICS.hits] = increase.hits;
  period.counters[METRICS.misses] = increase.misses;
}
