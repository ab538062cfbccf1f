/**
 * Main-process side: reads the counters before the first virtual user, every
 * interval, and at the end; turns the snapshots into the window's figures;
 * writes them into Artillery's report. A failing read never stops the load
 * test: each distinct problem is printed once, then counted.
 */
import type { ArtilleryReport } from './artillery';
import type { CacheStatsOptions } from './config';
import { METRICS, REPORT_DETAIL_KEY } from './metrics';
import type { Reading, StatsSource } from './stats-source';
import { increaseEndingIn, intervalBetween, windowTotals, type Snapshot, type WindowTotals } from './stats-window';

export interface PollerSummary extends WindowTotals {
  source: string;
  pollerId: string;
  polls: number;
  pollErrors: number;
  /** Why there is no window figure, when there is none. */
  noDataReason: string | undefined;
  onNoData: CacheStatsOptions['onNoData'];
  warnings: string[];
}

/** The counters a summary adds to a report (what ensure checks). */
export function summaryCounters(summary: PollerSummary): Record<string, number> {
  const noData = summary.noDataReason !== undefined;
  return {
    [METRICS.hits]: summary.hits,
    [METRICS.misses]: summary.misses,
    [METRICS.polls]: summary.polls,
    [METRICS.pollErrors]: summary.pollErrors,
    [METRICS.resets]: summary.resets,
    [METRICS.noDataWaived]: noData && summary.onNoData === 'warn' ? 1 : 0,
  };
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
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private finished = false;
  private summaryCache: PollerSummary | undefined;

  constructor(
    private readonly source: StatsSource,
    private readonly options: CacheStatsOptions,
    private readonly warn: (message: string) => void,
  ) {}

  /** The snapshot just before load, then polling every interval. */
  start(): void {
    this.accept(this.source.readSync());
    this.timer = setInterval(() => void this.pollOnce(), this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  async pollOnce(): Promise<void> {
    if (this.inFlight || this.finished) return; // a slow endpoint: never more than one read at a time
    this.inFlight = true;
    try {
      const reading = await this.source.readAsync();
      if (!this.finished) this.accept(reading);
    } finally {
      this.inFlight = false;
    }
  }

  /** Keeps a reporting period's report, to add that period's cache figures to it at the end. */
  rememberPeriod(periodReport: ArtilleryReport): void {
    this.periods.push(periodReport);
  }

  /** The last snapshot, synchronously, then the window's figures into the final report. */
  finish(report: ArtilleryReport | undefined): void {
    if (!this.finished) {
      this.finished = true;
      if (this.timer) clearInterval(this.timer);
      this.accept(this.source.readSync());
    }
    if (report) this.writeInto(report, this.summary());
  }

  summary(): PollerSummary {
    if (this.summaryCache && this.finished) return this.summaryCache;
    const totals = windowTotals(this.snapshots);
    let noDataReason: string | undefined;
    if (this.snapshots.length < 2) {
      noDataReason =
        this.warnings.length > 0
          ? `fewer than two readings of the counters (${this.warnings.join('; ')})`
          : 'fewer than two readings of the counters';
    } else if (totals.hitRate === null) {
      noDataReason = 'the counters did not move: no cache lookups during the test';
    }
    const summary: PollerSummary = {
      ...totals,
      source: this.source.description,
      pollerId: this.source.pollerId,
      polls: this.snapshots.length,
      pollErrors: this.pollErrors,
      noDataReason,
      onNoData: this.options.onNoData,
      warnings: [...this.warnings],
    };
    if (this.finished) this.summaryCache = summary;
    return summary;
  }

  private accept(reading: Reading): void {
    if (reading.ok) {
      const previous = this.snapshots[this.snapshots.length - 1];
      const snapshot = { ...reading.counters, at: reading.at };
      this.snapshots.push(snapshot);
      if (previous && intervalBetween(previous, snapshot).reset) {
        this.warnOnce(
          'counters-went-down',
          `cache-stats: the cache counters went down (hits ${previous.hits} → ${snapshot.hits}, misses ${previous.misses} → ${snapshot.misses}): ` +
            'the cache restarted; the window adds up the counts before and after the restart',
        );
      }
      return;
    }
    this.pollErrors++;
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

  private writeInto(report: ArtilleryReport, summary: PollerSummary): void {
    writeSummary(report, summary);
    // Each reporting period gets the increase of the polls that ended in it.
    for (const period of this.periods) {
      const start = Number(period.period);
      if (!Number.isFinite(start)) continue;
      const increase = increaseEndingIn(summary.intervals, start, start + PERIOD_MS);
      period.counters = period.counters ?? {};
      period.counters[METRICS.hits] = increase.hits;
      period.counters[METRICS.misses] = increase.misses;
    }
  }
}
