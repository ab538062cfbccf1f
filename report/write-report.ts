/**
 * Writes a run's report folder: report.html, results.json (Artillery's
 * format), endpoints.csv, failures.csv, timeseries.csv, and with a baseline
 * comparison.csv. Used after every run by the crm plugin and by
 * `npm run report`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareModels, type Comparison, type Tolerance } from './compare';
import { comparisonCsv, endpointsCsv, failuresCsv, timeSeriesCsv } from './csv';
import { renderReportHtml } from './html/render';
import { buildReportModel, type ReportModel, type ResultsFile } from './model';

export const REPORT_DIR_ENV = 'LOADTEST_REPORT_DIR';
export const REPORT_SWITCH_ENV = 'LOADTEST_REPORT';

export interface WrittenReport {
  dir: string;
  html: string;
  files: string[];
  model: ReportModel;
  comparison: Comparison | undefined;
}

/** reports/<run>-<UTC timestamp>, e.g. reports/baseline-20261125-153012. */
export function defaultReportDir(root: string, run: string, startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safeRun = run.replace(/[^A-Za-z0-9_-]+/g, '_') || 'run';
  return path.join(root, 'reports', `${safeRun}-${stamp}`);
}

export function writeReportFolder(
  results: ResultsFile,
  dir: string,
  options: { baseline?: ResultsFile; tolerance?: Tolerance; model?: ReportModel } = {},
): WrittenReport {
  const model = options.model ?? buildReportModel(results);
  const comparison = options.baseline
    ? compareModels(buildReportModel(options.baseline), model, options.tolerance)
    : undefined;
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['results.json', JSON.stringify(results, null, 2)],
    ['endpoints.csv', endpointsCsv(model)],
    ['failures.csv', failuresCsv(model)],
    ['timeseries.csv', timeSeriesCsv(model)],
    ...(comparison ? ([['comparison.csv', comparisonCsv(comparison)]] as Array<[string, string]>) : []),
    ['report.html', renderReportHtml(model, comparison ? { comparison } : {})],
  ];
  for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
  return {
    dir,
    html: path.join(dir, 'report.html'),
    files: files.map(([name]) => path.join(dir, name)),
    model,
    comparison,
  };
}

/**
 * Where this run's report goes: LOADTEST_REPORT=off → nowhere; LOADTEST_REPORT_DIR → there; else
 * reports/<run>-<time>.
 */
export function reportDirFor(
  env: NodeJS.ProcessEnv,
  root: string,
  run: string,
  startedAt: number,
  configured?: string | false,
): string | undefined {
  if (/^(off|false|0|no)$/i.test(env[REPORT_SWITCH_ENV] ?? '') || configured === false) return undefined;
  const dir = env[REPORT_DIR_ENV] || (typeof configured === 'string' ? configured : undefined);
  return dir ? path.resolve(root, dir) : defaultReportDir(root, run, startedAt);
}
