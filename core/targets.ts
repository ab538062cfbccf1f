/**
 * The guide's performance targets (behaviour.md, "Targets from the guide"),
 * written once. Runs override some (core/runs.ts), the environment
 * overrides any at run time (SLO_*), `off` or null switches one off.
 */

/** The response-time statistic each latency target bounds (Artillery's summary field). */
export const LATENCY_STATISTIC = { p95_ms: 'p95', median_ms: 'median', p99_ms: 'p99', mean_ms: 'mean' } as const;

/** The latency targets an endpoint can have. */
const ENDPOINT_TARGET_KEYS = ['p95_ms', 'p99_ms', 'median_ms'] as const;
export type EndpointTargetKey = (typeof ENDPOINT_TARGET_KEYS)[number];
export type EndpointTargets = { [key in EndpointTargetKey]?: number };

/** As written in a scenario file's `config.plugins.crm.targets` (null = not checked). */
export interface TargetsConfig {
  p95_ms?: number | null;
  error_rate_pct?: number | null;
  median_ms?: number | null;
  p99_ms?: number | null;
  mean_ms?: number | null;
  cache_hit_rate_pct?: number | null;
  throughput_rps?: number | null;
  endpoints?: Record<string, EndpointTargets>;
}

export type TargetKey = Exclude<keyof TargetsConfig, 'endpoints'>;

export interface TargetSpec {
  key: TargetKey;
  label: string;
  unit: 'ms' | '%' | 'req/s';
  /** The measured value must stay below (latency, errors) or above (cache, throughput) the target. */
  direction: 'below' | 'above';
  /** critical: the guide's two critical targets; a failure exits 1. Any other failure exits 2. */
  severity: 'critical' | 'normal';
  env: string;
}

export const TARGET_SPECS: readonly TargetSpec[] = [
  { key: 'p95_ms', label: '95th percentile', unit: 'ms', direction: 'below', severity: 'critical', env: 'SLO_P95_MS' },
  {
    key: 'error_rate_pct',
    label: 'error rate',
    unit: '%',
    direction: 'below',
    severity: 'critical',
    env: 'SLO_ERROR_RATE_PCT',
  },
  { key: 'median_ms', label: 'median', unit: 'ms', direction: 'below', severity: 'normal', env: 'SLO_MEDIAN_MS' },
  { key: 'p99_ms', label: '99th percentile', unit: 'ms', direction: 'below', severity: 'normal', env: 'SLO_P99_MS' },
  { key: 'mean_ms', label: 'average', unit: 'ms', direction: 'below', severity: 'normal', env: 'SLO_MEAN_MS' },
  {
    key: 'cache_hit_rate_pct',
    label: 'cache hit rate',
    unit: '%',
    direction: 'above',
    severity: 'normal',
    env: 'SLO_CACHE_HIT_RATE_PCT',
  },
  {
    key: 'throughput_rps',
    label: 'throughput',
    unit: 'req/s',
    direction: 'above',
    severity: 'normal',
    env: 'SLO_THROUGHPUT_RPS',
  },
];

export const GUIDE_TARGETS: TargetsConfig = {
  p95_ms: 500,
  error_rate_pct: 1,
  median_ms: 200,
  p99_ms: 1000,
  mean_ms: null,
  cache_hit_rate_pct: 80,
  throughput_rps: 500,
};

export class TargetsError extends Error {}

function checkValue(name: string, value: unknown, unit: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (unit === '%' && value > 100)) {
    const range = unit === '%' ? ' and at most 100' : '';
    throw new TargetsError(
      `${name} must be a number above 0${range}, or null to switch it off (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** Checks a targets block: known keys, sane values. */
export function validateTargets(targets: unknown, where = 'targets'): TargetsConfig {
  if (targets === undefined || targets === null) return {};
  if (typeof targets !== 'object' || Array.isArray(targets)) throw new TargetsError(`${where} must be a mapping`);
  const known = new Set<string>([...TARGET_SPECS.map((s) => s.key), 'endpoints']);
  const result: TargetsConfig = {};
  for (const [key, value] of Object.entries(targets as Record<string, unknown>)) {
    if (!known.has(key)) throw new TargetsError(`${where}: unknown target "${key}" (known: ${[...known].join(', ')})`);
    if (key === 'endpoints') {
      result.endpoints = validateEndpointTargets(value, `${where}.endpoints`);
      continue;
    }
    const spec = TARGET_SPECS.find((s) => s.key === key) as TargetSpec;
    result[spec.key] = checkValue(`${where}.${key}`, value, spec.unit);
  }
  return result;
}

function validateEndpointTargets(value: unknown, where: string): Record<string, EndpointTargets> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TargetsError(`${where} must map endpoint names to targets`);
  const result: Record<string, EndpointTargets> = {};
  for (const [endpoint, targets] of Object.entries(value as Record<string, unknown>)) {
    const entry: EndpointTargets = {};
    for (const [key, limit] of Object.entries((targets ?? {}) as Record<string, unknown>)) {
      if (!(ENDPOINT_TARGET_KEYS as readonly string[]).includes(key)) {
        throw new TargetsError(
          `${where}."${endpoint}": unknown target "${key}" (known: ${ENDPOINT_TARGET_KEYS.join(', ')})`,
        );
      }
      entry[key as EndpointTargetKey] = checkValue(`${where}."${endpoint}".${key}`, limit, 'ms') ?? undefined;
    }
    result[endpoint] = entry;
  }
  return result;
}

/** SLO_P95_MS=800, SLO_CACHE_HIT_RATE_PCT=off, ...: the environment's overrides. */
export function targetsFromEnv(env: NodeJS.ProcessEnv): TargetsConfig {
  const result: TargetsConfig = {};
  for (const spec of TARGET_SPECS) {
    const raw = env[spec.env];
    if (raw === undefined || raw.trim() === '') continue;
    if (/^(off|none|null)$/i.test(raw.trim())) {
      result[spec.key] = null;
      continue;
    }
    const value = Number(raw);
    result[spec.key] = checkValue(spec.env, Number.isNaN(value) ? raw : value, spec.unit);
  }
  return result;
}

/** Only the endpoint targets of endpoints the run calls (all of them when that is unknown). */
export function forEndpointsCalled(targets: TargetsConfig, called: Set<string> | undefined): TargetsConfig {
  if (!called || !targets.endpoints) return targets;
  return {
    ...targets,
    endpoints: Object.fromEntries(Object.entries(targets.endpoints).filter(([name]) => called.has(name))),
  };
}

/**
 * The targets a run is judged on: the guide's, then the run's own (the scenario
 * file, or what a results file recorded), then the SLO_* environment when given.
 * The one place the layers are put together: the generator, the crm plugin and
 * the report model all call it.
 */
export function effectiveTargets(runTargets: TargetsConfig | undefined, env?: NodeJS.ProcessEnv): TargetsConfig {
  return mergeTargets(GUIDE_TARGETS, runTargets ?? {}, env ? targetsFromEnv(env) : {});
}

/** Later layers win; endpoint targets merge per endpoint. */
export function mergeTargets(...layers: TargetsConfig[]): TargetsConfig {
  const merged: TargetsConfig = {};
  for (const layer of layers) {
    for (const spec of TARGET_SPECS) if (layer[spec.key] !== undefined) merged[spec.key] = layer[spec.key];
    if (layer.endpoints) {
      merged.endpoints = { ...merged.endpoints };
      for (const [endpoint, targets] of Object.entries(layer.endpoints)) {
        merged.endpoints[endpoint] = { ...merged.endpoints[endpoint], ...targets };
      }
    }
  }
  return merged;
}
