/**
 * Chart specifications: plain data (no functions) that the client script
 * turns into Chart.js charts. Each chart that has something to show gets a
 * <canvas id=… data-chart=…>; a chart without data becomes a short text.
 */
import type { ReportModel } from '../model';
import type { TimelinePoint } from '../timeline';
import { attrs, escapeHtml } from './escape';
import { clock, empty, fmt } from './format';

export const COLORS = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
  red: '#dc2626',
  purple: '#7c3aed',
  grey: '#64748b',
  teal: '#0d9488',
  amber: '#d97706',
} as const;

import type { ChartSpec, SeriesSpec } from '../chart-spec';

const round = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
const hasValue = (s: SeriesSpec) =>
  s.data.some((d) => (typeof d === 'number' ? Number.isFinite(d) : d !== null && d.y !== null));

/** Collects the charts of one report; `add` returns the markup for the chart (or its no-data text). */
export class ChartSet {
  readonly specs: ChartSpec[] = [];

  add(spec: ChartSpec, noData: string, caption = ''): string {
    const drawable = spec.series.filter((s) => !s.dashed).some(hasValue);
    const figcaption = `<figcaption>${escapeHtml(spec.title)}</figcaption>`;
    if (!drawable) return `<figure class="chart chart-empty">${figcaption}${empty(noData)}</figure>`;
    this.specs.push({
      ...spec,
      series: spec.series.map((s) => ({
        ...s,
        data: s.data.map((d) =>
          typeof d === 'number' || d === null ? round(d) : { x: d.x, y: round(d.y) },
        ) as SeriesSpec['data'],
      })),
    });
    const canvasAttrs = attrs({ id: spec.id, 'data-chart': spec.kind, role: 'img', 'aria-label': spec.title });
    return [
      `<figure class="chart">${figcaption}`,
      `<div class="chart-box"><canvas${canvasAttrs}></canvas></div>`,
      caption ? `<p class="chart-caption">${escapeHtml(caption)}</p>` : '',
      '</figure>',
    ].join('');
  }
}

/** The report's time origin: the run's start, or the first period's start when that is earlier. */
export function timeOrigin(model: ReportModel): number {
  const first = model.timeline[0]?.t;
  return first !== undefined && first < model.meta.startedAt ? first : model.meta.startedAt;
}

const constant = (n: number, value: number | null | undefined) =>
  value === null || value === undefined ? [] : [new Array<number>(n).fill(value)];

/**
 * A latency target is drawn only when the data comes near it (a quarter of
 * it); otherwise it would squash the data into a flat line at the bottom.
 * Returns the target to draw (or null) and a caption for the one left out.
 */
export function latencyTarget(
  values: ReadonlyArray<number | null>,
  target: number | null | undefined,
  what: string,
): { draw: number | null; caption: string } {
  if (target === null || target === undefined) return { draw: null, caption: '' };
  const max = values.reduce<number>((m, v) => (v !== null && Number.isFinite(v) ? Math.max(m, v) : m), 0);
  if (max >= target / 4) return { draw: target, caption: `Dashed red line: the ${what} target (${target} ms).` };
  return {
    draw: null,
    caption:
      `The ${what} target (${target} ms) is far above every value here ` +
      `(highest ${fmt(max, 'ms')}), so it is not drawn.`,
  };
}

