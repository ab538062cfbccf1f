/**
 * The Locust comparison (bench/run.ts, part "locust"): the same baseline load
 * run by Locust (bench/locustfile.py), the full pack and bare Artillery, one
 * after the other on the same backend. Pure parts here: where `locust` is,
 * its command line, and the per-request arithmetic; unit-tested.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first executable `name` on PATH, or undefined (the comparison is then skipped with the reason). */
export function findOnPath(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface LocustRunOptions {
  locustfile: string;
  target: string;
  users: number;
  spawnRate: number;
  seconds: number;
}

/**
 * Headless, a fixed number of users spawned at the run's rate, for `seconds`
 * (the ramp included, as the pack's phases), summary only.
 */
export function locustArgs(o: LocustRunOptions): string[] {
  return [
    '-f',
    o.locustfile,
    '--headless',
    '-u',
    String(o.users),
    '-r',
    String(o.spawnRate),
    '-t',
    `${o.seconds}s`,
    '-H',
    o.target,
    '--only-summary',
    '--loglevel',
    'WARNING',
  ];
}

/** Answers other than 2xx in a ledger's status tally ({"200": 10, "404": 1} → 1). */
export function non2xx(statuses: Record<string, number>): number {
  return Object.entries(statuses).reduce((sum, [status, n]) => (/^2\d\d$/.test(status) ? sum : sum + n), 0);
}

/** What one load generator cost for one run. */
export interface GeneratorCost {
  label: string;
  /** Load requests the backend answered (its ledger): the same count for every generator. */
  requests: number;
  failed: number;
  /** CPU seconds of the whole process (all threads), start to exit. */
  cpuSeconds: number;
  /** CPU seconds used before the backend saw the first load request. */
  startupCpuSeconds: number;
  maxRssMb: number;
  wallMs: number;
}

export interface PerRequest {
  /** Start-up included: everything the process spent over the requests it made. */
  totalMs: number;
  /** From the first load request to exit. */
  loadMs: number;
}

export function perRequest(c: GeneratorCost): PerRequest {
  if (c.requests <= 0) return { totalMs: NaN, loadMs: NaN };
  return {
    totalMs: (1000 * c.cpuSeconds) / c.requests,
    loadMs: (1000 * (c.cpuSeconds - c.startupCpuSeconds)) / c.requests,
  };
}

/** "2.41×" (a ratio against the baseline), or "n/a" when either side is not a number. */
export function times(value: number, baseline: number): string {
  const ratio = value / baseline;
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/** One generator's line: CPU per request with and without start-up, peak RSS, requests. */
export function describeCost(c: GeneratorCost): string {
  const p = perRequest(c);
  return (
    `${p.totalMs.toFixed(3)} ms CPU per request with start-up (${p.loadMs.toFixed(3)} after it; ` +
    `${c.cpuSeconds.toFixed(2)} s CPU, ${c.startupCpuSeconds.toFixed(2)} s before the first request), ` +
    `peak RSS ${c.maxRssMb.toFixed(0)} MB, ${c.requests} requests (${c.failed} failed) ` +
    `in ${(c.wallMs / 1000).toFixed(1)} s`
  );
}
