/**
 * Typed options of the reference backend: defaults, command-line flags and REF_*
 * environment variables (flags win over env, env over defaults). Parsing is pure and
 * returns an outcome instead of exiting, so it can be unit-tested; cli.ts turns an
 * error outcome into "error: …" on stderr and exit code 2.
 */
import { STATS_MODES, STATS_SHAPES, type FaultSettings } from './faults';
import { ANSWER_PROFILES, DEFAULT_PROFILE, LIST_KEYS, profileProblem, type ProfileSettings } from './profile';

/** The fault knobs (changeable at run time through the admin API) and the rest. */
/** The token a protected backend requires (env only, never a flag, never printed). */
export const AUTH_TOKEN_ENV = 'REF_AUTH_TOKEN';

export interface ReferenceBackendOptions extends FaultSettings, ProfileSettings {
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
  /**
   * When set, every /api route and /health answer 401 without `Authorization: Bearer <token>`,
   * like a CRM behind auth. From REF_AUTH_TOKEN only: a flag would show the token in `ps`.
   */
  authToken?: string;
}

export const DEFAULT_OPTIONS: Readonly<ReferenceBackendOptions> = {
  port: 8000,
  host: '127.0.0.1',
  seed: 42,
  leads: 100,
  customers: 50,
  projects: 75,
  cacheTtlS: 300,
  listCacheTtlS: 60,
  cacheEnabled: true,
  missLatencyMs: 3,
  heavyMissLatencyMs: 25,
  latencyMs: 0,
  heavyLatencyMs: 0,
  errorRate: 0,
  statsMode: 'ok',
  statsSlowMs: 10_000,
  statsShape: 'flat',
  ...DEFAULT_PROFILE,
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
  key: Exclude<keyof ReferenceBackendOptions, 'dataAnchorMs' | 'authToken'>;
  kind: Kind;
  help: string;
}

const MS_MAX = 600_000;
const COUNT_MAX = 1_000_000;

