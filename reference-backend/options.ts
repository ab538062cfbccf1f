/**
 * Typed options of the reference backend: defaults, command-line flags and REF_*
 * environment variables (flags win over env, env over defaults). Parsing is pure and
 * returns an outcome instead of exiting, so it can be unit-tested; cli.ts turns an
 * error outcome into "error: …" on stderr and exit code 2.
 */
import { STATS_MODES, STATS_SHAPES, type FaultSettings } from './faults';

/** The fault knobs (changeable at run time through the admin API) and the rest. */
export interface ReferenceBackendOptions extends FaultSettings {
  port: number;
  host: string;
  seed: number;
  leads: number;
  customers: number;
  projects: number;
  cacheTtlS: number;
  /** TTL of lead lists and searches, which lead writes do not invalidate (they go stale for at most this long). */
  listCacheTtlS: number;
  missLatencyMs: number;
  heavyMissLatencyMs: number;
  /** "Now" of the generated data (ms); defaults to midnight UTC today, so data is stable within a day. */
  dataAnchorMs?: number;
}

export const DEFAULT_OPTIONS: Readonly<ReferenceBackendOptions> = {
  port: 8000, host: '127.0.0.1', seed: 42, leads: 100, customers: 50, projects: 75,
  cacheTtlS: 300, listCacheTtlS: 60, cacheEnabled: true, missLatencyMs: 3, heavyMissLatencyMs: 25,
  latencyMs: 0, heavyLatencyMs: 0, errorRate: 0, statsMode: 'ok', statsSlowMs: 10_000, statsShape: 'flat',
};

type Kind =
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string' }
  /** A flag without a value that sets the key to `value`. */
  | { type: 'switch'; value: boolean };

interface OptionSpec {
  flag: string;
  env: string;
  key: Exclude<keyof ReferenceBackendOptions, 'dataAnchorMs'>;
  kind: Kind;
  help: string;
}

const MS_MAX = 600_000;
const COUNT_MAX = 1_000_000;

export const OPTION_SPECS: readonly OptionSpec[] = [
  { flag: '--port', env: 'REF_PORT', key: 'port', kind: { type: 'int', min: 0, max: 65535 }, help: 'port to listen on (0 = any free port)' },
  { flag: '--host', env: 'REF_HOST', key: 'host', kind: { type: 'string' }, help: 'address to bind' },
  { flag: '--seed', env: 'REF_SEED', key: 'seed', kind: { type: 'int', min: 0, max: 4294967295 }, help: 'seed of the generated data' },
  { flag: '--leads', env: 'REF_LEADS', key: 'leads', kind: { type: 'int', min: 0, max: COUNT_MAX }, help: 'leads seeded at start' },
  { flag: '--customers', env: 'REF_CUSTOMERS', key: 'customers', kind: { type: 'int', min: 0, max: COUNT_MAX }, help: 'customers seeded at start' },
  { flag: '--projects', env: 'REF_PROJECTS', key: 'projects', kind: { type: 'int', min: 0, max: COUNT_MAX }, help: 'projects seeded at start' },
  { flag: '--cache-ttl', env: 'REF_CACHE_TTL', key: 'cacheTtlS', kind: { type: 'number', min: 0, max: 86_400 }, help: 'cache TTL in seconds' },
  { flag: '--list-cache-ttl', env: 'REF_LIST_CACHE_TTL', key: 'listCacheTtlS', kind: { type: 'number', min: 0, max: 86_400 }, help: 'TTL of lead lists and searches in seconds (writes do not invalidate them)' },
  { flag: '--no-cache', env: 'REF_NO_CACHE', key: 'cacheEnabled', kind: { type: 'switch', value: false }, help: 'run with the cache off (every lookup misses)' },
  { flag: '--miss-latency-ms', env: 'REF_MISS_LATENCY_MS', key: 'missLatencyMs', kind: { type: 'number', min: 0, max: MS_MAX }, help: 'simulated cost of a cache miss' },
  { flag: '--heavy-miss-latency-ms', env: 'REF_HEAVY_MISS_LATENCY_MS', key: 'heavyMissLatencyMs', kind: { type: 'number', min: 0, max: MS_MAX }, help: 'cost of a miss on heavy analytics' },
  { flag: '--latency-ms', env: 'REF_LATENCY_MS', key: 'latencyMs', kind: { type: 'number', min: 0, max: MS_MAX }, help: 'latency added to every /api route' },
  { flag: '--heavy-latency-ms', env: 'REF_HEAVY_LATENCY_MS', key: 'heavyLatencyMs', kind: { type: 'number', min: 0, max: MS_MAX }, help: 'latency added to heavy analytics only' },
  { flag: '--error-rate', env: 'REF_ERROR_RATE', key: 'errorRate', kind: { type: 'number', min: 0, max: 1 }, help: 'fraction of /api requests answering 500' },
  { flag: '--stats-mode', env: 'REF_STATS_MODE', key: 'statsMode', kind: { type: 'enum', values: STATS_MODES }, help: 'behaviour of GET /api/cache/stats' },
  { flag: '--stats-slow-ms', env: 'REF_STATS_SLOW_MS', key: 'statsSlowMs', kind: { type: 'number', min: 0, max: MS_MAX }, help: 'delay of the stats endpoint in slow mode' },
  { flag: '--stats-shape', env: 'REF_STATS_SHAPE', key: 'statsShape', kind: { type: 'enum', values: STATS_SHAPES }, help: 'JSON shape of GET /api/cache/stats' },
];

