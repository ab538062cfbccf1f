/** Sections for particular runs: stress (breaking point), sustained (drift), and the comparison with an earlier run. */
import type { Comparison, ComparisonRow, Tolerance } from '../compare';
import type { ReportModel } from '../model';
import { escapeHtml } from './escape';
import { driftChart, stressChart, timeOrigin, type ChartSet } from './charts';
import {
  badge,
  callout,
  card,
  clock,
  count,
  factList,
  fmt,
  note,
  num,
  numTd,
  section,
  signed,
  table,
  td,
  textTd,
} from './format';

export function stressSection(model: ReportModel, charts: ChartSet): string {
  const s = model.stress;
  if (!s) return '';
  const bp = s.breakingPoint;
  const origin = timeOrigin(model);
  const cards =
    '<div class="cards">' +
    (bp
      ? card('Breaking point', `${count(bp.activeUsers)} users`, `at ${clock(bp.t - origin)} since start`, 'FAIL')
      : card('Breaking point', 'none', `up to ${count(s.maxUsers)} users`, 'PASS')) +
    card('Most active users', count(s.maxUsers)) +
    card('Failure mode', s.failureMode) +
    '</div>';
  const headline = bp
    ? callout('fail', s.summary, { id: 'breaking-point' })
    : callout(
        'pass',
        `No breaking point up to ${count(s.maxUsers)} users: ` +
          `p95 and error rate stayed under their targets in every period.`,
        { id: 'breaking-point' },
      );
  const detail = bp
    ? note(`At the breaking point: p95 ${fmt(bp.p95, 'ms')}, error rate ${fmt(bp.errorRatePct, '%')} (${bp.reason}).`)
    : '';
  return section(
    'stress',
    'Stress: breaking point',
    headline + cards + detail + stressChart(model, charts),
    'The breaking point is the first 10-second period whose p95 or error rate reaches its ' +
      'target, with the users active then.',
  );
}

export function driftSection(model: ReportModel, charts: ChartSet): string {
  const d = model.drift;
  if (!d) return '';
  const line = model.verdict.lines.find((l) => l.key === 'drift');
  const status = line?.status ?? (d.pass ? 'PASS' : 'FAIL');
  const p95Change = d.first.p95 !== null && d.last.p95 !== null ? d.last.p95 - d.first.p95 : null;
  const p95ChangePct = p95Change !== null && d.first.p95 ? (100 * p95Change) / d.first.p95 : null;
  const errChange =
    d.first.errorRatePct !== null && d.last.errorRatePct !== null ? d.last.errorRatePct - d.first.errorRatePct : null;
  const rows = [
    '<tr data-metric="p95">' +
      textTd('p95 (request-weighted)') +
      numTd(d.first.p95, fmt(d.first.p95, 'ms')) +
      numTd(d.last.p95, fmt(d.last.p95, 'ms')) +
      numTd(p95Change, `${signed(p95Change, 'ms')}${p95ChangePct !== null ? ` (${signed(p95ChangePct, '%')})` : ''}`) +
      numTd(
        d.p95SlopeMsPerMinute,
        d.p95SlopeMsPerMinute === null ? '–' : `${signed(d.p95SlopeMsPerMinute, 'ms')}/min`,
      ) +
      textTd(`at most +${d.limits.maxP95IncreasePct} % (and +${d.limits.minP95IncreaseMs} ms before it counts)`) +
      '</tr>',
    '<tr data-metric="error-rate">' +
      textTd('error rate') +
      numTd(d.first.errorRatePct, fmt(d.first.errorRatePct, '%')) +
      numTd(d.last.errorRatePct, fmt(d.last.errorRatePct, '%')) +
      numTd(errChange, errChange === null ? '–' : `${signed(errChange, '')} points`) +
      numTd(
        d.errorRateSlopePtsPerMinute,
        d.errorRateSlopePtsPerMinute === null ? '–' : `${signed(d.errorRateSlopePtsPerMinute, '')} points/min`,
      ) +
      textTd(`at most +${d.limits.maxErrorRateIncreasePts} points`) +
      '</tr>',
  ];
  const verdict = callout(
    status === 'PASS' ? 'pass' : 'fail',
    status === 'PASS'
      ? `No drift: the last ${d.windowSeconds} s look like the first ${d.windowSeconds} s.`
      : d.reasons.length > 0
        ? `Drift: ${d.reasons.join('; ')}.`
        : 'The drift check failed.',
    { id: 'drift-result', badge: status },
  );
  const body =
    verdict +
    table(
      'drift-table',
      [
        { label: 'Metric' },
        { label: `First ${d.windowSeconds} s`, num: true },
        { label: `Last ${d.windowSeconds} s`, num: true },
        { label: 'Change', num: true },
        { label: 'Trend', num: true },
        { label: 'Limit' },
      ],
      rows,
    ) +
    driftChart(model, charts);
  return section(
    'drift',
    'Sustained load: drift',
    body,
    'The first and last windows of the steady part of the run (ramp-up and wind-down left out), ' +
      'and a straight-line trend through every period.',
  );
}

