/**
 * report.html: one self-contained file (styles, data, Chart.js and the
 * report's script inlined; a CSP that forbids any network request) from a
 * report model. Pure apart from reading Chart.js once per process.
 */
import type { Comparison } from '../compare';
import type { ReportModel } from '../model';
import { ChartSet } from './charts';
import { escapeHtml } from './escape';
import { dateTime } from './format';
import { page, type LiveParts } from './page';
import { cacheSection, throughputSection } from './sections-cache';
import { header, overallResult, verdictSection } from './sections-head';
import {
  distributionSection,
  endpointsSection,
  errorsSection,
  overTimeSection,
  userTypesSection,
} from './sections-main';
import { comparisonSection, driftSection, stressSection } from './sections-runs';

export interface RenderOptions {
  comparison?: Comparison;
  /** The page heading and <title>; default "<run> load test". */
  title?: string;
  /** The live view's banner and script (report/live-page.ts). */
  live?: LiveParts;
}

/** What the page's script reads from the JSON data block. */
export interface ReportData {
  version: 1;
  run: string;
  exitCode: number;
  verdict: Array<{ key: string; status: string }>;
  charts: ChartSet['specs'];
}

export function renderReportHtml(model: ReportModel, options: RenderOptions = {}): string {
  const charts = new ChartSet();
  const parts: Array<{ id: string; label: string; html: string }> = [
    { id: 'verdict', label: 'Verdict', html: verdictSection(model) },
    { id: 'over-time', label: 'Over time', html: overTimeSection(model, charts) },
    { id: 'distribution', label: 'Distribution', html: distributionSection(model, charts) },
    { id: 'endpoints', label: 'Endpoints', html: endpointsSection(model) },
    { id: 'user-types', label: 'User types', html: userTypesSection(model) },
    { id: 'errors', label: 'Errors', html: errorsSection(model) },
    { id: 'cache', label: 'Cache', html: cacheSection(model, charts) },
    { id: 'throughput', label: 'Throughput', html: throughputSection(model) },
    { id: 'stress', label: 'Stress', html: stressSection(model, charts) },
    { id: 'drift', label: 'Drift', html: driftSection(model, charts) },
    { id: 'comparison', label: 'Comparison', html: comparisonSection(options.comparison) },
  ].filter((p) => p.html !== '');
  const title = options.title ?? `${model.meta.run} load test`;
  const data: ReportData = {
    version: 1,
    run: model.meta.run,
    exitCode: model.verdict.exitCode,
    verdict: model.verdict.lines.map((l) => ({ key: l.key, status: l.status })),
    charts: charts.specs,
  };
  return page({
    title: `${overallResult(model).word} · ${title} · ${dateTime(model.meta.startedAt)}`,
    header: header(model, options.title, options.comparison, options.live !== undefined),
    nav: [{ id: 'summary', label: 'Summary' }, ...parts.map(({ id, label }) => ({ id, label }))],
    sections: parts.map((p) => p.html),
    data,
    footer:
      `crm-loadtest report for run “${escapeHtml(model.meta.run)}”, ` +
      `generated ${escapeHtml(dateTime(model.meta.generatedAt))}`,
    ...(options.live ? { live: options.live } : {}),
  });
}
