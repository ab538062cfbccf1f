/**
 * The crm plugin in Artillery's main process: pre-flight, effective targets
 * (file, then SLO_* environment) written into ensure's conditions, the peak
 * throughput added to the final report, and the verdict printed last with
 * the exit code it implies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  artilleryGlobal,
  type ArtilleryReport,
  type ArtilleryScript,
  DEFAULT_OPTIONS,
  ENV_OVERRIDES as CACHE_STATS_ENV,
  httpGetSync,
  settledSummary,
  type ShutdownEvent,
  writeSummary,
} from 'artillery-plugin-cache-stats';
import { endpointsOfMix, throughputCeiling, type Ceiling } from '../../../core/capacity';
import { ensureConditions, replacePackConditions, type EnsureCondition } from '../../../core/ensure-conditions';
import { CRM_METRICS } from '../../../core/metric-names';
import { aggregatePeriods, RunningSketches, type PeriodReport } from '../../../report/partial';
import { DEFAULT_DRIFT_LIMITS, RUN_META_KEY, type DriftLimits, type RunMeta } from '../../../core/run-meta';
import { effectiveTargets, forEndpointsCalled, validateTargets, type TargetsConfig } from '../../../core/targets';
import { buildReportModel, type ResultsFile } from '../../../report/model';
import { loadSpan, peakOfFullPeriods, PERIOD_MS, periodStart } from '../../../report/timeline';
import { formatVerdict } from '../../../report/terminal';
import type { ReportLike } from '../../../report/verdict';
import { reportDirFor, writeReportFolder } from '../../../report/write-report';
import { readProcessorSettings } from '../../../core/settings';
import { AUTH_TOKEN_ENV, bearer } from '../../../core/auth';
import { EXIT_CODES, exitCodeMeaning, stopRun } from '../../../core/exit-codes';
import { blankVariablesProblem } from '../../../core/environment';
import { scenarioNameProblem } from './scenario-name';
import { formatDuration, loadDurationMs, peakHoldSeconds, peakUsers, readTimeScale, resolveTarget, scalePhases, TARGET_ENV, TIME_SCALE_ENV } from '../../../core/run-shape';

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

/** A previous run's results.json to compare this run with, in the report. */
const BASELINE_ENV = 'LOADTEST_BASELINE';

interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

const DEFAULTS = { healthPath: '/health', preflightTimeoutMs: 3000 } as const;

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

export class CrmMainProcess {
  private readonly options: CrmPluginOptions;
  private readonly target: string;
  private readonly targets: TargetsConfig;
  private readonly ceiling: Ceiling | undefined;
  private readonly users: number | undefined;
  private readonly periods: PeriodReport[] = [];
  private readonly sketches = new RunningSketches();
  private readonly cacheStatsConfigured: boolean;
  private readonly meta: RunMeta;