export type ParseOutcome =
  | { kind: 'options'; options: ReferenceBackendOptions }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off', ''];

/** Converts one raw value; returns the value or the text after "<name> " in the error message. */
function convert(kind: Kind, raw: string): { value: string | number | boolean } | { problem: string } {
  switch (kind.type) {
    case 'int': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(value) || value < kind.min || value > kind.max) {
        return { problem: `must be an integer between ${kind.min} and ${kind.max} (got ${raw})` };
      }
      return { value };
    }
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value) || value < kind.min || value > kind.max) {
        return { problem: `must be between ${kind.min} and ${kind.max} (got ${raw})` };
      }
      return { value };
    }
    case 'enum':
      return kind.values.includes(raw) ? { value: raw } : { problem: `must be one of ${kind.values.join(', ')} (got ${raw})` };
    case 'string':
      return raw === '' ? { problem: 'must not be empty' } : { value: raw };
    case 'switch': {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.includes(word)) return { value: kind.value };
      if (FALSE_WORDS.includes(word)) return { value: !kind.value };
      return { problem: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS.filter(Boolean)].join(', ')} (got ${raw})` };
    }
  }
}

export function helpText(): string {
  const lines = ['usage: reference-backend [options]', '', 'options (each also settable through its environment variable):'];
  for (const spec of OPTION_SPECS) {
    const value = spec.kind.type === 'switch' ? '' : ' <value>';
    const choices = spec.kind.type === 'enum' ? `: ${spec.kind.values.join('|')}` : '';
    const fallback = spec.kind.type === 'switch' ? '' : ` (default ${String(DEFAULT_OPTIONS[spec.key])})`;
    lines.push(`  ${(spec.flag + value).padEnd(32)} ${spec.env.padEnd(26)} ${spec.help}${choices}${fallback}`);
  }
  lines.push(`  ${'--help'.padEnd(32)} ${''.padEnd(26)} show this text`);
  return lines.join('\n');
}

/** Parses argv (without node and script) and env; flags override env, env overrides defaults. */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ParseOutcome {
  const options: ReferenceBackendOptions = { ...DEFAULT_OPTIONS };
  const assign = (spec: OptionSpec, value: string | number | boolean): void => {
    (options as unknown as Record<string, unknown>)[spec.key] = value;
  };
  for (const spec of OPTION_SPECS) {
    const raw = env[spec.env];
    if (raw === undefined) continue;
    const converted = convert(spec.kind, raw);
    if ('problem' in converted) return { kind: 'error', message: `${spec.env} ${converted.problem}` };
    assign(spec, converted.value);
  }
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: helpText() };
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const spec = OPTION_SPECS.find((candidate) => candidate.flag === flag);
    if (spec === undefined) return { kind: 'error', message: `unknown option ${flag} (see --help)` };
    if (spec.kind.type === 'switch') {
      if (equals !== -1) return { kind: 'error', message: `${flag} takes no value` };
      assign(spec, spec.kind.value);
      continue;
    }
    let raw: string | undefined;
    if (equals !== -1) raw = arg.slice(equals + 1);
    else { raw = argv[i + 1]; i += 1; }
    if (raw === undefined || (equals === -1 && raw.startsWith('--'))) return { kind: 'error', message: `${flag} needs a value` };
    const converted = convert(spec.kind, raw);
    if ('problem' in converted) return { kind: 'error', message: `${flag} ${converted.problem}` };
    assign(spec, converted.value);
  }
  return { kind: 'options', options };
}
