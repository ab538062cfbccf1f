/**
 * Fault injection: the knobs that let a test make the backend slow, flaky or its stats
 * endpoint broken, and the pure decisions built on them. Settings change at runtime
 * through POST /__ref/faults, so every decision reads the current settings.
 */
import { mulberry32, type Rng } from '../core/random';
import { isRecord, type Details } from './validation';

export const STATS_MODES = ['ok', 'down', 'malformed', 'html', 'slow', 'reset'] as const;
export type StatsMode = (typeof STATS_MODES)[number];
export const STATS_SHAPES = ['flat', 'nested', 'redis', 'envelope', 'prometheus'] as const;
export type StatsShape = (typeof STATS_SHAPES)[number];

export interface FaultSettings {
  latencyMs: number;
  heavyLatencyMs: number;
  errorRate: number;
  statsMode: StatsMode;
  statsSlowMs: number;
  statsShape: StatsShape;
  cacheEnabled: boolean;
}

/** Path classes the faults treat differently. */
export interface RouteClass {
  path: string;
  /** Heavy analytics: enhanced-analytics/*, revenue-trends, team-performance, custom-report. */
  heavy: boolean;
}

/** Added latency: every /api route pays latencyMs; heavy analytics pay heavyLatencyMs on top. */
export function addedLatencyMs(settings: FaultSettings, route: RouteClass): number {
  if (!route.path.startsWith('/api/')) return 0;
  return settings.latencyMs + (route.heavy ? settings.heavyLatencyMs : 0);
}

/** Injected errors hit /api routes except the cache endpoints, whose health the pollers must still see. */
export function isErrorEligible(path: string): boolean {
  return path.startsWith('/api/') && !path.startsWith('/api/cache/');
}

/**
 * Decides which eligible requests fail so that, after n requests, the failures are within
 * ±1 of n × rate (plain Math.random() would wander by ±2σ ≈ ±20 in 2000 requests at 5 %),
 * yet are not strictly periodic (every 20th request would alias with looping scenarios
 * and always fail the same step). Each failure happens when an accumulator of `rate`
 * crosses a random threshold in [0, 1); the threshold is redrawn after each failure.
 */
export class ErrorInjector {
  private readonly rng: Rng;
  private accumulated = 0;
  private threshold: number;

  constructor(seed: number) {
    this.rng = mulberry32(seed ^ 0x5eed);
    this.threshold = this.rng();
  }

  shouldFail(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    this.accumulated += rate;
    if (this.accumulated < this.threshold) return false;
    this.accumulated -= 1;
    this.threshold = this.rng();
    return true;
  }
}

export type FaultPatch = Partial<FaultSettings>;
export type PatchResult = { ok: true; patch: FaultPatch } | { ok: false; details: Details };

function nonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validates the body of POST /__ref/faults; unknown keys are rejected so a typo cannot silently do nothing. */
export function validateFaultPatch(body: unknown): PatchResult {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const details: Details = {};
  const patch: FaultPatch = {};
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'latencyMs':
      case 'heavyLatencyMs':
      case 'statsSlowMs':
        if (nonNegative(value)) patch[key] = value;
        else details[key] = 'must be a number >= 0';
        break;
      case 'errorRate':
        if (nonNegative(value) && value <= 1) patch.errorRate = value;
        else details[key] = 'must be a number between 0 and 1';
        break;
      case 'statsMode':
        if ((STATS_MODES as readonly unknown[]).includes(value)) patch.statsMode = value as StatsMode;
        else details[key] = `must be one of: ${STATS_MODES.join(', ')}`;
        break;
      case 'statsShape':
        if ((STATS_SHAPES as readonly unknown[]).includes(value)) patch.statsShape = value as StatsShape;
        else details[key] = `must be one of: ${STATS_SHAPES.join(', ')}`;
        break;
      case 'cacheEnabled':
        if (typeof value === 'boolean') patch.cacheEnabled = value;
        else details[key] = 'must be true or false';
        break;
      default:
        details[key] =
          'unknown setting (known: latencyMs, heavyLatencyMs, errorRate, statsMode, statsSlowMs, ' +
          'statsShape, cacheEnabled)';
    }
  }
  return Object.keys(details).length === 0 ? { ok: true, patch } : { ok: false, details };
}
