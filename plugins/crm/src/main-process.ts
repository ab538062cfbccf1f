/**
 * The crm plugin in Artillery's main process: pre-flight, effective targets
 * (file, then SLO_* environment) written into ensure's conditions, the peak
 * throughput added to the final report, and the verdict printed last with
 * the exit code it implies.
 */
import { artilleryGlobal, type ArtilleryReport, type ArtilleryScript, type ShutdownEvent } from 'artillery-plugin-cache-stats/dist/artillery';
import { currentSummary, REPORT_DETAIL_KEY, summaryCounters } from 'artillery-plugin-cache-stats';
import { httpGetSync } from 'artillery-plugin-cache-stats/dist/sync-probe';
import { endpointsOfMix, throughputCeiling, type Ceiling } from '../../../report/capacity';
import { ensureConditions, replacePackConditions, type EnsureCondition } from '../../../report/ensure-conditions';
import { CRM_METRICS } from '../../../report/metric-names';
import { aggregatePeriods, type PeriodReport } from '../../../report/partial';
import { forEndpointsCalled, GUIDE_TARGETS, mergeTargets, targetsFromEnv, validateTargets, type TargetsConfig } from '../../../report/targets';
import { formatVerdict } from '../../../report/terminal';
import { evaluate, type ReportLike } from '../../../report/verdict';
import { EXIT_CODES, stopRun } from './exit-codes';
import { formatDuration, loadDurationMs, peakHoldSeconds, peakUsers, readTimeScale, resolveTarget, scalePhases, TARGET_ENV, TIME_SCALE_ENV } from './run-shape';

