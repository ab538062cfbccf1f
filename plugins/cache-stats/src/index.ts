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
import {
  addScenarioHook,
  artilleryGlobal,
  isArtilleryWorker,
  type ArtilleryReport,
  type ArtilleryScript,
  type ShutdownEvent,
  type VuEvents,
} from './artillery';
import { recordClientSignal } from './client-signal';
import { CacheStatsConfigError, resolveOptions, type CacheStatsOptions } from './config';
import { CachePoller, type PollerSummary } from './poller';
import { newPollerId, StatsSource } from './stats-source';

// The package's public surface: everything another package uses comes from here (the
// `exports` map closes dist/ paths), so the files inside can move without breaking anyone.
export { ENDPOINT_LATENCY_PREFIX, hitRateCondition, METRICS, REPORT_DETAIL_KEY } from './metrics';
export { addScenarioHook, artilleryGlobal, isArtilleryWorker } from './artillery';
export type {
  ArtilleryGlobal,
  ArtilleryPhase,
  ArtilleryReport,
  ArtilleryScript,
  ScenarioHook,
  ShutdownEvent,
  VuEvents,
} from './artillery';
export { DEFAULT_OPTIONS, ENV_OVERRIDES } from './config';
export { httpGetSync } from './sync-probe';
export { hitRatePct } from './stats-window';
export { POLLER_ID_HEADER, POLLER_USER_AGENT } from './stats-source';
export { BOUNDARY_SLACK_MS, summaryCounters, writeSummary, type PollerSummary } from './poller';
export type { CacheStatsOptions } from './config';

const HOOK_NAME = 'cacheStatsClientSignal';
/** Where the running poller can be asked for its summary (e.g. by a report writer after Ctrl-C). */
export const REGISTRY = Symbol.for('artillery-plugin-cache-stats');

interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

interface Registry {
  summary(cut: { until?: number | undefined }): PollerSummary;
  settle(): Promise<void>;
}

const registry = (): Registry | undefined => (globalThis as Record<symbol, Registry | undefined>)[REGISTRY];

/**
 * The running poller's summary. With `until` (epoch ms), the window cut at
 * the last reading taken by then: on Ctrl-C, pass the end of the last
 * completed reporting period so requests and cache figures cover the same time.
 */
export function currentSummary(until?: number): PollerSummary | undefined {
  return registry()?.summary({ until });
}

/** As currentSummary, once a read in flight has answered: a reading at the boundary may still be on its way. */
export async function settledSummary(until?: number): Promise<PollerSummary | undefined> {
  await registry()?.settle();
  return currentSummary(until);
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
    const hook = (
      req: { name?: string },
      res: Parameters<typeof recordClientSignal>[2],
      _context: unknown,
      vuEvents: VuEvents,
      done: () => void,
    ) => {
      recordClientSignal(options.clientHeader, req, res, vuEvents);
      done();
    };
    addScenarioHook(script, 'afterResponse', HOOK_NAME, hook);
  }

  private startPolling(script: ArtilleryScript, options: CacheStatsOptions, events: EventSource): void {
    const source = new StatsSource(options, script.config.target ?? '', newPollerId());
    const poller = new CachePoller(source, options, (message) => console.warn(message));
    const entry: Registry = { summary: (cut) => poller.summary(cut), settle: () => poller.settle() };
    (globalThis as Record<symbol, unknown>)[REGISTRY] = entry;
    poller.start();
    events.on('stats', (period: ArtilleryReport) => poller.rememberPeriod(period));
    // `done` is emitted synchronously right before Artillery writes the JSON
    // report and runs ensure: the final snapshot is taken here, synchronously.
    events.on('done', (report: ArtilleryReport) => void poller.finish(report));
    artilleryGlobal()?.ext({
      ext: 'beforeExit',
      method: async (event: ShutdownEvent) => {
        // Ctrl-C: no `done`; close the window (awaiting a read in flight) so a partial report has it.
        if (event.earlyStop) await poller.close();
        // Normal end: a read abandoned at `done` is counted; let it reach the backend before the process exits.
        else await poller.settle();
      },
    });
  }
}

export const Plugin = CacheStatsPlugin;
export const LEGACY_METRICS_FORMAT = false;
