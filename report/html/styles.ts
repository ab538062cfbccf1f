/**
 * The report's stylesheet (inlined). Status colours: PASS green, FAIL red, NO DATA red on grey, WARN amber, NOT
 * CHECKED grey.
 */
export const STYLES = `
:root {
  --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f5f7fa; --paper: #ffffff; --accent: #1d4ed8;
  --pass: #15803d; --pass-bg: #dcfce7; --fail: #b91c1c; --fail-bg: #fee2e2;
  --nodata: #991b1b; --nodata-bg: #e5e7eb; --warn: #b45309; --warn-bg: #fef3c7;
  --unchecked: #475569; --unchecked-bg: #f1f5f9;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font-family:
      system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans",
      sans-serif;
  font-size: 15px; line-height: 1.5;
}
.page { max-width: 1200px; margin: 0 auto; padding: 28px 28px 48px; }
h1 { font-size: 28px; line-height: 1.2; margin: 2px 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 0 0 4px; letter-spacing: -0.005em; }
h3 { font-size: 15px; margin: 22px 0 8px; color: #334155; text-transform: uppercase; letter-spacing: 0.04em; }
h4 { font-size: 14px; margin: 16px 0 6px; color: #334155; }
p { margin: 6px 0; }
.eyebrow { font-size: 12px; font-weight: 600; color: var(--accent); text-transform: uppercase; letter-spacing: 0.08em; }
.subtitle { color: var(--muted); margin: 0 0 14px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.mono, .endpoint {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px;
}
td.endpoint { white-space: nowrap; }
.card-value.small { font-size: 17px; line-height: 1.3; padding-top: 3px; }

.report-head {
  background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 22px 24px 18px;
  margin-bottom: 16px;
}
.result {
  display: flex; align-items: center; gap: 14px; border-radius: 10px; padding: 8px 16px; margin: 8px 0 12px;
  border: 1px solid transparent;
}
.result-word { font-size: 22px; font-weight: 800; letter-spacing: 0.06em; }
.result-meaning { font-size: 15px; }
.meta {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(175px, 1fr)); gap: 8px 18px; margin: 14px 0 0;
  padding-top: 12px; border-top: 1px solid var(--line); font-size: 14px;
}
.meta div, .facts div { min-width: 0; }
.meta dt, .facts dt { font-size: 10.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.meta dd, .facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 12px 0; }
.banner { border-radius: 8px; padding: 10px 14px; margin: 0 0 12px; font-size: 15px; }
.banner-warn { background: var(--warn-bg); color: #78350f; border: 2px solid #f59e0b; }
.banner-fail { background: var(--fail-bg); color: #7f1d1d; border: 2px solid #fca5a5; }

nav.toc {
  position: sticky; top: 0; z-index: 5; background: rgba(245, 247, 250, 0.95); padding: 6px 0 8px;
  margin-bottom: 8px;
}
nav.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; }
nav.toc a {
  display: inline-block; padding: 3px 10px; border-radius: 999px; background: var(--paper);
  border: 1px solid var(--line); color: #334155; text-decoration: none; font-size: 13px;
}
nav.toc a:hover { border-color: var(--accent); color: var(--accent); }

section {
  background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 20px 24px; margin: 0 0 16px;
  scroll-margin-top: 48px;
}
.intro { color: var(--muted); margin: 0 0 12px; }

.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(165px, 1fr)); gap: 12px; margin: 10px 0; }
.card {
  border: 1px solid var(--line); border-left: 4px solid #cbd5e1; border-radius: 8px; padding: 10px 12px;
  background: #fbfcfe; min-width: 0;
}
.card-label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.card-value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card-sub { font-size: 12.5px; color: var(--muted); }
.card.st-pass { border-left-color: var(--pass); } .card.st-fail { border-left-color: var(--fail); }
.card.st-nodata { border-left-color: var(--nodata); background: #f3f4f6; } .card.st-warn { border-left-color: #f59e0b; }
.card.st-unchecked { border-left-color: #94a3b8; }

.st-pass.result, .recommendation.st-pass { background: var(--pass-bg); color: #14532d; border-color: #86efac; }
.st-fail.result, .recommendation.st-fail { background: var(--fail-bg); color: #7f1d1d; border-color: #fca5a5; }
.st-warn.result, .recommendation.st-warn { background: var(--warn-bg); color: #78350f; border-color: #fcd34d; }
.st-nodata.result, .recommendation.st-nodata {
  background: var(--nodata-bg); color: var(--nodata); border-color: #fca5a5;
}
.st-unchecked.result, .recommendation.st-unchecked { background: var(--unchecked-bg); color: var(--unchecked); }

.badge {
  display: inline-block; min-width: 64px; text-align: center; font-size: 11.5px; font-weight: 700;
  letter-spacing: 0.05em; border-radius: 999px; padding: 2px 9px; white-space: nowrap;
}
.badge.st-pass { background: var(--pass-bg); color: var(--pass); }
.badge.st-fail { background: var(--fail-bg); color: var(--fail); }
.badge.st-nodata { background: var(--nodata-bg); color: var(--nodata); box-shadow: inset 0 0 0 1px #fca5a5; }
.badge.st-warn { background: var(--warn-bg); color: var(--warn); }
.badge.st-unchecked { background: var(--unchecked-bg); color: var(--unchecked); box-shadow: inset 0 0 0 1px #cbd5e1; }
.tag {
  display: inline-block; font-size: 10.5px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
  color: #7c2d12; background: #ffedd5; border-radius: 4px; padding: 0 5px; margin-left: 6px; vertical-align: 1px;
  font-family: system-ui, sans-serif;
}
.tag-slow { color: #92400e; background: #fde68a; }

.table-wrap { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th {
  font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600;
  background: #f8fafc; white-space: nowrap;
}
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody tr:hover { background: #f1f5f9; }
th button.sort { all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; }
th button.sort:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
th button.sort::after { content: "↕"; color: #cbd5e1; font-size: 11px; }
th[aria-sort="ascending"] button.sort::after { content: "▲"; color: var(--accent); }
th[aria-sort="descending"] button.sort::after { content: "▼"; color: var(--accent); }
td.bad { color: var(--fail); font-weight: 600; }
td.note-cell { color: #475569; font-size: 13px; max-width: 420px; }
td.value { font-weight: 600; }
td.nowrap { white-space: nowrap; }
tr.slow, tr.slow:nth-child(even) { background: #fffbeb; }
tr.regression, tr.regression:nth-child(even) { background: #fef2f2; }
#verdict-table tr.row-fail td:first-child, #verdict-table tr.row-nodata td:first-child {
  box-shadow: inset 3px 0 0 var(--fail);
}
#verdict-table tr.row-warn td:first-child { box-shadow: inset 3px 0 0 #f59e0b; }

.recommendation { border: 1px solid var(--line); border-radius: 10px; padding: 10px 16px; margin-top: 14px; }
.recommendation h3 { margin: 2px 0 4px; color: inherit; font-size: 12px; }
.recommendation p { white-space: pre-line; font-weight: 600; margin: 0 0 2px; }
.callout { border-radius: 8px; padding: 10px 14px; margin: 10px 0; border: 1px solid var(--line); }
.callout-pass { background: #f0fdf4; border-color: #bbf7d0; color: #14532d; }
.callout-fail { background: #fef2f2; border-color: #fecaca; color: #7f1d1d; }
.callout-warn { background: #fffbeb; border-color: #fde68a; color: #78350f; }
.callout-nodata { background: #f3f4f6; border-color: #fca5a5; color: #7f1d1d; }
.callout-unchecked { background: var(--unchecked-bg); border-color: #cbd5e1; color: #334155; }
.callout .badge { margin-right: 6px; }
.warnings { margin: 6px 0 0; padding-left: 20px; overflow-wrap: anywhere; }
.ceiling { color: #334155; }
.empty { color: var(--muted); font-style: italic; margin: 8px 0; }

.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
figure.chart { margin: 8px 0; min-width: 0; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 6px; color: #334155; }
.chart-box { position: relative; height: 270px; }
#distribution .chart-box, #stress .chart-box, #drift .chart-box { height: 310px; }
#cache .chart-box { height: 230px; }
.chart-caption { font-size: 12.5px; color: var(--muted); }
.chart-empty .empty { padding: 24px 0; }

footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 24px; }

@media (max-width: 640px) {
  .page { padding: 12px; }
  section, .report-head { padding: 14px; }
  .chart-grid { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; font-size: 12px; }
  nav.toc { display: none; }
  section, .report-head { border: none; padding: 8px 0; break-inside: avoid-page; }
  figure.chart { break-inside: avoid; }
  tbody tr:hover { background: inherit; }
}
`;
