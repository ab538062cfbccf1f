/**
 * artillery-plugin-crm: the pack's own plugin. Artillery constructs it in the
 * main process and again in every worker thread; each side does its part.
 *
 * Worker side (before the runner starts): applies LOADTEST_TIME_SCALE to the
 * worker's phases and CRM_TARGET to the target, hands the processor the
 * load's length (variable loadDurationMs) so closed-model users stop on
 * time, and counts each request's outcome (outcome.ts).
 *
 * Main side (main-process.ts): pre-flight, targets into ensure, the verdict.
 */
import { isArtilleryWorker, type ArtilleryScript } from 'artillery-plugin-cache-stats';
import { EXIT_CODES, stopRun } from '../../../core/exit-codes';
import { CrmMainProcess } from './main-process';
import { AUTH_TOKEN_ENV, bearer } from '../../../core/auth';
import { rewriteIdExpectation, type ShapeOverrides } from '../../../core/response-shape';
import { readShapeOverrides } from '../../../core/settings';
import { attachOutcomeHooks } from './outcome';
import { scopeExpect, takeOverEndpointMetrics } from './other-plugins';
import { loadDurationMs, readTimeScale, resolveTarget, scalePhases, TARGET_ENV } from '../../../core/run-shape';

/** Artillery's own User-Agent, kept when default headers are set (setting any replaces it). */
const ARTILLERY_USER_AGENT = 'Artillery (https://artillery.io)';

function addAuthHeader(script: ArtilleryScript, token: string): void {
  const defaults = (script.config.defaults ?? {}) as { headers?: Record<string, string> };
  defaults.headers = { 'user-agent': ARTILLERY_USER_AGENT, ...defaults.headers, authorization: bearer(token) };
  script.config.defaults = defaults;
}

/**
 * LOADTEST_ID_PATH set: every generated id check (expect `jmespath`) looks at
 * that path only, as the processor does, so expect and the processor agree on
 * where the id is. Walks the flow's nested steps (loops) in place.
 */
export function applyIdPathOverride(node: unknown, overrides: ShapeOverrides): void {
  if (!overrides.idPath || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) applyIdPathOverride(item, overrides);
    return;
  }
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.expect))
    record.expect = record.expect.map((check) => rewriteIdExpectation(check, overrides) ?? check);
  for (const [key, value] of Object.entries(record)) if (key !== 'expect') applyIdPathOverride(value, overrides);
}

/** Worker side, before the runner exists: changes to the script take effect. Exported for tests. */
export function shapeWorkerRun(
  script: ArtilleryScript,
  runnerOpts: unknown,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const phases = scalePhases(script.config.phases ?? [], readTimeScale(env));
  script.config.phases = phases;
  script.config.variables = { ...script.config.variables, loadDurationMs: loadDurationMs(phases) };
  script.config.target = resolveTarget({
    cliTarget: (runnerOpts as { cliArgs?: { target?: unknown } } | undefined)?.cliArgs?.target,
    envTarget: env[TARGET_ENV],
    scriptTarget: script.config.target,
  });
  const token = env[AUTH_TOKEN_ENV];
  if (token) addAuthHeader(script, token);
  applyIdPathOverride(script.scenarios, readShapeOverrides(env));
  scopeExpect(script);
  attachOutcomeHooks(script, takeOverEndpointMetrics(script));
}

class CrmPlugin {
  constructor(
    script: ArtilleryScript,
    events: { on(event: string, listener: (...args: never[]) => void): unknown },
    runnerOpts?: unknown,
  ) {
    try {
      if (isArtilleryWorker()) shapeWorkerRun(script, runnerOpts);
      else new CrmMainProcess(script, events);
    } catch (error) {
      stopRun(EXIT_CODES.badConfig, `crm-loadtest: ${(error as Error).message}`);
    }
  }
}

export const Plugin = CrmPlugin;
export const LEGACY_METRICS_FORMAT = false;