export interface CrmPluginOptions {
  /** The run's name (baseline, stress, ...), written by the scenario generator. */
  run?: string;
  /** Health endpoint checked before load starts; false skips the check. */
  healthPath?: string | false;
  /** Timeout of the pre-flight request, ms. */
  preflightTimeoutMs?: number;
  /** Targets of this run; the guide's targets when absent. */
  targets?: TargetsConfig;
}

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
  private readonly cacheStatsConfigured: boolean;

  constructor(script: ArtilleryScript, events: EventSource) {
    const plugins = (script.config.plugins ?? {}) as Record<string, Record<string, unknown> | undefined>;
    this.options = { ...DEFAULTS, ...(plugins.crm as CrmPluginOptions | undefined) };
    const flags = artilleryGlobal()?.testInfo?.flags ?? {};
    const scale = readTimeScale(process.env);
    const phases = scalePhases(script.config.phases ?? [], scale);
    this.target = resolveTarget({ cliTarget: flags.target, envTarget: process.env[TARGET_ENV], scriptTarget: script.config.target });
    const mix = runMix(script, flags['scenario-name'], process.env);
    // An endpoint target binds only where the run calls the endpoint (one user type alone may not).
    this.targets = forEndpointsCalled(
      mergeTargets(GUIDE_TARGETS, validateTargets(this.options.targets, 'crm.targets'), targetsFromEnv(process.env)),
      endpointsOfMix(mix),
    );
    this.users = peakUsers(phases);
    this.ceiling = this.users ? throughputCeiling(mix, this.users, peakHoldSeconds(phases)) : undefined;
    this.cacheStatsConfigured = plugins['cache-stats'] !== undefined;

    // Plugin configs are shared objects between the plugins Artillery loads in
    // this process (2.0.x): ensure reads its conditions at the end of the run,
    // cache-stats its options when it is constructed, after this plugin.
    if (plugins.ensure) replacePackConditions(plugins.ensure as { conditions?: EnsureCondition[] }, ensureConditions(this.targets, this.ceiling));
    if (plugins['cache-stats'] && plugins['cache-stats'].target === undefined) plugins['cache-stats'].target = this.target;

    // Workers inherit the environment when they start (after plugins are
    // constructed): one seed reaches all of them, and the report can say how
    // to replay this run's payloads.
    process.env.LOADTEST_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
    const scaled = scale === 1 ? '' : ` (${TIME_SCALE_ENV}=${scale})`;
    console.log(
      `crm-loadtest: ${this.options.run ?? 'run'} against ${this.target}: ${this.users ?? '?'} users, ` +
        `${formatDuration(loadDurationMs(phases))}${scaled}, seed ${process.env.LOADTEST_SEED}`,
    );
    if (this.options.healthPath !== false) this.preflight(this.options.healthPath ?? DEFAULTS.healthPath);

    events.on('phaseStarted', () => this.checkCacheStatsLoaded());
    events.on('stats', (period: PeriodReport) => this.periods.push(period));
    events.on('done', (report: ArtilleryReport) => this.completeReport(report));
    artilleryGlobal()?.ext({ ext: 'beforeExit', method: (event) => this.finish(event) });
  }

  private preflight(healthPath: string): void {
    const url = `${this.target}${healthPath}`;
    const timeoutMs = this.options.preflightTimeoutMs ?? DEFAULTS.preflightTimeoutMs;
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
        `crm-loadtest: pre-flight failed, no load was sent: GET ${url} answered ${result.status}; the backend is up but not healthy.`,
      );
    }
  }

  /** Artillery only warns about a plugin it cannot find; a cache verdict without its plugin must not pass quietly. */
  private checkCacheStatsLoaded(): void {
    if (!this.cacheStatsConfigured) return;
    const loaded = artilleryGlobal()?.plugins?.some((p) => p.name === 'cache-stats');
    if (loaded === false) {
      console.error(
        'crm-loadtest: config.plugins lists cache-stats, but Artillery could not load artillery-plugin-cache-stats: ' +
          'run `npm ci` (it builds the plugin). The cache check will say NO DATA and fail.',
      );
    }
  }

  /** Sync, on `done`: before Artillery writes the JSON report and ensure checks it. */
  private completeReport(report: ArtilleryReport): void {
    const rates = this.periods.map((p) => p.rates?.['http.request_rate']).filter((r): r is number => typeof r === 'number');
    report.rates = report.rates ?? {};
    if (rates.length > 0) report.rates[CRM_METRICS.peakRequestRate] = Math.max(...rates);
    report.counters = report.counters ?? {};
    report.counters[CRM_METRICS.failedRequests] ??= 0;
  }

  private async finish(event: ShutdownEvent): Promise<void> {
    // Let ensure's own lines print first: the verdict is the last word.
    await new Promise((resolve) => setImmediate(resolve));
    const interrupted = event.earlyStop === true;
    const report: ReportLike = interrupted ? this.partialReport() : ((event.report ?? {}) as ReportLike);
    const verdict = evaluate({ report, targets: this.targets, ceiling: this.ceiling, cacheStatsConfigured: this.cacheStatsConfigured, interrupted });
    const duration = report.firstMetricAt && report.lastMetricAt ? (report.lastMetricAt - report.firstMetricAt) / 1000 : undefined;
    console.log(`\n${formatVerdict(verdict, { run: this.options.run ?? 'run', target: this.target, users: this.users, durationSeconds: duration })}`);
    console.log(`Exit code ${verdict.exitCode}${exitCodeMeaning(verdict.exitCode)}`);
    const global = artilleryGlobal();
    if (global) global.suggestedExitCode = verdict.exitCode;
  }

  private partialReport(): ReportLike {
    const report: ReportLike = aggregatePeriods(this.periods);
    this.completeReport(report as ArtilleryReport);
    const cache = currentSummary();
    if (cache) {
      report[REPORT_DETAIL_KEY] = cache;
      Object.assign(report.counters ?? {}, summaryCounters(cache));
    }
    return report;
  }
}

function exitCodeMeaning(code: number): string {
  switch (code) {
    case EXIT_CODES.pass:
      return ': all checked targets met';
    case EXIT_CODES.criticalTargetFailed:
      return ': a critical target failed (p95 or error rate)';
    case EXIT_CODES.targetFailed:
      return ': a target failed';
    case EXIT_CODES.interrupted:
      return ': interrupted';
    default:
      return '';
  }
}
