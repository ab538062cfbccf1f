/**
 * artillery-plugin-cache-stats
 *
 *   config:
 *     plugins:
 *       cache-stats:
 *         path: /api/cache/stats      # or source: redis + redisUrl
 *         intervalSeconds: 5
 *
 * Main process (once per test, never per worker): reads the backend's cache
 * counters just before the first virtual user, every interval, and at the
 * end; adds the window's hits, misses, polls and poll errors to the report,
 * where ensure can check them. Workers: counts the X-Cache-Hit header and
 * times cached and uncached responses apart.
 */
import { addScenarioHook, artilleryGlobal, isArtilleryWorker, type ArtilleryReport, type ArtilleryScript, type ShutdownEvent, type VuEvents } from './artillery';
import { recordClientSignal } from './client-signal';
import { CacheStatsConfigError, resolveOptions, type CacheStatsOptions } from './config';
import { CachePoller, type PollerSummary } from './poller';
import { newPollerId, StatsSource } from './stats-source';

export { hitRateCondition, METRICS, REPORT_DETAIL_KEY } from './metrics';
export { summaryCounters, writeSummary, type PollerSummary } from './poller';
export type { CacheStatsOptions } from './config';

const HOOK_NAME = 'cacheStatsClientSignal';
/** Where the running poller can be asked for its summary (e.g. by a report writer after Ctrl-C). */
export const REGISTRY = Symbol.for('artillery-plugin-cache-stats');

interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export function currentSummary(): PollerSummary | undefined {
  const registry = (globalThis as Record<symbol, { summary(): PollerSummary } | undefined>)[REGISTRY];
  return registry?.summary();
}

class CacheStatsPlugin {
  constructor(script: ArtilleryScript, events: EventSource) {
    let options: CacheStatsOptions;
    try {
      options = resolveOptions(script.config.plugins?.['cache-stats']);
    } catch (error) {
      if (!(error instanceof CacheStatsConfigError) || isArtilleryWorker()) throw error;
      console.error(error.message);
      process.exit(4); // before any load: nothing to save
    }
    if (isArtilleryWorker()) this.attachClientSignal(script, options);
    else if (options.poll) this.startPolling(script, options, events);
  }

  /** Runs after expect's and metrics-by-endpoint's hooks, on every response of every scenario. */
  private attachClientSignal(script: ArtilleryScript, options: CacheStatsOptions): void {
    const hook = (req: { name?: string }, res: Parameters<typeof recordClientSignal>[2], _context: unknown, vuEvents: VuEvents, done: () => void) => {
      recordClientSignal(options.clientHeader, req, res, vuEvents);
      done();
    };
    addScenarioHook(script, 'afterResponse', HOOK_NAME, hook);
  }

  private startPolling(script: ArtilleryScript, options: CacheStatsOptions, events: EventSource): void {
    const source = new StatsSource(options, script.config.target ?? '', newPollerId());
    const poller = new CachePoller(source, options, (message) => console.warn(message));
    (globalThis as Record<symbol, unknown>)[REGISTRY] = { summary: () => poller.summary() };
    poller.start();
    events.on('stats', (period: ArtilleryReport) => poller.rememberPeriod(period));
    // `done` is emitted synchronously right before Artillery writes the JSON
    // report and runs ensure: the final snapshot is taken here, synchronously.
    events.on('done', (report: ArtilleryReport) => void poller.finish(report));
    artilleryGlobal()?.ext({
      ext: 'beforeExit',
      method: (event: ShutdownEvent) => {
        // Ctrl-C: no `done`; still close the window so a partial report has it.
        if (event.earlyStop) poller.finish(undefined);
      },
    });
  }
}

export const Plugin = CacheStatsPlugin;
export const LEGACY_METRICS_FORMAT = false;
