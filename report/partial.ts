/**
 * An aggregate report from the reporting periods seen so far: what a run
 * stopped with Ctrl-C still has (Artillery writes its aggregate only when a
 * run completes). Counters add up; percentiles come from merging the
 * periods' latency sketches when Artillery passed them (exact, as its own
 * aggregate is made), else from the worst period (pessimistic, marked).
 */
import type { ReportLike } from './verdict';

interface SketchLike {
  merge(other: SketchLike): void;
  getValueAtQuantile(q: number): number;
  toProto(): unknown;
  min: number;
  max: number;
  count: number;
  sum: number;
}

export interface PeriodReport extends ReportLike {
  period?: string | number;
  histograms?: Record<string, unknown>;
}

const isSketch = (h: unknown): h is SketchLike =>
  typeof h === 'object' && h !== null && typeof (h as SketchLike).merge === 'function' && typeof (h as SketchLike).getValueAtQuantile === 'function';

const round1 = (n: number) => Math.round(n * 10) / 10;

function summarizeSketch(h: SketchLike): Record<string, number> {
  const q = (x: number) => round1(h.getValueAtQuantile(x));
  return {
    min: round1(h.min),
    max: round1(h.max),
    count: h.count,
    mean: round1(h.sum / h.count),
    p50: q(0.5),
    median: q(0.5),
    p75: q(0.75),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    p999: q(0.999),
  };
}

function cloneSketch(h: SketchLike): SketchLike | undefined {
  const ctor = (h as unknown as { constructor: { fromProto?: (proto: unknown) => SketchLike } }).constructor;
  return ctor.fromProto ? ctor.fromProto(h.toProto()) : undefined;
}

/** Sums counters; merges sketches (or takes the worst period's summary, with `approximate: true`). */
export function aggregatePeriods(periods: readonly PeriodReport[]): ReportLike & { approximate: boolean } {
  const counters: Record<string, number> = {};
  const summaries: Record<string, Record<string, number>> = {};
  const merged = new Map<string, SketchLike>();
  let approximate = false;
  for (const period of periods) {
    for (const [name, n] of Object.entries(period.counters ?? {})) counters[name] = (counters[name] ?? 0) + n;
    for (const [name, summary] of Object.entries(period.summaries ?? {})) {
      const sketch = period.histograms?.[name];
      if (isSketch(sketch)) {
        const existing = merged.get(name);
        if (existing) existing.merge(sketch);
        else {
          const copy = cloneSketch(sketch);
          if (copy) merged.set(name, copy);
          else approximate = true;
        }
        continue;
      }
      approximate = true;
      const worst = summaries[name];
      summaries[name] = worst
        ? Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, k === 'count' ? (worst.count ?? 0) + v : Math.max(worst[k] ?? v, v)]))
        : { ...summary };
    }
  }
  for (const [name, sketch] of merged) summaries[name] = summarizeSketch(sketch);
  const times = periods.flatMap((p) => [p.firstMetricAt, p.lastMetricAt]).filter((t): t is number => typeof t === 'number');
  return {
    counters,
    rates: {},
    summaries,
    ...(times.length > 0 ? { firstMetricAt: Math.min(...times), lastMetricAt: Math.max(...times) } : {}),
    approximate,
  };
}
