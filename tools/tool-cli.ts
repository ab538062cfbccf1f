/** What the pack's command-line tools share: default target, argument checks, exit codes, error reporting. */
import { DEFAULT_TARGET, TARGET_ENV } from '../core/run-shape';
import { CrmRequestError } from './crm-client';

export const TOOL_EXIT = {
  ok: 0,
  /** A request failed (the message says which and how). */
  requestFailed: 1,
  /** The CRM could not be reached at all. */
  unreachable: 3,
  /** A bad argument or environment value. */
  badInput: 4,
} as const;

export class BadInputError extends Error {}

/** CRM_TARGET, or the CRM's default; set but blank is a mistake (an unresolved CI secret), not "the default". */
export function defaultTarget(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env[TARGET_ENV];
  if (raw !== undefined && raw.trim() === '')
    throw new BadInputError(`${TARGET_ENV} is set but blank: unset it for the default, or give a URL`);
  return raw?.trim() ?? DEFAULT_TARGET;
}

export function nonNegativeInteger(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < 0) {
    throw new BadInputError(`${flag} must be a whole number >= 0 (got "${raw}")`);
  }
  return value;
}

/** The rejection handler of a tool's main(): one line on stderr and the matching exit code, no stack trace. */
export function exitWith(usage: string) {
  return (error: unknown) => {
    const err = error as Error & { code?: string };
    if (
      err instanceof BadInputError ||
      err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      console.error(`error: ${err.message}\n\n${usage}`);
      process.exitCode = TOOL_EXIT.badInput;
    } else if (err instanceof CrmRequestError) {
      console.error(`error: ${err.message}`);
      process.exitCode = /connection refused|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|aborted/i.test(err.message)
        ? TOOL_EXIT.unreachable
        : TOOL_EXIT.requestFailed;
    } else {
      console.error(err);
      process.exitCode = TOOL_EXIT.requestFailed;
    }
  };
}
