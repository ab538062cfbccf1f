/**
 * The end of a run in the main process: the reporting periods as they come,
 * the final report completed before ensure and the JSON see it, then the
 * verdict, the exit code and the report folder (also after Ctrl-C, from the
 * periods seen so far).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  artilleryGlobal,
  currentSummary,
  settledSummary,
  writeSummary,
  type ArtilleryReport,
  type ShutdownEvent,
} from 'artillery-plugin-cache-stats';
import { exitCodeMeaning } from '../../../core/exit-codes';
import { CRM_METRICS } from '../../../core/metric-names';
import { RUN_META_KEY, type RunMeta } from '../../../core/run-meta';
import { buildReportModel, type ReportModel, type ResultsFile } from '../../../report/model';
import { aggregatePeriods, RunningSketches, type PeriodReport } from '../../../report/partial';
import { formatVerdict } from '../../../report/terminal';
import { modelSoFar } from '../../../report/progress';
import type { LiveFinal } from '../../../report/live-protocol';
import { overallResult } from '../../../report/html/sections-head';
import { loadSpan, peakOfFullPeriods, PERIOD_MS, periodStart } from '../../../report/timeline';
import type { ReportLike } from '../../../report/verdict';
import { reportDirFor, writeReportFolder } from '../../../report/write-report';

/** A previous run's results.json to compare this run with, in the report. */
const BASELINE_ENV = 'LOADTEST_BASELINE';

export class RunResults {
  private readonly periods: PeriodReport[] = [];
  private readonly sketches = new RunningSketches();
  private live: { periods: number; model: ReportModel } | undefined;

  constructor(
    private readonly meta: RunMeta,
    private readonly reportOption: string | false | undefined,
  ) {}

  /**
   * A reporting period: its figures are kept, its latency sketches folded into
   * one running sketch per metric and then dropped from the period (after the
   * other listeners have had it; Artillery needs only the summaries later), so
   * memory does not grow with every period's ~70 sketches for the whole run.
   */
  rememberPeriod(period: PeriodReport): void {
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
  completeReport(report: ArtilleryReport, interrupted = false): void {
    this.meta.endedAt = Date.now();
    const peak = peakOfFullPeriods(
      this.periods,
      loadSpan(report as ReportLike, this.periods, interrupted ? this.meta.endedAt : undefined),
    );
    report.rates = report.rates ?? {};
    if (peak !== undefined) report.rates[CRM_METRICS.peakRequestRate] = peak;
    report.counters = report.counters ?? {};
    report.counters[CRM_METRICS.failedRequests] ??= 0;
    report[RUN_META_KEY] = this.meta;
  }

  /** Artillery's beforeExit: the verdict printed last, its exit code, the report folder; what the live view shows. */
  async finish(event: ShutdownEvent): Promise<LiveFinal> {
    // Let ensure's own lines print first: the verdict and the report path are the last word.
    await new Promise((resolve) => setImmediate(resolve));
    const interrupted = event.earlyStop === true;
    const aggregate = interrupted ? await this.partialReport() : ((event.report ?? {}) as ReportLike);
    const results: ResultsFile = { aggregate: jsonReady(aggregate), intermediate: this.periods.map(jsonReady) };
    const model = buildReportModel(results);
    const header = {
      run: this.meta.run,
      target: this.meta.target,
      users: this.meta.users,
      durationSeconds: model.meta.durationSeconds,
    };
    const verdictText = formatVerdict(model.verdict, header);
    console.log(`\n${verdictText}`);
    const { exitCode } = model.verdict;
    const meaning = exitCodeMeaning(exitCode);
    console.log(`Exit code ${exitCode}${meaning ? `: ${meaning}` : ''}`);
    const global = artilleryGlobal();
    if (global) global.suggestedExitCode = exitCode;
    const reportPath = this.writeReport(results, model);
    return { result: overallResult(model).word, exitCode, verdictText, reportPath, interrupted };
  }

  /** The report folder; a failure to write it is reported, never lets the verdict or exit code go. */
  private writeReport(results: ResultsFile, model: ReturnType<typeof buildReportModel>): string | undefined {
    const dir = reportDirFor(process.env, process.cwd(), this.meta.run, this.meta.startedAt, this.reportOption);
    if (!dir) return undefined;
    try {
      const baselineFile = process.env[BASELINE_ENV];
      const baseline = baselineFile ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as ResultsFile) : undefined;
      const written = writeReportFolder(results, dir, { model, ...(baseline ? { baseline } : {}) });
      if (written.comparison) {
        const n = written.comparison.regressions.length;
        const outcome = n === 0 ? 'no regression' : `${n} regression(s): see the report's comparison section`;
        console.log(`Compared with ${baselineFile}: ${outcome}`);
      }
      const shown = path.relative(process.cwd(), written.html) || written.html;
      console.log(`Report: ${shown}`);
      return shown;
    } catch (error) {
      console.error(`crm-loadtest: could not write the report to ${dir}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * The report model of the periods so far, with the cache window so far:
   * what the run looks like now. Built once per period (the terminal, the
   * live page and /live.json share it).
   */
  liveModel(now = Date.now()): ReportModel {
    if (this.live?.periods === this.periods.length) return this.live.model;
    const model = modelSoFar(this.periods, this.meta, this.sketches, currentSummary(), now);
    this.live = { periods: this.periods.length, model };
    return model;
  }

  /** Ctrl-C: no final report from Artillery; one from the periods seen so far. */
  private async partialReport(): Promise<ReportLike> {
    const partial = aggregatePeriods(this.periods, this.sketches);
    const report: ReportLike = partial;
    this.completeReport(report as ArtilleryReport, true);
    Object.assign(this.meta, { interrupted: true, approximate: partial.approximate });
    // The request figures end with the last reported period: the cache window
    // is cut there too, so both sections count the same stretch of the run
    // (the report states the window's exact span). Settled: the reading taken
    // at that boundary may still be on its way.
    const lastPeriodEnd =
      this.periods.length > 0 ? Math.max(...this.periods.map((p) => periodStart(p) + PERIOD_MS)) : Date.now();
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