  constructor(script: ArtilleryScript, events: EventSource) {
    const plugins = (script.config.plugins ?? {}) as Record<string, Record<string, unknown> | undefined>;
    this.options = { ...DEFAULTS, ...(plugins.crm as CrmPluginOptions | undefined) };
    const flags = artilleryGlobal()?.testInfo?.flags ?? {};
    const blank = blankVariablesProblem(process.env);
    if (blank) throw new Error(blank);
    const scenarioProblem = scenarioNameProblem(flags['scenario-name'], (script.scenarios ?? []).map((s) => s.name ?? ''));
    if (scenarioProblem) throw new Error(scenarioProblem);
    const scale = readTimeScale(process.env);
    // The processor reads these in every worker; a bad value stops the run here, before load, with its name.
    readProcessorSettings(process.env);
    const phases = scalePhases(script.config.phases ?? [], scale);
    this.target = resolveTarget({ cliTarget: flags.target, envTarget: process.env[TARGET_ENV], scriptTarget: script.config.target });
    const mix = runMix(script, flags['scenario-name'], process.env);
    // An endpoint target binds only where the run calls the endpoint (one user type alone may not).
    this.targets = forEndpointsCalled(
      effectiveTargets(validateTargets(this.options.targets, 'crm.targets'), process.env),
      endpointsOfMix(mix),
    );
    this.users = peakUsers(phases);
    this.ceiling = this.users ? throughputCeiling(mix, this.users, peakHoldSeconds(phases)) : undefined;
    this.cacheStatsConfigured = plugins['cache-stats'] !== undefined;
    // Workers inherit the environment when they start (after plugins are
    // constructed): one seed reaches all of them, and the report can say how
    // to replay this run's payloads.
    process.env.LOADTEST_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
    this.meta = {
      run: this.options.run ?? 'run',
      target: this.target,
      users: this.users,
      plannedMs: loadDurationMs(phases),
      timeScale: scale,
      seed: process.env.LOADTEST_SEED,
      targets: this.targets,
      ceiling: this.ceiling,
      mix,
      phases: phases.map(({ name, duration, arrivalRate, maxVusers }) => ({ name, duration, arrivalRate, maxVusers })),
      startedAt: Date.now(),
      endedAt: undefined,
      interrupted: false,
      approximate: false,
      artilleryVersion: artilleryGlobal()?.version,
      cacheStatsConfigured: this.cacheStatsConfigured,
      ...driftLimits(this.options.drift),
    };

    // Plugin configs are shared objects between the plugins Artillery loads in
    // this process (2.0.x): ensure reads its conditions at the end of the run,
    // cache-stats its options when it is constructed, after this plugin.
    if (plugins.ensure) replacePackConditions(plugins.ensure as { conditions?: EnsureCondition[] }, ensureConditions(this.targets, this.ceiling));
    if (plugins['cache-stats'] && plugins['cache-stats'].target === undefined) plugins['cache-stats'].target = this.target;
    // A CRM behind auth usually protects its stats endpoint with the same token: without a token of
    // its own (CACHE_STATS_TOKEN or a configured variable), the poller sends CRM_AUTH_TOKEN's.
    if (plugins['cache-stats'] && useCrmTokenForStats(plugins['cache-stats'], process.env)) plugins['cache-stats'].authTokenEnv = AUTH_TOKEN_ENV;

    const scaled = scale === 1 ? '' : ` (${TIME_SCALE_ENV}=${scale})`;
    console.log(
      `crm-loadtest: ${this.meta.run} against ${this.target}: ${this.users ?? '?'} users, ` +
        `${formatDuration(this.meta.plannedMs ?? 0)}${scaled}, seed ${this.meta.seed}`,
    );
    if (this.options.healthPath !== false) this.preflight(this.options.healthPath ?? DEFAULTS.healthPath);

    events.on('phaseStarted', () => this.checkCacheStatsLoaded());
    events.on('stats', (period: PeriodReport) => this.rememberPeriod(period));
    events.on('done', (report: ArtilleryReport) => this.completeReport(report));
    // On a cloud load generator (run-fargate, run-lambda: WORKER_ID is set) this process
    // sees only its share: the verdict and the report belong to the merged report, made
    // by the CLI that launched the run (or by `npm run report` on its -o file).
    if (process.env.WORKER_ID === undefined) artilleryGlobal()?.ext({ ext: 'beforeExit', method: (event) => this.finish(event) });
  }

