/**
 * What this run will be, decided once in the main process before any load:
 * the checks that stop a bad run (blank variables, an unknown user type, a
 * bad time scale or processor setting), then the target, the user mix, the
 * effective targets, the ceiling and the run's metadata. Pure but for the
 * seed it leaves in the environment for the workers.
 */
import type { ArtilleryScript } from 'artillery-plugin-cache-stats';
import { endpointsOfMix, throughputCeiling, type Ceiling } from '../../../core/capacity';
import { blankVariablesProblem } from '../../../core/environment';
import { DEFAULT_DRIFT_LIMITS, type DriftLimits, type RunMeta } from '../../../core/run-meta';
import {
  loadDurationMs,
  peakHoldSeconds,
  peakUsers,
  readTimeScale,
  resolveTarget,
  scalePhases,
  TARGET_ENV,
} from '../../../core/run-shape';
import { readProcessorSettings } from '../../../core/settings';
import { effectiveTargets, forEndpointsCalled, validateTargets, type TargetsConfig } from '../../../core/targets';
import { scenarioNameProblem } from './scenario-name';

export interface CrmPluginOptions {
  /** The run's name (baseline, stress, ...), written by the scenario generator. */
  run?: string;
  /** Health endpoint checked before load starts; false skips the check. */
  healthPath?: string | false;
  /** Timeout of the pre-flight request, ms. */
  preflightTimeoutMs?: number;
  /** Targets of this run; the guide's targets when absent. */
  targets?: TargetsConfig;
  /** Check for drift (first vs last window); true for the defaults, or the limits. */
  drift?: boolean | Partial<DriftLimits>;
  /** Report folder: a path, or false for none (LOADTEST_REPORT_DIR / LOADTEST_REPORT=off win). */
  report?: string | false;
}

export const PLUGIN_DEFAULTS = { healthPath: '/health', preflightTimeoutMs: 3000 } as const;

/** The command line as Artillery keeps it (artillery.testInfo.flags). */
export interface RunFlags {
  target?: unknown;
  'scenario-name'?: unknown;
}

export interface RunPlan {
  options: CrmPluginOptions;
  target: string;
  targets: TargetsConfig;
  users: number | undefined;
  ceiling: Ceiling | undefined;
  scale: number;
  cacheStatsConfigured: boolean;
  meta: RunMeta;
}

/** User type → weight as this run will pick them (templated weights resolved; --scenario-name narrows to one). */
export function runMix(script: ArtilleryScript, scenarioName: unknown, env: NodeJS.ProcessEnv): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const scenario of script.scenarios ?? []) {
    const name = scenario.name ?? '';
    const raw = scenario.weight;
    const templated = typeof raw === 'string' ? /\{\{\s*\$(?:processEnvironment|env)\.(\w+)\s*\}\}/.exec(raw) : null;
    const weight = templated ? Number(env[templated[1] as string] ?? 0) : Number(raw ?? 1);
    if (typeof scenarioName === 'string' && scenarioName !== '') {
      if (name === scenarioName || new RegExp(scenarioName).test(name)) mix[name] = 1;
    } else mix[name] = Number.isFinite(weight) ? weight : 0;
  }
  return mix;
}

/** `drift: true` (the defaults) or some limits, as RunMeta's drift field. */
function driftLimits(drift: CrmPluginOptions['drift']): { drift?: DriftLimits } {
  return drift ? { drift: { ...DEFAULT_DRIFT_LIMITS, ...(typeof drift === 'object' ? drift : {}) } } : {};
}

/** Throws, with a message naming what is wrong, when the run must not start (the plugin turns it into exit 4). */
export function planRun(
  script: ArtilleryScript,
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
  artilleryVersion?: string,
): RunPlan {
  const plugins = (script.config.plugins ?? {}) as Record<string, unknown>;
  const options: CrmPluginOptions = { ...PLUGIN_DEFAULTS, ...(plugins.crm as CrmPluginOptions | undefined) };
  const blank = blankVariablesProblem(env);
  if (blank) throw new Error(blank);
  const scenarioProblem = scenarioNameProblem(
    flags['scenario-name'],
    (script.scenarios ?? []).map((s) => s.name ?? ''),
  );
  if (scenarioProblem) throw new Error(scenarioProblem);
  const scale = readTimeScale(env);
  // The processor reads these in every worker; a bad value stops the run here, before load, with its name.
  readProcessorSettings(env);
  const phases = scalePhases(script.config.phases ?? [], scale);
  const target = resolveTarget({
    cliTarget: flags.target,
    envTarget: env[TARGET_ENV],
    scriptTarget: script.config.target,
  });
  const mix = runMix(script, flags['scenario-name'], env);
  // An endpoint target binds only where the run calls the endpoint (one user type alone may not).
  const targets = forEndpointsCalled(
    effectiveTargets(validateTargets(options.targets, 'crm.targets'), env),
    endpointsOfMix(mix),
  );
  const users = peakUsers(phases);
  const ceiling = users ? throughputCeiling(mix, users, peakHoldSeconds(phases)) : undefined;
  const cacheStatsConfigured = plugins['cache-stats'] !== undefined;
  // Workers inherit the environment when they start (after plugins are
  // constructed): one seed reaches all of them, and the report can say how
  // to replay this run's payloads.
  env.LOADTEST_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
  const meta: RunMeta = {
    run: options.run ?? 'run',
    target,
    users,
    plannedMs: loadDurationMs(phases),
    timeScale: scale,
    seed: env.LOADTEST_SEED,
    targets,
    ceiling,
    mix,
    phases: phases.map(({ name, duration, arrivalRate, maxVusers }) => ({ name, duration, arrivalRate, maxVusers })),
    startedAt: Date.now(),
    endedAt: undefined,
    interrupted: false,
    approximate: false,
    artilleryVersion,
    cacheStatsConfigured,
    ...driftLimits(options.drift),
  };
  return { options, target, targets, users, ceiling, scale, cacheStatsConfigured, meta };
}
