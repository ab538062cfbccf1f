/**
 * The pack's exit codes, one table for the code, the README and CI.
 * Artillery's own: ensure exits 1 on a failed check, expect 21 on a failed
 * expectation; the verdict sets the final code itself, from this table.
 */
import { isArtilleryWorker } from 'artillery-plugin-cache-stats';

export const EXIT_CODES = {
  /** Every strict target met. */
  pass: 0,
  /** A critical target failed: p95 response time or error rate. */
  criticalTargetFailed: 1,
  /** Another strict target failed (median, p99, average, cache hit rate or NO DATA, throughput). */
  targetFailed: 2,
  /** Pre-flight failed: target unreachable or unhealthy; no load was sent. */
  targetUnreachable: 3,
  /** A configuration value is invalid (plugin options, environment variables). */
  badConfig: 4,
  /** Stopped with Ctrl-C (SIGINT); the partial report is still written. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** What each code means, in the words the terminal ("Exit code 1: ...") and the report's header both use. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'all checked targets met',
  1: 'a critical target failed (p95 or error rate)',
  2: 'a target failed (none of the critical ones)',
  3: 'the pre-flight failed: no load was sent',
  4: 'bad configuration: no load was sent',
  130: 'interrupted: the figures cover only part of the run',
};

/** The meaning of a code, or undefined for a code not in the table (Artillery's own, e.g. 21 from expect). */
export function exitCodeMeaning(code: number): string | undefined {
  return (EXIT_CODE_MEANINGS as Record<number, string>)[code];
}

/**
 * Stops the run before load starts, with a message and a code. In the main
 * process nothing has run yet, so exiting is clean; in a worker the error is
 * thrown to Artillery, which reports it (the main process normally stops
 * first, having read the same settings).
 */
export function stopRun(code: ExitCode, message: string): never {
  if (isArtilleryWorker()) throw new Error(message);
  console.error(message);
  process.exit(code);
}
