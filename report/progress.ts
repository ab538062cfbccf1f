/**
 * A run while it runs: the snapshot the terminal's progress block (and
 * GET /live.json) shows after every reporting period, from the report model
 * of the periods so far. Pure: a model and the periods in, a snapshot and
 * its text out.
 */
import type { ReportModel } from './model';
import type { PeriodLike } from './timeline';
import { formatValue } from './terminal';
import type { Status, VerdictLine } from './verdict';

import type { LiveState } from './live-protocol';

/** What the terminal and GET /live.json show of the run so far (the end is added when it comes). */
export type LiveSnapshot = Omit<LiveState, 'final'>;
export type TargetProgress = LiveSnapshot['targets'][number];
/** A target's standing so far; the final verdict may still differ (the whole run decides). */
export type RunningStatus = TargetProgress['status'];

const RUNNING: Partial<Record<Status, RunningStatus>> = {
  PASS: 'on track',
  FAIL: 'failing',
  'NO DATA': 'no data yet',
  WARN: 'warning',
};

const sumCounter = (periods: readonly PeriodLike[], name: string) =>
  periods.reduce((sum, p) => sum + (p.counters?.[name] ?? 0), 0);

/** Users started and not yet finished (completed or failed), over the periods so far. */
export function activeUsers(periods: readonly PeriodLike[]): number {
  const started = sumCounter(periods, 'vusers.created');
  const ended = sumCounter(periods, 'vusers.completed') + sumCounter(periods, 'vusers.failed');
  return Math.max(0, started - ended);
}

function lastPeriodFigures(periods: readonly PeriodLike[]): LiveSnapshot['lastPeriod'] {
  const last = periods.at(-1);
  if (!last) return undefined;
  const spanMs = (last.lastMetricAt ?? 0) - (last.firstMetricAt ?? 0);
  const responses = last.counters?.['http.responses'] ?? 0;
  return {
    requestsPerSecond: spanMs > 0 ? responses / Math.max(spanMs / 1000, 1) : undefined,
    p95Ms: last.summaries?.['http.response_time']?.p95,
  };
}

function targetProgress(line: VerdictLine): TargetProgress | undefined {
  const status = RUNNING[line.status];
  if (!status) return undefined; // NOT CHECKED: not a target of this run
  return { key: line.key, label: line.label, target: line.target, value: line.value, unit: line.unit, status };
}

export function liveSnapshot(
  model: ReportModel,
  periods: readonly PeriodLike[],
  now: number = Date.now(),
): LiveSnapshot {
  const { meta, verdict } = model;
  const m = verdict.measured;
  return {
    run: meta.run,
    elapsedSeconds: Math.max(0, Math.round((now - meta.startedAt) / 1000)),
    plannedSeconds: meta.plannedMs === undefined ? undefined : Math.round(meta.plannedMs / 1000),
    users: { active: activeUsers(periods), planned: meta.users },
    requests: m.requests,
    failed: m.failed,
    errorRatePct: m.errorRatePct,
    p95Ms: m.latency.p95,
    lastPeriod: lastPeriodFigures(periods),
    cacheHitRatePct: m.cache.hitRatePct,
    periods: periods.length,
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
