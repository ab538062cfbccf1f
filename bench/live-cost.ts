/**
 * What watching a run costs the load generator, per 10-s reporting period:
 * the work the crm plugin's main process does for the terminal's progress
 * block (the report model of the periods so far, then the block) and, with
 * LOADTEST_LIVE_PORT, for the live view (the page rendered once per period,
 * and /live.json for a script polling it every second). Timed here on the
 * periods of a 30-minute run (bench/report-build.ts), at every 10th period
 * count from 1 to 180 (the model covers all periods so far, so the work
 * grows with the run), with the same functions the plugin calls.
 */
import type { RunMeta } from '../core/run-meta';
import type { PeriodReport } from '../report/partial';
import { renderLivePage } from '../report/live-page';
import { formatProgress, liveSnapshot, modelSoFar } from '../report/progress';
import { thirtyMinuteResults } from './report-build';

export interface LiveCost {
  /** Mean CPU ms per period over the sampled period counts, and at the last. */
  progressMs: { mean: number; last: number };
  liveMs: { mean: number; last: number };
  periods: number;
  source: string;
}

const POLLS_PER_PERIOD = 10;

function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function liveCost(): LiveCost {
  const { results, source } = thirtyMinuteResults();
  const all = results.intermediate as PeriodReport[];
  const meta = ((results.aggregate as Record<string, unknown>).crm ?? {}) as Partial<RunMeta>;
  const counts = [1, ...Array.from({ length: Math.floor(all.length / 10) }, (_, i) => (i + 1) * 10)];
  /** The CPU ms of one period's work with `n` periods so far: [progress block, live view]. */
  const period = (n: number): [number, number] => {
    const periods = all.slice(0, n);
    let model = modelSoFar([], meta);
    const progressMs = cpuMs(() => {
      model = modelSoFar(periods, meta);
      formatProgress(liveSnapshot(model));
    });
    const liveMs = cpuMs(() => {
      renderLivePage(model, liveSnapshot(model));
      for (let i = 0; i < POLLS_PER_PERIOD; i++) JSON.stringify(liveSnapshot(model));
    });
    return [progressMs, liveMs];
  };
  // Untimed: loading and first compilation are start-up, not per-period work.
  period(1);
  period(all.length);
  const timed = counts.map(period);
  const progress = timed.map(([p]) => p);
  const live = timed.map(([, l]) => l);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    progressMs: { mean: mean(progress), last: progress.at(-1) ?? NaN },
    liveMs: { mean: mean(live), last: live.at(-1) ?? NaN },
    periods: all.length,
    source,
  };
}
