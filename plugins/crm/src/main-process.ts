/**
 * The crm plugin in Artillery's main process, composed of one part per
 * responsibility: the run's plan and the checks that stop a bad run
 * (run-plan.ts), the targets and token handed to ensure and cache-stats
 * (plugin-wiring.ts), the pre-flight (preflight.ts), what the terminal shows
 * during the run (console-output.ts) and the live view (live-server.ts), and
 * the end of the run: periods, the completed report, the verdict, the exit
 * code and the report folder (run-results.ts).
 */
import { artilleryGlobal, type ArtilleryReport, type ArtilleryScript } from 'artillery-plugin-cache-stats';
import { formatDuration, TIME_SCALE_ENV } from '../../../core/run-shape';
import type { PeriodReport } from '../../../report/partial';
import { wireOtherPlugins } from './plugin-wiring';
import { preflight } from './preflight';
import { planRun, PLUGIN_DEFAULTS } from './run-plan';
import { RunResults } from './run-results';
import { ConsoleOutput } from './console-output';
import { readConsoleMode, readLiveSettings, type LiveSettings } from '../../../core/settings';
import { EXIT_CODES, stopRun } from '../../../core/exit-codes';
import { formatProgress, liveSnapshot } from '../../../report/progress';
import { renderLivePage } from '../../../report/live-page';
import { LiveServer } from './live-server';

interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export class CrmMainProcess {
  private checkedPlugins = false;

  constructor(script: ArtilleryScript, events: EventSource) {
    const global = artilleryGlobal();
    const plan = planRun(script, global?.testInfo?.flags ?? {}, process.env, global?.version);
    wireOtherPlugins(
      (script.config.plugins ?? {}) as Record<string, Record<string, unknown> | undefined>,
      plan,
      process.env,
    );

    const scaled = plan.scale === 1 ? '' : ` (${TIME_SCALE_ENV}=${plan.scale})`;
    console.log(
      `crm-loadtest: ${plan.meta.run} against ${plan.target}: ${plan.users ?? '?'} users, ` +
        `${formatDuration(plan.meta.plannedMs ?? 0)}${scaled}, seed ${plan.meta.seed}`,
    );
    const { healthPath, preflightTimeoutMs } = plan.options;
    if (healthPath !== false) {
      preflight(
        plan.target,
        healthPath ?? PLUGIN_DEFAULTS.healthPath,
        preflightTimeoutMs ?? PLUGIN_DEFAULTS.preflightTimeoutMs,
        process.env,
      );
    }

    const results = new RunResults(plan.meta, plan.options.report);
    const terminal = new ConsoleOutput(readConsoleMode(process.env), plan.scale);
    const live = startLiveView(readLiveSettings(process.env), results);
    events.on('phaseStarted', () => this.checkCacheStatsLoaded(plan.cacheStatsConfigured));
    events.on('stats', (period: PeriodReport) => {
      results.rememberPeriod(period);
      terminal.replaceReporterOutput(() => formatProgress(liveSnapshot(results.liveModel())));
      // after every plugin has had the period (cache-stats writes its cache figures into it)
      if (live) setImmediate(() => live.periodArrived());
    });
    events.on('done', (report: ArtilleryReport) => {
      results.completeReport(report);
      terminal.replaceSummary();
    });
    // On a cloud load generator (run-fargate, run-lambda: WORKER_ID is set) this process
    // sees only its share: the verdict and the report belong to the merged report, made
    // by the CLI that launched the run (or by `npm run report` on its -o file).
    global?.ext({
      ext: 'beforeExit',
      method: async (event) => {
        terminal.atExit(); // first: the other plugins' beforeExit handlers print after this one starts
        if (process.env.WORKER_ID !== undefined) return live?.close();
        const final = await results.finish(event);
        await live?.finish(final);
      },
    });
  }

  /** Artillery only warns about a plugin it cannot find; a cache verdict without its plugin must not pass quietly. */
  private checkCacheStatsLoaded(configured: boolean): void {
    if (!configured || this.checkedPlugins) return;
    this.checkedPlugins = true;
    const loaded = artilleryGlobal()?.plugins?.some((p) => p.name === 'cache-stats');
    if (loaded === false) {
      console.error(
        'crm-loadtest: config.plugins lists cache-stats, but Artillery could not load artillery-plugin-cache-stats: ' +
          'run `npm ci` (it builds the plugin). The cache check will say NO DATA and fail.',
      );
    }
  }
}

/** The live view, when LOADTEST_LIVE_PORT asks for it; a port it cannot use stops the run before any load. */
function startLiveView(settings: LiveSettings | undefined, results: RunResults): LiveServer | undefined {
  if (!settings) return undefined;
  const snapshot = () => liveSnapshot(results.liveModel());
  return new LiveServer(
    { snapshot, page: () => renderLivePage(results.liveModel(), snapshot()) },
    settings,
    (url) => console.log(`crm-loadtest: live view at ${url} (GET /live.json for scripts)`),
    (message) => stopRun(EXIT_CODES.badConfig, `crm-loadtest: ${message}`),
  );
}
