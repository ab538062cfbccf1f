/**
 * A run while it runs: the report model of the periods so far, and the
 * snapshot the terminal's progress block (and GET /live.json) shows after
 * every reporting period. Pure: periods in, a model, a snapshot and its text out.
 */
import { writeSummary, type ArtilleryReport, type PollerSummary } from 'artillery-plugin-cache-stats';
import { RUN_META_KEY, type RunMeta } from '../core/run-meta';
import { buildReportModel, type ReportModel } from './model';
import { aggregatePeriods, type PeriodReport, type RunningSketches } from './partial';
import type { ReportLike } from './verdict';
import { formatValue } from './terminal';
import type { Status, VerdictLine } from './verdict';

import type { LiveState } from './live-protocol';

/** What the terminal and GET /live.json show of the run so far (the end is added when it comes). */
export type LiveSnapshot = Omit<LiveState, 'final'>;
export type TargetProgress = LiveSnapshot['targets'][number];
/** A target's standing so far; the final verdict may still differ (the whole run decides). */
export type RunningStatus = TargetProgress['status'];

/**
 * What the run looks like now: the model of the periods so far (percentiles
 * from the running sketches when given), with the run's meta and the cache
 * window so far. The crm plugin builds it once per period; the bench times it.
 */
export function modelSoFar(
  periods: readonly PeriodReport[],
  meta: Partial<RunMeta>,
  running?: RunningSketches,
  cache?: PollerSummary,
  now = Date.now(),
): ReportModel {
  const aggregate: ReportLike = aggregatePeriods(periods, running);
  aggregate[RUN_META_KEY] = meta;
  if (cache) writeSummary(aggregate as ArtilleryReport, cache);
  return buildReportModel({ aggregate, intermediate: [...periods] }, now);
}

const RUNNING: Partial<Record<Status, RunningStatus>> = {
  PASS: 'on track',
  FAIL: 'failing',
  'NO DATA': 'no data yet',
  WARN: 'warning',
};

function targetProgress(line: VerdictLine): TargetProgress | undefined {
  const status = RUNNING[line.status];
  if (!status) return undefined; // NOT CHECKED: not a target of this run
  return { key: line.key, label: line.label, target: line.target, value: line.value, unit: line.unit, status };
}

/**
 * The snapshot from the model of the periods so far; users and the last
 * period's figures are its timeline's last point (the report's own rule).
 */
export function liveSnapshot(model: ReportModel, now: number = Date.now()): LiveSnapshot {
  const { meta, verdict, timeline } = model;
  const m = verdict.measured;
  const last = timeline.at(-1);
  return {
    run: meta.run,
    elapsedSeconds: Math.max(0, Math.round((now - meta.startedAt) / 1000)),
    plannedSeconds: meta.plannedMs === undefined ? undefined : Math.round(meta.plannedMs / 1000),
    users: { active: last?.activeUsers ?? 0, planned: meta.users },
    requests: m.requests,
    failed: m.failed,
    errorRatePct: m.errorRatePct,
    p95Ms: m.latency.p95,
    lastPeriod: last ? { requestsPerSecond: last.responsesPerSecond, p95Ms: last.p95 ?? undefined } : undefined,
    cacheHitRatePct: m.cache.hitRatePct,
    periods: timeline.length,
    targets: verdict.lines.map(targetProgress).filter((t): t is TargetProgress => t !== undefined),
  };
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

/** `████░░░░` for the share done, `width` cells. */
export function progressBar(done: number, total: number | undefined, width = 20): string {
  if (!total || total <= 0) return '░'.repeat(width);
  const filled = Math.max(0, Math.min(width, Math.round((done / total) * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

const STATUS_MARK: Record<RunningStatus, string> = {
  'on track': '✓',
  failing: '✗',
  'no data yet': '…',
  warning: '!',
};

/**
 * Two lines: where the run is and what it does now; then each target's
 * standing. Plain text (no cursor movement), so a CI log reads the same.
 */
export function formatProgress(s: LiveSnapshot): string[] {
  const planned = s.plannedSeconds;
  const pct = planned ? ` ${String(Math.min(100, Math.round((100 * s.elapsedSeconds) / planned))).padStart(3)} %` : '';
  const rate = s.lastPeriod?.requestsPerSecond;
  const first = [
    `[${clock(s.elapsedSeconds)}${planned ? ` / ${clock(planned)}` : ''}] ` +
      `${progressBar(s.elapsedSeconds, planned)}${pct}`,
    `users ${s.users.active}${s.users.planned ? `/${s.users.planned}` : ''}`,
    `${rate === undefined ? '-' : rate.toFixed(1)} req/s`,
    `p95 ${formatValue(s.p95Ms, 'ms')}`,
    `errors ${formatValue(s.errorRatePct, '%')}`,
    `cache ${s.cacheHitRatePct === undefined ? 'no data yet' : formatValue(s.cacheHitRatePct, '%')}`,
  ].join('  ');
  // The ones on track by name only; the others with their figure, so the line says what is wrong.
  const targets = s.targets
    .map((t) =>
      t.status === 'on track'
        ? `${STATUS_MARK[t.status]} ${t.label}`
        : `${STATUS_MARK[t.status]} ${t.label} ${t.value === undefined ? t.status : formatValue(t.value, t.unit)} ` +
          `(target ${t.target})`,
    )
    .join('  ');
  return targets ? [first, `  targets so far: ${targets}`] : [first];
}
