/**
 * Main process: what the terminal shows during a run.
 *
 * Artillery's console reporter writes through `global.artillery.log`: a
 * "Phase started" line per phase, a dump of every metric per 10-s period
 * (64–75 lines here even without cache-stats' per-endpoint timings) and the
 * same again at the end. By default (LOADTEST_CONSOLE=progress) the pack prints
 * one short block per period instead (report/progress.ts) and its verdict at
 * the end; Artillery's reporter is silenced by wrapping that one function,
 * only during the synchronous moment in which it prints a period or the
 * summary (plugins get the `stats` and `done` events just before it does).
 * Everything else Artillery or a worker logs still prints.
 *
 * LOADTEST_CONSOLE=artillery keeps Artillery's output, with two changes: the
 * phase lines give the durations the run really has (LOADTEST_TIME_SCALE
 * shortens the phases in the workers; the main process still announces the
 * written ones), and the cache-stats plugin's per-endpoint timings are left
 * out of the dumps (they are in the report).
 */
import { artilleryGlobal, ENDPOINT_LATENCY_PREFIX } from 'artillery-plugin-cache-stats';
import type { ConsoleMode } from '../../../core/settings';

type Log = (...args: unknown[]) => void;

const PHASE_LINE = /^Phase (started|completed): /;

const PER_ENDPOINT_CACHE = Object.values(ENDPOINT_LATENCY_PREFIX);

/** A dump without the blocks of metrics named `prefix…` (a name line and its indented lines). */
export function withoutMetricBlocks(text: string, prefixes: readonly string[]): string {
  const kept: string[] = [];
  let skipping = false;
  for (const line of text.split('\n')) {
    if (prefixes.some((prefix) => line.startsWith(prefix))) skipping = true;
    else if (!line.startsWith('  ')) skipping = false;
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

/** "(index: 0, duration: 300s)" with the duration the run has after LOADTEST_TIME_SCALE. */
export function scaledPhaseLine(text: string, scale: number): string {
  if (scale === 1) return text;
  return text.replace(/duration: (\d+(?:\.\d+)?)s\)/, (_all, seconds: string) => {
    const scaled = Math.max(1, Math.round(Number(seconds) * scale));
    return `duration: ${scaled}s, written ${seconds}s, LOADTEST_TIME_SCALE=${scale})`;
  });
}

export class ConsoleOutput {
  private quiet = false;
  private previousBlock: readonly string[] = [];

  constructor(
    readonly mode: ConsoleMode,
    private readonly timeScale: number,
    private readonly print: (line: string) => void = (line) => console.log(line),
  ) {
    const global = artilleryGlobal() as { log?: Log } | undefined;
    const original = global?.log;
    if (!global || typeof original !== 'function') return;
    global.log = (...args: unknown[]) => {
      const rewritten = this.filter(args);
      if (rewritten) original.apply(global, rewritten);
    };
  }

  /** What Artillery's reporter is about to print, as this mode wants it (undefined: nothing). */
  filter(args: unknown[]): unknown[] | undefined {
    const [first, ...rest] = args;
    if (this.mode === 'progress') {
      if (this.quiet) return undefined;
      if (typeof first === 'string' && PHASE_LINE.test(first)) return undefined;
      return args;
    }
    if (typeof first !== 'string') return args;
    if (PHASE_LINE.test(first)) return [scaledPhaseLine(first, this.timeScale), ...rest];
    return PER_ENDPOINT_CACHE.some((prefix) => first.includes(prefix))
      ? [withoutMetricBlocks(first, PER_ENDPOINT_CACHE), ...rest]
      : args;
  }

  /**
   * Called from the plugins' `stats` / `done` listener: Artillery's reporter
   * prints right after, in the same tick, and is silenced for that tick; the
   * pack's lines are rendered after it, when every plugin (cache-stats'
   * figures for the period among them) has had the event.
   */
  replaceReporterOutput(render: () => readonly string[] = () => []): void {
    if (this.mode !== 'progress') return;
    this.quiet = true;
    setImmediate(() => {
      this.quiet = false;
      const block = render();
      // A line the previous block had in the same place (the targets' standing, while it holds) is not repeated.
      block.forEach((line, i) => {
        if (i === 0 || line !== this.previousBlock[i]) this.print(line);
      });
      this.previousBlock = block;
    });
  }

  /**
   * At `done` the reporter prints its summary dump, then Artillery writes the
   * JSON and goes to the plugins' beforeExit handlers through promises alone
   * (no tick in between): silent until `atExit()` (the pack's verdict, printed
   * at exit, stands for the summary; ensure's checks, printed there too, show).
   */
  replaceSummary(): void {
    if (this.mode === 'progress') this.quiet = true;
  }

  atExit(): void {
    this.quiet = false;
  }
}