export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    flag: '--port',
    env: 'REF_PORT',
    key: 'port',
    kind: { type: 'int', min: 0, max: 65535 },
    help: 'port to listen on (0 = any free port)',
  },
  { flag: '--host', env: 'REF_HOST', key: 'host', kind: { type: 'string' }, help: 'address to bind' },
  {
    flag: '--seed',
    env: 'REF_SEED',
    key: 'seed',
    kind: { type: 'int', min: 0, max: 4294967295 },
    help: 'seed of the generated data',
  },
  {
    flag: '--leads',
    env: 'REF_LEADS',
    key: 'leads',
    kind: { type: 'int', min: 0, max: COUNT_MAX },
    help: 'leads seeded at start',
  },
  {
    flag: '--customers',
    env: 'REF_CUSTOMERS',
    key: 'customers',
    kind: { type: 'int', min: 0, max: COUNT_MAX },
    help: 'customers seeded at start',
  },
  {
    flag: '--projects',
    env: 'REF_PROJECTS',
    key: 'projects',
    kind: { type: 'int', min: 0, max: COUNT_MAX },
    help: 'projects seeded at start',
  },
  {
    flag: '--cache-ttl',
    env: 'REF_CACHE_TTL',
    key: 'cacheTtlS',
    kind: { type: 'number', min: 0, max: 86_400 },
    help: 'cache TTL in seconds',
  },
  {
    flag: '--list-cache-ttl',
    env: 'REF_LIST_CACHE_TTL',
    key: 'listCacheTtlS',
    kind: { type: 'number', min: 0, max: 86_400 },
    help: 'TTL of lead lists and searches in seconds (writes do not invalidate them)',
  },
  {
    flag: '--no-cache',
    env: 'REF_NO_CACHE',
    key: 'cacheEnabled',
    kind: { type: 'switch', value: false },
    help: 'run with the cache off (every lookup misses)',
  },
  {
    flag: '--miss-latency-ms',
    env: 'REF_MISS_LATENCY_MS',
    key: 'missLatencyMs',
    kind: { type: 'number', min: 0, max: MS_MAX },
    help: 'simulated cost of a cache miss',
  },
  {
    flag: '--heavy-miss-latency-ms',
    env: 'REF_HEAVY_MISS_LATENCY_MS',
    key: 'heavyMissLatencyMs',
    kind: { type: 'number', min: 0, max: MS_MAX },
    help: 'cost of a miss on heavy analytics',
  },
  {
    flag: '--latency-ms',
    env: 'REF_LATENCY_MS',
    key: 'latencyMs',
    kind: { type: 'number', min: 0, max: MS_MAX },
    help: 'latency added to every /api route',
  },
  {
    flag: '--heavy-latency-ms',
    env: 'REF_HEAVY_LATENCY_MS',
    key: 'heavyLatencyMs',
    kind: { type: 'number', min: 0, max: MS_MAX },
    help: 'latency added to heavy analytics only',
  },
  {
    flag: '--error-rate',
    env: 'REF_ERROR_RATE',
    key: 'errorRate',
    kind: { type: 'number', min: 0, max: 1 },
    help: 'fraction of /api requests answering 500',
  },
  {
    flag: '--stats-mode',
    env: 'REF_STATS_MODE',
    key: 'statsMode',
    kind: { type: 'enum', values: STATS_MODES },
    help: 'behaviour of GET /api/cache/stats',
  },
  {
    flag: '--stats-slow-ms',
    env: 'REF_STATS_SLOW_MS',
    key: 'statsSlowMs',
    kind: { type: 'number', min: 0, max: MS_MAX },
    help: 'delay of the stats endpoint in slow mode',
  },
  {
    flag: '--stats-shape',
    env: 'REF_STATS_SHAPE',
    key: 'statsShape',
    kind: { type: 'enum', values: STATS_SHAPES },
    help: 'JSON shape of GET /api/cache/stats',
  },
  {
    flag: '--profile',
    env: 'REF_PROFILE',
    key: 'profile',
    kind: { type: 'enum', values: ANSWER_PROFILES },
    help: 'answer shape: plain, or envelope {"success": true, "data": ...}',
  },
  {
    flag: '--list-key',
    env: 'REF_LIST_KEY',
    key: 'listKey',
    kind: { type: 'enum', values: LIST_KEYS },
    help: "where lists go without the envelope (leads = the collection's name; bare = the array alone)",
  },
  {
    flag: '--put-status',
    env: 'REF_PUT_STATUS',
    key: 'putStatus',
    kind: { type: 'int', min: 200, max: 299 },
    help: 'status of a successful PUT (204: no body)',
  },
  {
    flag: '--delete-status',
    env: 'REF_DELETE_STATUS',
    key: 'deleteStatus',
    kind: { type: 'int', min: 200, max: 299 },
    help: 'status of a successful DELETE (204: no body)',
  },
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
      return kind.values.includes(raw)
        ? { value: raw }
        : { problem: `must be one of ${kind.values.join(', ')} (got ${raw})` };
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
  const lines = [
    'usage: reference-backend [options]',
    '',
    'options (each also settable through its environment variable):',
  ];
  for (const spec of OPTION_SPECS) {
    const value = spec.kind.type === 'switch' ? '' : ' <value>';
    const choices = spec.kind.type === 'enum' ? `: ${spec.kind.values.join('|')}` : '';
    const fallback = spec.kind.type === 'switch' ? '' : ` (default ${String(DEFAULT_OPTIONS[spec.key])})`;
    lines.push(`  ${(spec.flag + value).padEnd(32)} ${spec.env.padEnd(26)} ${spec.help}${choices}${fallback}`);
  }
  lines.push(
    `  ${''.padEnd(32)} ${AUTH_TOKEN_ENV.padEnd(26)} require this bearer token on /api routes and /health (env only)`,
  );
  lines.push(`  ${'--help'.padEnd(32)} ${''.padEnd(26)} show this text`);
  return lines.join('\n');
}

/** Parses argv (without node and script) and env; flags override env, env overrides defaults. */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ParseOutcome {
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
    else {
      raw = argv[i + 1];
      i += 1;
    }
    if (raw === undefined || (equals === -1 && raw.startsWith('--')))
      return { kind: 'error', message: `${flag} needs a value` };
    const converted = convert(spec.kind, raw);
    if ('problem' in converted) return { kind: 'error', message: `${flag} ${converted.problem}` };
    assign(spec, converted.value);
  }
  const problem = profileProblem(options);
  if (problem !== undefined) return { kind: 'error', message: problem };
  const token = env[AUTH_TOKEN_ENV];
  if (token !== undefined) {
    if (token.trim() === '')
      return { kind: 'error', message: `${AUTH_TOKEN_ENV} is set but blank: unset it, or give the token to require` };
    options.authToken = token;
  }
  return { kind: 'options', options };
}
