/**
 * The pack's environment variables, checked once in the main process before
 * any load. Each reader treats an unset variable as "use the default"; a
 * variable that is set but blank (`LOADTEST_TIME_SCALE=" "`) is almost always
 * a mistake (a CI secret that did not resolve, a shell quoting slip), and
 * quietly running the default would test something nobody asked for. So a
 * blank value stops the run with exit code 4, naming the variables.
 */
import { ENV_OVERRIDES } from 'artillery-plugin-cache-stats';
import { AUTH_TOKEN_ENV } from './auth';
import { ID_PATH_ENV, LIST_PATH_ENV } from './response-shape';
import { TARGET_SPECS } from './targets';
import { TARGET_ENV, TIME_SCALE_ENV } from './run-shape';
import { CONSOLE_ENV, LIVE_HOST_ENV, LIVE_PORT_ENV } from './settings';

/** Variables the pack reads outside the targets and cache-stats tables (those are added from their own tables). */
const OTHER_VARIABLES = [
  TARGET_ENV,
  AUTH_TOKEN_ENV,
  TIME_SCALE_ENV,
  'LOADTEST_THINK_SCALE',
  'LOADTEST_SEED',
  'LOADTEST_EMAIL_DOMAIN',
  'LOADTEST_MAX_OWNED_LEADS',
  'LOADTEST_REALTIME_WEIGHT',
  ID_PATH_ENV,
  LIST_PATH_ENV,
  'LOADTEST_REPORT',
  'LOADTEST_REPORT_DIR',
  'LOADTEST_BASELINE',
  'CACHE_STATS_TOKEN',
  CONSOLE_ENV,
  LIVE_PORT_ENV,
  LIVE_HOST_ENV,
] as const;

/** Every variable a run of the pack reads, each once. */
export const PACK_VARIABLES: readonly string[] = [
  ...new Set([...OTHER_VARIABLES, ...TARGET_SPECS.map((spec) => spec.env), ...Object.values(ENV_OVERRIDES)]),
];

/** The pack's variables that are set but hold only whitespace. */
export function blankVariables(env: NodeJS.ProcessEnv, names: readonly string[] = PACK_VARIABLES): string[] {
  return names.filter((name) => env[name] !== undefined && (env[name] as string).trim() === '');
}

/** The message for blank variables, or undefined when there are none. Never prints a value (tokens are among them). */
export function blankVariablesProblem(
  env: NodeJS.ProcessEnv,
  names: readonly string[] = PACK_VARIABLES,
): string | undefined {
  const blank = blankVariables(env, names);
  if (blank.length === 0) return undefined;
  const list = blank.join(', ');
  return (
    `${list} ${blank.length === 1 ? 'is' : 'are'} set but blank. ` +
    (`Unset ${blank.length === 1 ? 'it' : 'them'} to use the default, or give a value (see README: Environment ` +
      `variables).`)
  );
}
