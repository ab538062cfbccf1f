/**
 * artillery-plugin-crm: the pack's own plugin. Artillery constructs it in the
 * main process and again in every worker thread; each side does its part.
 *
 * Worker side (before the runner starts): applies LOADTEST_TIME_SCALE to the
 * worker's phases, CRM_TARGET to the target, and hands the processor the
 * load's length (variable loadDurationMs) so closed-model users stop on time.
 *
 * Main side: checks the target answers before any user starts (a refused
 * connection stops the run in a second or two, with the reason, instead of
 * minutes of ECONNREFUSED), fixes the run's seed, and says what will run.
 */
import { artilleryGlobal, isArtilleryWorker, type ArtilleryScript } from 'artillery-plugin-cache-stats/dist/artillery';
import { httpGetSync } from 'artillery-plugin-cache-stats/dist/sync-probe';
import {
  formatDuration,
  loadDurationMs,
  peakUsers,
  readTimeScale,
  resolveTarget,
  scalePhases,
  TARGET_ENV,
  TIME_SCALE_ENV,
} from './run-shape';
import { EXIT_CODES, stopRun } from './exit-codes';

export interface CrmPluginOptions {
  /** The run's name (baseline, stress, ...), written by the scenario generator. */
  run?: string;
  /** Health endpoint checked before load starts; false skips the check. */
  healthPath?: string | false;
  /** Timeout of the pre-flight request, ms. */
  preflightTimeoutMs?: number;
}

const DEFAULTS = { healthPath: '/health', preflightTimeoutMs: 3000 } as const;

function optionsOf(script: ArtilleryScript): CrmPluginOptions {
  return (script.config.plugins?.crm ?? {}) as CrmPluginOptions;
}

function cliTarget(runnerOpts: unknown): unknown {
  return (runnerOpts as { cliArgs?: { target?: unknown } } | undefined)?.cliArgs?.target;
}

class CrmPlugin {
  constructor(script: ArtilleryScript, _events: unknown, runnerOpts?: unknown) {
    try {
      if (isArtilleryWorker()) this.shapeWorkerRun(script, runnerOpts);
      else this.prepareMainProcess(script);
    } catch (error) {
      stopRun(EXIT_CODES.badConfig, `crm-loadtest: ${(error as Error).message}`);
    }
  }

  /** Runs in each worker before its runner is created, so changes to the script take effect. */
  private shapeWorkerRun(script: ArtilleryScript, runnerOpts: unknown): void {
    const phases = scalePhases(script.config.phases ?? [], readTimeScale(process.env));
    script.config.phases = phases;
    script.config.variables = { ...script.config.variables, loadDurationMs: loadDurationMs(phases) };
    script.config.target = resolveTarget({
      cliTarget: cliTarget(runnerOpts),
      envTarget: process.env[TARGET_ENV],
      scriptTarget: script.config.target,
    });
  }

  private prepareMainProcess(script: ArtilleryScript): void {
    const options = { ...DEFAULTS, ...optionsOf(script) };
    const scale = readTimeScale(process.env);
    const phases = scalePhases(script.config.phases ?? [], scale);
    const target = resolveTarget({
      cliTarget: artilleryGlobal()?.testInfo?.flags?.target,
      envTarget: process.env[TARGET_ENV],
      scriptTarget: script.config.target,
    });
    // Workers inherit the environment when they start (after plugins are
    // constructed), so one seed reaches all of them and the report can say
    // how to replay this run's payloads.
    process.env.LOADTEST_SEED ??= String(Math.floor(Math.random() * 2 ** 31));

    const users = peakUsers(phases);
    const scaled = scale === 1 ? '' : ` (${TIME_SCALE_ENV}=${scale})`;
    console.log(
      `crm-loadtest: ${options.run ?? 'run'} against ${target}: ${users ?? '?'} users, ` +
        `${formatDuration(loadDurationMs(phases))}${scaled}, seed ${process.env.LOADTEST_SEED}`,
    );

    if (options.healthPath !== false) this.preflight(target, options.healthPath, options.preflightTimeoutMs);
  }

  private preflight(target: string, healthPath: string, timeoutMs: number): void {
    const url = `${target}${healthPath}`;
    const result = httpGetSync({ url, timeoutMs, headers: { 'user-agent': 'crm-loadtest-preflight' } });
    if (!result.ok) {
      stopRun(
        EXIT_CODES.targetUnreachable,
        `crm-loadtest: pre-flight failed, no load was sent: GET ${url}: ${result.reason}.\n` +
          `  Start the backend (npm run backend -- --port 8000) or point the run elsewhere (-t URL or ${TARGET_ENV}).`,
      );
    } else if (result.status >= 400) {
      stopRun(
        EXIT_CODES.targetUnreachable,
        `crm-loadtest: pre-flight failed, no load was sent: GET ${url} answered ${result.status}; ` +
          `the backend is up but not healthy.`,
      );
    }
  }
}

export const Plugin = CrmPlugin;
// Artillery passes the v2 plugin interface its own event emitter format.
export const LEGACY_METRICS_FORMAT = false;
