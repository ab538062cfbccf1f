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
  typeof h === 'object' &&
  h !== null &&
  typeof (h as SketchLike).merge === 'function' &&
  typeof (h as SketchLike).getValueAtQuantile === 'function';

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

/** Merges a period's sketch into the run's (a copy the first time); false when it cannot be copied. */
function mergeSketchInto(merged: Map<string, SketchLike>, name: string, sketch: SketchLike): boolean {
  const existing = merged.get(name);
  if (existing) {
    existing.merge(sketch);
    return true;
  }
  const copy = cloneSketch(sketch);
  if (copy) merged.set(name, copy);
  return copy !== undefined;
}

/**
 * One merged sketch per metric, fed a period at a time: the whole run's
 * percentiles without keeping every period's sketches (Artillery's main
 * process otherwise holds each period's ~70 sketches for the whole run).
 */
export class RunningSketches {
  private readonly merged = new Map<string, SketchLike>();
  private complete = true;

  add(period: PeriodReport): void {
    for (const [name, sketch] of Object.entries(period.histograms ?? {})) {
      if (!isSketch(sketch) || !mergeSketchInto(this.merged, name, sketch)) this.complete = false;
    }
  }

  /** Summaries of everything added, or undefined when a period came without usable sketches. */
  summaries(): Record<string, Record<string, number>> | undefined {
    if (!this.complete || this.merged.size === 0) return undefined;
    return Object.fromEntries([...this.merged].map(([name, sketch]) => [name, summarizeSketch(sketch)]));
  }
}

/** The periods' counters added up, and the span of their metrics. */
function sumPeriods(periods: readonly PeriodReport[]): {
  counters: Record<string, number>;
  span: { firstMetricAt?: number; lastMetricAt?: number };
} {
  const counters: Record<string, number> = {};
  for (const period of periods) {
    for (const [name, n] of Object.entries(period.counters ?? {})) counters[name] = (counters[name] ?? 0) + n;
  }
  const times = periods
    .flatMap((p) => [p.firstMetricAt, p.lastMetricAt])
    .filter((t): t is number => typeof t === 'number');
  return {
    counters,
    span: times.length > 0 ? { firstMetricAt: Math.min(...times), lastMetricAt: Math.max(...times) } : {},
  };
}

/**
 * Sums counters; percentiles from the running sketches when given, else by
 * merging the periods' sketches, else the worst period's (`approximate: true`).
 */
export function aggregatePeriods(
  periods: readonly PeriodReport[],
  running?: RunningSketches,
): ReportLike & { approximate: boolean } {
  const { counters, span } = sumPeriods(periods);
  const fromRunning = running?.summaries();
  if (fromRunning) return { counters, rates: {}, summaries: fromRunning, ...span, approximate: false };
  const summaries: Record<string, Record<string, number>> = {};
  const merged = new Map<string, SketchLike>();
  let approximate = false;
  for (const period of periods) {
    for (const [name, summary] of Object.entries(period.summaries ?? {})) {
      const sketch = period.histograms?.[name];
      if (isSketch(sketch)) {
        if (!mergeSketchInto(merged, name, sketch)) approximate = true;
        continue;
      }
      approximate = true;
      const worst = summaries[name];
      summaries[name] = worst
        ? Object.fromEntries(
            Object.entries(summary).map(([k, v]) => [
              k,
              k === 'count' ? (worst.count ?? 0) + v : Math.max(worst[k] ?? v, v),
            ]),
          )
        : { ...summary };
    }
  }
  for (const [name, sketch] of merged) summaries[name] = summarizeSketch(sketch);
  return { counters, rates: {}, summaries, ...span, approximate };
}
