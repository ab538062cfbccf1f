/**
 * The live view's page: report.html of the run so far (the same sections,
 * charts and look, rendered by the same code from the same model), under a
 * banner that says it is live and how far the run is, with the live script
 * (report/browser/live-page.ts) that reloads it as periods arrive. Pure.
 */
import { clientScript, LIVE_BUNDLE } from './html/client-script';
import { escapeHtml } from './html/escape';
import { renderReportHtml } from './html/render';
import type { ReportModel } from './model';
import { formatProgress, type LiveSnapshot } from './progress';

export const LIVE_BANNER_STYLE =
  'position:sticky;top:0;z-index:10;background:#eef2ff;border:2px solid #6366f1;border-radius:8px;' +
  'padding:10px 14px;margin:0 0 12px;font-size:15px;white-space:pre-wrap;font-family:ui-monospace,monospace';

/** The banner: "LIVE", the progress lines the terminal prints, and room for the verdict at the end. */
export function liveBanner(snapshot: LiveSnapshot): string {
  const lines = formatProgress(snapshot).map((line) => escapeHtml(line.trim()));
  return (
    `<div id="live-banner" role="status" data-state="running" data-periods="${snapshot.periods}" ` +
    `data-requests="${snapshot.requests}" ` +
    `style="${LIVE_BANNER_STYLE}">` +
    `<strong data-live="title">LIVE: figures so far, updated every 10-s period; ` +
    `the verdict at the end is the word that counts</strong>\n` +
    `<span data-live="progress">${lines.join('\n')}</span>\n` +
    `<span data-live="verdict"></span></div>`
  );
}

export function renderLivePage(model: ReportModel, snapshot: LiveSnapshot): string {
  return renderReportHtml(model, {
    title: `LIVE · ${model.meta.run} load test`,
    live: { bannerHtml: liveBanner(snapshot), script: clientScript(LIVE_BUNDLE) },
  });
}
