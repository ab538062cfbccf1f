/**
 * Shaping a run without editing its file: the time-scale knob, the target,
 * and the closed-model clock the processor reads. Pure functions.
 */
import type { ArtilleryPhase } from 'artillery-plugin-cache-stats';

export const TIME_SCALE_ENV = 'LOADTEST_TIME_SCALE';
export const TARGET_ENV = 'CRM_TARGET';
/** The CRM's own default address (Flask on port 8000): the scenario files' target and the tools' default. */
export const DEFAULT_TARGET = 'http://localhost:8000';

/**
 * LOADTEST_TIME_SCALE: one number that shortens (or lengthens) any run,
 * run length and ramp together: 0.1 turns a 5-minute run ramping 10 users/s
 * into a 30-second run ramping 100 users/s, with the same users.
 */
export function readTimeScale(env: NodeJS.ProcessEnv): number {
  const raw = env[TIME_SCALE_ENV];
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new Error(
      `${TIME_SCALE_ENV} must be a number above 0 and at most 10, e.g. 0.1 for a run ten times shorter (got "${raw}")`,
    );
  }
  return scale;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Durations times the scale, in whole seconds (Artillery runs a ramp phase in
 * whole one-second periods: 2.5 s would last 3), at least 1; arrival rates
 * divided by the scale; user counts unchanged.
 */
export function scalePhases(phases: readonly ArtilleryPhase[], scale: number): ArtilleryPhase[] {
  if (scale === 1) return phases.map((p) => ({ ...p }));
  const seconds = (s: number) => Math.max(1, Math.round(s * scale));
  return phases.map((phase) => {
    const scaled: ArtilleryPhase = { ...phase };
    if (typeof phase.duration === 'number') scaled.duration = seconds(phase.duration);
    if (typeof phase.pause === 'number') scaled.pause = seconds(phase.pause);
    if (typeof phase.arrivalRate === 'number') scaled.arrivalRate = round3(phase.arrivalRate / scale);
    if (typeof phase.rampTo === 'number') scaled.rampTo = round3(phase.rampTo / scale);
    return scaled;
  });
}

/** How long the load lasts: the sum of the phases (the closed model's users stop then). */
export function loadDurationMs(phases: readonly ArtilleryPhase[]): number {
  return Math.round(phases.reduce((sum, p) => sum + (p.duration ?? p.pause ?? 0), 0) * 1000);
}

/** The most users any phase allows at once (maxVusers), or undefined for open-model phases. */
export function peakUsers(phases: readonly ArtilleryPhase[]): number | undefined {
  const caps = phases.map((p) => p.maxVusers).filter((n): n is number => typeof n === 'number');
  return caps.length > 0 ? Math.max(...caps) : undefined;
}

/** Seconds the run spends at its peak user count (the trailing phases with the highest maxVusers). */
export function peakHoldSeconds(phases: readonly ArtilleryPhase[]): number | undefined {
  const peak = peakUsers(phases);
  if (peak === undefined) return undefined;
  return phases.filter((p) => p.maxVusers === peak).reduce((sum, p) => sum + (p.duration ?? 0), 0);
}

/** -t on the command line wins, then CRM_TARGET, then the file's target. */
export function resolveTarget(input: { cliTarget?: unknown; envTarget?: string; scriptTarget?: string }): string {
  const pick = [input.cliTarget, input.envTarget, input.scriptTarget].find(
    (t): t is string => typeof t === 'string' && t.trim() !== '',
  );
  if (!pick) throw new Error(`no target: pass -t URL, set ${TARGET_ENV}, or set config.target`);
  let url: URL;
  try {
    url = new URL(pick);
  } catch {
    throw new Error(`target "${pick}" is not a URL (expected e.g. http://localhost:8000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`target "${pick}" must be an http:// or https:// URL`);
  }
  return pick.replace(/\/+$/, '');
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round((seconds / 60) * 10) / 10;
  return `${minutes} min`;
}