  private preflight(healthPath: string): void {
    const url = `${this.target}${healthPath}`;
    const timeoutMs = this.options.preflightTimeoutMs ?? DEFAULTS.preflightTimeoutMs;
    // A CRM that protects /health needs the same token as the load's requests (never printed).
    const token = process.env[AUTH_TOKEN_ENV];
    const headers: Record<string, string> = { 'user-agent': 'crm-loadtest-preflight', ...(token ? { authorization: bearer(token) } : {}) };
    const result = httpGetSync({ url, timeoutMs, headers });
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
          (result.status === 401 || result.status === 403
            ? `the backend wants credentials: ${token ? `check the token in ${AUTH_TOKEN_ENV}` : `set ${AUTH_TOKEN_ENV}`}.`
            : 'the backend is up but not healthy.'),
      );
    }
  }

  /** Artillery only warns about a plugin it cannot find; a cache verdict without its plugin must not pass quietly. */
  private checkedPlugins = false;

  private checkCacheStatsLoaded(): void {
    if (!this.cacheStatsConfigured || this.checkedPlugins) return;
    this.checkedPlugins = true;
    const loaded = artilleryGlobal()?.plugins?.some((p) => p.name === 'cache-stats');
    if (loaded === false) {
      console.error(
        'crm-loadtest: config.plugins lists cache-stats, but Artillery could not load artillery-plugin-cache-stats: ' +
          'run `npm ci` (it builds the plugin). The cache check will say NO DATA and fail.',
      );
    }
  }

  /**
   * A reporting period: its figures are kept, its latency sketches folded into
   * one running sketch per metric and then dropped from the period (after the
   * other listeners have had it; Artillery needs only the summaries later), so
   * memory does not grow with every period's ~70 sketches for the whole run.
   */
  private rememberPeriod(period: PeriodReport): void {
    this.sketches.add(period);
    this.periods.push(period);
    setImmediate(() => {
      period.histograms = period.summaries;
    });
  }

  /**
   * Sync, on `done`: before Artillery writes the JSON report and ensure checks it.
   * The peak is responses per second of the best full 10-s period, by the
   * same rule the report uses (report/timeline.ts); without a full period
   * it stays absent, so ensure's throughput check fails rather than passes.
   * `interrupted`: the load ran until now, past the last period's last event.
   */
  private completeReport(report: ArtilleryReport, interrupted = false): void {
    this.meta.endedAt = Date.now();
    const peak = peakOfFullPeriods(this.periods, loadSpan(report as ReportLike, this.periods, interrupted ? this.meta.endedAt : undefined));
    report.rates = report.rates ?? {};
    if (peak !== undefined) report.rates[CRM_METRICS.peakRequestRate] = peak;
    report.counters = report.counters ?? {};
    report.counters[CRM_METRICS.failedRequests] ??= 0;
    report[RUN_META_KEY] = this.meta;
  }

  private async finish(event: ShutdownEvent): Promise<void> {
    // Let ensure's own lines print first: the verdict and the report path are the last word.
    await new Promise((resolve) => setImmediate(resolve));
    const interrupted = event.earlyStop === true;
    const aggregate = interrupted ? await this.partialReport() : ((event.report ?? {}) as ReportLike);
    const results: ResultsFile = { aggregate: jsonReady(aggregate), intermediate: this.periods.map(jsonReady) };
    const model = buildReportModel(results);
    const header = { run: this.meta.run, target: this.target, users: this.users, durationSeconds: model.meta.durationSeconds };
    console.log(`\n${formatVerdict(model.verdict, header)}`);
    const meaning = exitCodeMeaning(model.verdict.exitCode);
    console.log(`Exit code ${model.verdict.exitCode}${meaning ? `: ${meaning}` : ''}`);
    const global = artilleryGlobal();
    if (global) global.suggestedExitCode = model.verdict.exitCode;
    this.writeReport(results, model);
  }

  /** The report folder; a failure to write it is reported, never lets the verdict or exit code go. */
  private writeReport(results: ResultsFile, model: ReturnType<typeof buildReportModel>): void {
    const dir = reportDirFor(process.env, process.cwd(), this.meta.run, this.meta.startedAt, this.options.report);
    if (!dir) return;
    try {
      const baselineFile = process.env[BASELINE_ENV];
      const baseline = baselineFile ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as ResultsFile) : undefined;
      const written = writeReportFolder(results, dir, { model, ...(baseline ? { baseline } : {}) });
      if (written.comparison) {
        const n = written.comparison.regressions.length;
        console.log(`Compared with ${baselineFile}: ${n === 0 ? 'no regression' : `${n} regression(s): see the report's comparison section`}`);
      }
      console.log(`Report: ${path.relative(process.cwd(), written.html) || written.html}`);
    } catch (error) {
      console.error(`crm-loadtest: could not write the report to ${dir}: ${(error as Error).message}`);
    }
  }

  private async partialReport(): Promise<ReportLike> {
    const partial = aggregatePeriods(this.periods, this.sketches);
    const report: ReportLike = partial;
    this.completeReport(report as ArtilleryReport, true);
    Object.assign(this.meta, { interrupted: true, approximate: partial.approximate });
    // The request figures end with the last reported period: the cache window
    // is cut there too, so both sections count the same stretch of the run
    // (the report states the window's exact span). Settled: the reading taken
    // at that boundary may still be on its way.
    const lastPeriodEnd = this.periods.length > 0 ? Math.max(...this.periods.map((p) => periodStart(p) + PERIOD_MS)) : Date.now();
    const cache = await settledSummary(Math.min(lastPeriodEnd, Date.now()));
    if (cache) writeSummary(report as ArtilleryReport, cache);
    return report;
  }
}

/** As Artillery writes its -o file: summaries in place of the latency sketches, nothing that is not data. */
function jsonReady<T extends ReportLike>(report: T): T {
  const { histograms: _sketches, ...rest } = report as T & { histograms?: unknown };
  return JSON.parse(JSON.stringify({ ...rest, histograms: report.summaries ?? {} })) as T;
}

/** True when the stats poller has no token of its own but the load has one. */
export function useCrmTokenForStats(cacheStatsOptions: Record<string, unknown>, env: NodeJS.ProcessEnv): boolean {
  const configured = cacheStatsOptions.authTokenEnv !== undefined || env[CACHE_STATS_ENV.authTokenEnv] !== undefined;
  return !configured && env[DEFAULT_OPTIONS.authTokenEnv] === undefined && env[AUTH_TOKEN_ENV] !== undefined;
}

/** `drift: true` (the defaults) or some limits, as RunMeta's drift field. */
function driftLimits(drift: CrmPluginOptions['drift']): { drift?: DriftLimits } {
  return drift ? { drift: { ...DEFAULT_DRIFT_LIMITS, ...(typeof drift === 'object' ? drift : {}) } } : {};
}