export function toleranceText(t: Tolerance): string {
  return [
    `latency may grow ${t.latencyPct} % (and at least ${t.latencyMinMs} ms)`,
    `error rate may rise ${t.errorRatePts} points`,
    `cache hit rate may drop ${t.cacheHitRatePts} points`,
    `throughput may drop ${t.throughputPct} %`,
  ].join(', ');
}

function comparisonRow(r: ComparisonRow, withName: boolean): string {
  const unit = r.unit === '%' ? '' : r.unit;
  const value = (v: number | null) =>
    numTd(v, v === null ? '–' : r.unit === '%' ? fmt(v, '%') : r.unit === '' ? count(v) : num(v));
  const change = r.change === null ? '–' : r.unit === '%' ? `${signed(r.change, '')} points` : signed(r.change, unit);
  return (
    `<tr${r.regression ? ' class="regression"' : ''} data-regression="${r.regression}">` +
    (withName ? td(escapeHtml(r.name), r.name, 'endpoint') : '') +
    textTd(withName ? r.metric : `${r.name}${r.unit ? ` (${r.unit})` : ''}`) +
    value(r.old) +
    value(r.new) +
    numTd(r.change, change) +
    numTd(r.changePct, r.changePct === null ? '–' : `${signed(r.changePct, '')} %`) +
    td(
      r.regression
        ? badge('FAIL', 'REGRESSION')
        : r.note
          ? `<span class="muted">${escapeHtml(r.note)}</span>`
          : '<span class="muted">ok</span>',
      r.regression ? 1 : 0,
    ) +
    '</tr>'
  );
}

/** "1 endpoint", "3 endpoints": the raw number and the noun, plural unless it is one. */
const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function comparisonSection(comparison: Comparison | undefined): string {
  if (!comparison) return '';
  const runRows = comparison.rows.filter((r) => r.scope === 'run');
  // Regressions first, then as compareModels ordered them (by endpoint name).
  const endpointRows = comparison.rows
    .filter((r) => r.scope === 'endpoint')
    .sort((a, b) => Number(b.regression) - Number(a.regression));
  const n = comparison.regressions.length;
  const runRegressions = comparison.regressions.filter((r) => r.scope === 'run').map((r) => r.name);
  const endpointRegressions = comparison.regressions.filter((r) => r.scope === 'endpoint');
  const endpointCount = new Set(endpointRegressions.map((r) => r.name)).size;
  const parts = [
    runRegressions.length > 0 ? `run: ${runRegressions.join(', ')}` : '',
    endpointRegressions.length > 0
      ? `${counted(endpointRegressions.length, 'endpoint figure')} on ${counted(endpointCount, 'endpoint')} ` +
        `(listed first below)`
      : '',
  ].filter(Boolean);
  const headers = [
    { label: 'Old', num: true },
    { label: 'New', num: true },
    { label: 'Change', num: true },
    { label: 'Change %', num: true },
    { label: 'Regression' },
  ];
  const body =
    factList('facts', [
      ['Old run', comparison.oldLabel],
      ['New run', comparison.newLabel],
      ['Tolerance', toleranceText(comparison.tolerance), 'tolerance'],
    ]) +
    callout(
      n === 0 ? 'pass' : 'fail',
      n === 0
        ? 'No regressions beyond the tolerance.'
        : `${n} regression${n === 1 ? '' : 's'} beyond the tolerance: ${parts.join('; ')}.`,
      { id: 'regressions' },
    ) +
    '<h3>Run</h3>' +
    table(
      'comparison-run',
      [{ label: 'Metric' }, ...headers],
      runRows.map((r) => comparisonRow(r, false)),
    ) +
    (endpointRows.length > 0
      ? '<h3>By endpoint</h3>' +
        table(
          'comparison-endpoints',
          [{ label: 'Endpoint' }, { label: 'Metric' }, ...headers],
          endpointRows.map((r) => comparisonRow(r, true)),
          { sortable: true },
        )
      : '');
  return section('comparison', 'Comparison with an earlier run', body);
}
