/**
 * The guide's four runs (from the team's Locust guide),
 * written once. `npm run scenarios` turns each into scenarios/<name>.yml.
 */
import type { ArtilleryPhase } from 'artillery-plugin-cache-stats';
import { loadDurationMs, peakUsers as peakUsersOfPhases } from './run-shape';
import type { TargetsConfig } from './targets';
import type { UserTypeName } from './user-types';

/** Hold `users` concurrent users for `seconds` (ramping to them at the run's rate). */
export interface LoadStep {
  users: number;
  seconds: number;
}

export type RunName = 'baseline' | 'stress' | 'sustained' | 'dashboard';

export interface RunSpec {
  name: RunName;
  /** What the run answers, printed in the file header and the README. */
  question: string;
  /** The user types that take part; all the non-optional ones when omitted. */
  userTypes?: UserTypeName[];
  /** New users per second while below the step's user count (Locust's spawn rate). */
  rampUsersPerSecond: number;
  steps: LoadStep[];
  /** Targets that differ from the guide's (core/targets.ts) in this run; null switches one off. */
  targets?: TargetsConfig;
  /** Judge drift: the last window's p95 and error rate against the first's (report/analysis.ts). */
  checkDrift?: boolean;
}

/** The heavy report may take longer than the rest; everything else keeps the global 500 ms. */
const HEAVY_ENDPOINT_TARGETS: TargetsConfig = {
  endpoints: { 'GET /api/enhanced-analytics/conversion-funnel': { p95_ms: 1500 } },
};

export const RUNS: readonly RunSpec[] = [
  {
    name: 'baseline',
    question: 'the reference figures: do all targets hold with 100 users?',
    rampUsersPerSecond: 10,
    steps: [{ users: 100, seconds: 300 }],
    targets: HEAVY_ENDPOINT_TARGETS,
  },
  {
    name: 'stress',
    question:
      'the breaking point: at how many users which target breaks, how it fails, how it degrades. ' +
      "Starts with the guide's 200 users, then climbs in steps past them so a breaking point can be found.",
    rampUsersPerSecond: 20,
    steps: [
      { users: 200, seconds: 100 },
      { users: 400, seconds: 50 },
      { users: 600, seconds: 50 },
      { users: 900, seconds: 50 },
      { users: 1200, seconds: 50 },
    ],
    targets: HEAVY_ENDPOINT_TARGETS,
  },
  {
    name: 'sustained',
    question: 'stability: no drift in latency, no growing errors, no pool exhaustion over 30 minutes',
    rampUsersPerSecond: 5,
    steps: [{ users: 100, seconds: 1800 }],
    targets: HEAVY_ENDPOINT_TARGETS,
    checkDrift: true,
  },
  {
    name: 'dashboard',
    question: 'dashboard queries alone: cache hit rate above 90 % and average below 200 ms',
    userTypes: ['DashboardUser'],
    rampUsersPerSecond: 10,
    steps: [{ users: 100, seconds: 300 }],
    targets: { cache_hit_rate_pct: 90, mean_ms: 200 },
  },
];

export function runSpec(name: string): RunSpec {
  const run = RUNS.find((r) => r.name === name);
  if (!run) throw new Error(`unknown run "${name}" (known: ${RUNS.map((r) => r.name).join(', ')})`);
  return run;
}

/**
 * The closed model: each step's phase adds users at the ramp rate until the
 * step's count is reached (maxVusers caps them; extra arrivals are skipped),
 * and a user that dies (connection error) is replaced by the next arrival.
 *
 * The constant rate is written as a ramp from the rate to itself: Artillery
 * paces a plain arrivalRate phase with a timer that busy-waits the last 25 ms
 * before every arrival (a quarter of a core at 10 arrivals/s, all of one at
 * 40/s and more, for the whole run), and a rampTo phase with setTimeout.
 */
export function phasesOf(run: RunSpec): ArtilleryPhase[] {
  return run.steps.map((step) => ({
    name: `${step.users} users (+${run.rampUsersPerSecond}/s)`,
    duration: step.seconds,
    arrivalRate: run.rampUsersPerSecond,
    rampTo: run.rampUsersPerSecond,
    maxVusers: step.users,
  }));
}

// How long a run lasts and how many users it peaks at are read off its phases, by the same
// functions the crm plugin applies to the (possibly scaled) phases at run time.
export const totalSeconds = (run: RunSpec): number => loadDurationMs(phasesOf(run)) / 1000;
export const peakUsers = (run: RunSpec): number => peakUsersOfPhases(phasesOf(run)) ?? 0;
