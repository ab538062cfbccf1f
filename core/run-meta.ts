/**
 * What the crm plugin records about a run next to Artillery's figures (in
 * the results JSON, key `crm` of the aggregate), so a report can be rebuilt
 * from the JSON alone. A results.json from a run without the plugin has
 * none; the report then falls back to what the figures say.
 */
import type { Ceiling } from './capacity';
import type { TargetsConfig } from './targets';

export const RUN_META_KEY = 'crm';

export interface RunMeta {
  run: string;
  target: string;
  /** Peak users of the run. */
  users: number | undefined;
  /** Planned length of the load (ms), after LOADTEST_TIME_SCALE. */
  plannedMs: number | undefined;
  timeScale: number;
  seed: string | undefined;
  targets: TargetsConfig;
  ceiling: Ceiling | undefined;
  /** User type → weight as the run picked them. */
  mix: Record<string, number>;
  phases: Array<{ name?: string; duration?: number; arrivalRate?: number; maxVusers?: number }>;
  startedAt: number;
  endedAt: number | undefined;
  interrupted: boolean;
  /** True when the aggregate was rebuilt from reporting periods (Ctrl-C), with worst-period percentiles. */
  approximate: boolean;
  artilleryVersion: string | undefined;
  /** True when the run listed cache-stats among its plugins. */
  cacheStatsConfigured: boolean;
  /** Drift limits, for runs that check for drift (sustained). */
  drift?: DriftLimits;
}

export interface DriftLimits {
  /** The last window's p95 may exceed the first's by at most this much (percent). */
  maxP95IncreasePct: number;
  /** ... and by at least this many ms before it counts (small values are noisy). */
  minP95IncreaseMs: number;
  /** The error rate may rise by at most this many percentage points. */
  maxErrorRateIncreasePts: number;
}

export const DEFAULT_DRIFT_LIMITS: DriftLimits = {
  maxP95IncreasePct: 25,
  minP95IncreaseMs: 20,
  maxErrorRateIncreasePts: 0.5,
};

export function readRunMeta(aggregate: Record<string, unknown>): Partial<RunMeta> {
  const meta = aggregate[RUN_META_KEY];
  return typeof meta === 'object' && meta !== null ? (meta as Partial<RunMeta>) : {};
}
