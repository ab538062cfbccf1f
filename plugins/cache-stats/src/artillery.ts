/**
 * The slice of Artillery 2's plugin interface this package relies on, typed
 * (Artillery ships no types for plugins). Read in Artillery 2.0.34's source:
 * lib/launch-platform.ts (main process) and lib/platform/local/worker.ts.
 */
import type { EventEmitter } from 'node:events';

export interface ArtilleryPhase {
  name?: string;
  duration?: number;
  pause?: number;
  arrivalRate?: number;
  arrivalCount?: number;
  rampTo?: number;
  maxVusers?: number;
  [key: string]: unknown;
}

/** Scenario-level hooks: processor functions Artillery runs for every request (or user) of the scenario. */
export type ScenarioHook = 'beforeRequest' | 'afterResponse' | 'onError' | 'beforeScenario';

export interface ArtilleryScript {
  config: {
    target?: string;
    phases?: ArtilleryPhase[];
    variables?: Record<string, unknown>;
    plugins?: Record<string, unknown>;
    processor?: unknown;
    ensure?: unknown;
    [key: string]: unknown;
  };
  scenarios?: Array<{ name?: string } & { [hook in ScenarioHook]?: string | string[] } & { [key: string]: unknown }>;
  [key: string]: unknown;
}

/** A metrics report as Artillery's SSMS packs it (period or aggregate). */
export interface ArtilleryReport {
  counters: Record<string, number>;
  rates: Record<string, number>;
  summaries: Record<string, Record<string, number>>;
  histograms?: unknown;
  period?: number | string;
  firstMetricAt?: number;
  lastMetricAt?: number;
  [key: string]: unknown;
}

/** The `global.artillery` object, as far as plugins use it. */
export interface ArtilleryGlobal {
  version: string;
  suggestedExitCode?: number;
  log(message: unknown, level?: string): void;
  ext(hook: { ext: 'beforeExit' | 'onShutdown'; method: (event: ShutdownEvent) => Promise<void> | void }): void;
  testInfo?: { flags?: Record<string, unknown>; testRunId?: string };
  plugins?: Array<{ name: string; plugin?: unknown }>;
  globalEvents?: EventEmitter;
}

export interface ShutdownEvent {
  earlyStop?: boolean;
  exitCode?: number;
  report?: ArtilleryReport;
  flags?: Record<string, unknown>;
}

export function artilleryGlobal(): ArtilleryGlobal | undefined {
  return (globalThis as { artillery?: ArtilleryGlobal }).artillery;
}

/** Artillery loads every plugin in the main process and again in each worker thread. */
export function isArtilleryWorker(): boolean {
  return process.env.LOCAL_WORKER_ID !== undefined;
}

/**
 * Registers `fn` as processor function `name` and appends it to `hook` of
 * every scenario, after the hooks already there (other plugins', the
 * scenario's own), so it sees what they recorded.
 */
export function addScenarioHook(script: ArtilleryScript, hook: ScenarioHook, name: string, fn: unknown): void {
  if (typeof script.config.processor !== 'object' || script.config.processor === null) script.config.processor = {};
  (script.config.processor as Record<string, unknown>)[name] = fn;
  for (const scenario of script.scenarios ?? []) scenario[hook] = [...[scenario[hook] ?? []].flat(), name];
}

/** Virtual-user events inside a worker: custom metrics go through these. */
export interface VuEvents {
  emit(event: 'counter' | 'histogram' | 'rate', name: string, value?: number): unknown;
}
