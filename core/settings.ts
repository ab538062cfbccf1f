/**
 * The processors' knobs, read once per worker from the environment.
 * Bad values stop the run with a message naming the variable, instead of
 * quietly falling back to a default nobody asked for.
 */
import { ID_PATH_ENV, LIST_PATH_ENV, parseDottedPath, type ShapeOverrides } from './response-shape';
import { testEmailDomain } from './test-data-domain';

export interface ProcessorSettings {
  /** Run seed; undefined means a fresh random seed per run. */
  seed: number | undefined;
  emailDomain: string;
  /** How many lead ids one user remembers (older ones are forgotten). */
  maxOwnedLeads: number;
  /** Think times are multiplied by this: 0 = no think (capacity runs); 1 = the guide's. */
  thinkScale: number;
  /** Where answers keep ids and list items, when not found by the usual candidates (response-shape.ts). */
  shape: ShapeOverrides;
}

export const DEFAULT_MAX_OWNED_LEADS = 25;

function integerFromEnv(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  }
  return value;
}

function thinkScaleFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.LOADTEST_THINK_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 10) {
    throw new Error(`LOADTEST_THINK_SCALE must be a number from 0 (no think: capacity runs) to 10 (got "${raw}")`);
  }
  return value;
}

/**
 * LOADTEST_ID_PATH / LOADTEST_LIST_PATH: unset means "find it" (the usual shapes);
 * set, even blank, means "use exactly this path", so a blank one is an error.
 * The tools (seed, warm-cache) read the same variables through this function.
 */
export function readShapeOverrides(env: NodeJS.ProcessEnv = process.env): ShapeOverrides {
  const idPath = parseDottedPath(ID_PATH_ENV, env[ID_PATH_ENV]);
  const listPath = parseDottedPath(LIST_PATH_ENV, env[LIST_PATH_ENV]);
  return { ...(idPath ? { idPath } : {}), ...(listPath ? { listPath } : {}) };
}

export function readProcessorSettings(env: NodeJS.ProcessEnv = process.env): ProcessorSettings {
  return {
    seed: integerFromEnv(env, 'LOADTEST_SEED', 0),
    emailDomain: testEmailDomain(env),
    maxOwnedLeads: integerFromEnv(env, 'LOADTEST_MAX_OWNED_LEADS', 6) ?? DEFAULT_MAX_OWNED_LEADS,
    thinkScale: thinkScaleFromEnv(env),
    shape: readShapeOverrides(env),
  };
}

/** What the terminal shows during a run: the pack's progress block per period, or Artillery's own dumps. */
export const CONSOLE_ENV = 'LOADTEST_CONSOLE';
export const CONSOLE_MODES = ['progress', 'artillery'] as const;
export type ConsoleMode = (typeof CONSOLE_MODES)[number];

export function readConsoleMode(env: NodeJS.ProcessEnv = process.env): ConsoleMode {
  const raw = env[CONSOLE_ENV];
  if (raw === undefined) return 'progress';
  const mode = CONSOLE_MODES.find((m) => m === raw.trim().toLowerCase());
  if (!mode) throw new Error(`${CONSOLE_ENV} must be one of ${CONSOLE_MODES.join(', ')} (got "${raw}")`);
  return mode;
}

/** The live view (plugins/crm/src/live-server.ts): off unless a port is given. */
export const LIVE_PORT_ENV = 'LOADTEST_LIVE_PORT';
export const LIVE_HOST_ENV = 'LOADTEST_LIVE_HOST';

export interface LiveSettings {
  port: number;
  host: string;
}

/** LOADTEST_LIVE_PORT unset: no live view; set: a port from 0 (any free one) to 65535, on 127.0.0.1 by default. */
export function readLiveSettings(env: NodeJS.ProcessEnv = process.env): LiveSettings | undefined {
  const raw = env[LIVE_PORT_ENV];
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${LIVE_PORT_ENV} must be a port number from 0 to 65535 (got "${raw}")`);
  const host = env[LIVE_HOST_ENV]?.trim() || '127.0.0.1';
  return { port, host };
}