export function timelineCharts(model: ReportModel, set: ChartSet): string {
  const tl = model.timeline;
  const origin = timeOrigin(model);
  const labels = tl.map((p) => clock(p.t - origin));
  const x = { title: 'time since start (m:ss)' };
  const series = (pick: (p: TimelinePoint) => number | null) => tl.map(pick);
  const targets = model.meta.targets;
  const noPeriods = 'No reporting period completed: nothing to plot over time.';
  const p95Target = latencyTarget([...series((p) => p.p95), ...series((p) => p.p99)], targets.p95_ms, 'p95');
  const out: string[] = [];
  out.push(
    set.add(
      {
        id: 'chart-throughput',
        kind: 'throughput',
        type: 'line',
        title: 'Throughput (responses per second) and active users',
        labels,
        x,
        y: { title: 'responses/s', min: 0 },
        y2: { title: 'active users', min: 0 },
        series: [
          {
            label: 'responses/s',
            data: series((p) => p.responsesPerSecond),
            color: COLORS.blue,
            fill: true,
            unit: 'req/s',
          },
          {
            label: 'active users',
            data: series((p) => p.activeUsers),
            color: COLORS.purple,
            axis: 'y2',
            unit: 'users',
          },
        ],
      },
      noPeriods,
    ),
  );
  out.push(
    set.add(
      {
        id: 'chart-latency',
        kind: 'latency',
        type: 'line',
        title: 'Response time per period',
        labels,
        x,
        y: { title: 'ms', min: 0 },
        series: [
          { label: 'median', data: series((p) => p.p50), color: COLORS.green, unit: 'ms' },
          { label: 'p95', data: series((p) => p.p95), color: COLORS.blue, unit: 'ms' },
          { label: 'p99', data: series((p) => p.p99), color: COLORS.orange, unit: 'ms' },
          ...constant(tl.length, p95Target.draw).map((data) => ({
            label: 'p95 target',
            data,
            color: COLORS.red,
            dashed: true,
            unit: 'ms',
          })),
        ],
      },
      tl.length === 0 ? noPeriods : 'No response was timed in any period.',
      p95Target.caption,
    ),
  );
  out.push(
    set.add(
      {
        id: 'chart-errors',
        kind: 'errors',
        type: 'bar',
        title: 'Errors per second and error rate',
        labels,
        x,
        y: { title: 'errors/s', min: 0 },
        y2: { title: 'error rate %', min: 0 },
        series: [
          { label: 'errors/s', data: series((p) => p.errorsPerSecond), color: COLORS.red, unit: 'errors/s' },
          {
            label: 'error rate',
            data: series((p) => p.errorRatePct),
            color: COLORS.orange,
            type: 'line',
            axis: 'y2',
            unit: '%',
          },
        ],
      },
      noPeriods,
    ),
  );
  out.push(
    set.add(
      {
        id: 'chart-cache-rate',
        kind: 'cache-rate',
        type: 'line',
        title: 'Cache hit rate per period (server counters)',
        labels,
        x,
        y: { title: 'hit rate %', min: 0, max: 100 },
        series: [
          { label: 'hit rate', data: series((p) => p.cacheHitRatePct), color: COLORS.teal, unit: '%', points: true },
          ...constant(tl.length, targets.cache_hit_rate_pct).map((data) => ({
            label: 'target',
            data,
            color: COLORS.red,
            dashed: true,
            unit: '%',
          })),
        ],
      },
      tl.length === 0 ? noPeriods : 'No cache figures per period (the cache counters were not read during the run).',
    ),
  );
  return out.join('');
}

export function histogramChart(model: ReportModel, set: ChartSet): string {
  const slow = model.slowMs;
  const buckets = model.histogram;
  const hasCounts = buckets.some((b) => b.count > 0);
  return set.add(
    {
      id: 'chart-histogram',
      kind: 'histogram',
      type: 'bar',
      title: 'Response time distribution (all requests)',
      labels: buckets.map((b) => b.label),
      x: { title: 'response time' },
      y: { title: 'requests', min: 0 },
      series: [
        {
          label: 'requests',
          data: hasCounts ? buckets.map((b) => b.count) : buckets.map(() => null),
          color: COLORS.blue,
          colors: buckets.map((b) => (b.upperMs === null || b.upperMs > slow ? COLORS.red : COLORS.blue)),
          unit: 'requests',
        },
      ],
    },
    'No response times were recorded in buckets (no requests, or a run without the crm plugin).',
    `Bars in red are slower than the p95 target (${slow} ms).`,
  );
}

export function cacheIntervalChart(model: ReportModel, set: ChartSet): string {
  const intervals = model.cache.detail?.intervals ?? [];
  const origin = timeOrigin(model);
  return set.add(
    {
      id: 'chart-cache-intervals',
      kind: 'cache-intervals',
      type: 'bar',
      title: 'Server-side hit rate per polling interval',
      labels: intervals.map((i) => clock(i.to - origin)),
      x: { title: 'end of interval (m:ss since start)' },
      y: { title: 'hit rate %', min: 0, max: 100 },
      series: [
        {
          label: 'hit rate',
          data: intervals.map((i) => (i.hitRate === null ? null : i.hitRate * 100)),
          color: COLORS.teal,
          colors: intervals.map((i) => (i.reset ? COLORS.amber : COLORS.teal)),
          unit: '%',
        },
      ],
    },
    'No polling intervals with cache lookups.',
    intervals.some((i) => i.reset) ? 'Amber bars: the cache counters went down in that interval (cache restart).' : '',
  );
}

export function stressChart(model: ReportModel, set: ChartSet): string {
  const curve = (model.stress?.curve ?? []).filter((p) => p.activeUsers > 0);
  const users = curve.map((p) => p.activeUsers);
  const span = users.length > 0 ? [Math.min(...users), Math.max(...users)] : [];
  const targetLine = (value: number | null | undefined, axis: 'y' | 'y2', label: string, unit: string): SeriesSpec[] =>
    value === null || value === undefined || span.length === 0
      ? []
      : [
          {
            label,
            data: span.map((x) => ({ x, y: value })),
            color: axis === 'y' ? COLORS.red : COLORS.amber,
            dashed: true,
            axis,
            unit,
          },
        ];
  const p95Target = latencyTarget(
    curve.map((p) => p.p95),
    model.meta.targets.p95_ms,
    'p95',
  );
  return set.add(
    {
      id: 'chart-stress',
      kind: 'stress',
      type: 'line',
      title: 'p95 and error rate against active users',
      x: { title: 'active users', linear: true, min: 0 },
      y: { title: 'p95 ms', min: 0 },
      y2: { title: 'error rate %', min: 0 },
      series: [
        {
          label: 'p95',
          data: curve.map((p) => ({ x: p.activeUsers, y: p.p95 })),
          color: COLORS.blue,
          unit: 'ms',
          points: true,
        },
        {
          label: 'error rate',
          data: curve.map((p) => ({ x: p.activeUsers, y: p.errorRatePct })),
          color: COLORS.orange,
          axis: 'y2',
          unit: '%',
          points: true,
        },
        ...targetLine(p95Target.draw, 'y', 'p95 target', 'ms'),
        ...targetLine(model.meta.targets.error_rate_pct, 'y2', 'error-rate target', '%'),
      ],
    },
    'No period had active users: nothing to plot.',
    p95Target.caption,
  );
}

export function driftChart(model: ReportModel, set: ChartSet): string {
  const drift = model.drift;
  const tl = model.timeline;
  const origin = timeOrigin(model);
  const within = (p: TimelinePoint, w: { from: number; to: number } | undefined) =>
    w !== undefined && p.t >= w.from && p.t < w.to;
  const inFirst = (p: TimelinePoint) => within(p, drift?.firstWindow);
  const inLast = (p: TimelinePoint) => within(p, drift?.lastWindow);
  return set.add(
    {
      id: 'chart-drift',
      kind: 'drift',
      type: 'line',
      title: 'p95 and error rate over the run (drift)',
      labels: tl.map((p) => clock(p.t - origin)),
      x: { title: 'time since start (m:ss)' },
      y: { title: 'p95 ms', min: 0 },
      y2: { title: 'error rate %', min: 0 },
      series: [
        { label: 'p95', data: tl.map((p) => p.p95), color: COLORS.blue, unit: 'ms', points: true },
        { label: 'error rate', data: tl.map((p) => p.errorRatePct), color: COLORS.orange, axis: 'y2', unit: '%' },
        {
          label: 'first window p95',
          data: tl.map((p) => (inFirst(p) ? (drift?.first.p95 ?? null) : null)),
          color: COLORS.green,
          dashed: true,
          unit: 'ms',
        },
        {
          label: 'last window p95',
          data: tl.map((p) => (inLast(p) ? (drift?.last.p95 ?? null) : null)),
          color: COLORS.red,
          dashed: true,
          unit: 'ms',
        },
      ],
    },
    'Too few periods to plot a trend.',
  );
}
