/** The top of the report: header with run facts, summary figures, and the verdict table. */
import type { Comparison } from '../compare';
import { FULL_PERIOD } from '../timeline';
import type { ReportModel } from '../model';
import { EXIT_CODES, exitCodeMeaning } from '../../core/exit-codes';
import { formatDriftValue, recommendationText } from '../terminal';
import type { Status, VerdictLine } from '../verdict';
import { escapeHtml } from './escape';
import {
  badge,
  card,
  count,
  dateTime,
  duration,
  factList,
  fmt,
  formatValue,
  note,
  section,
  statusClass,
  table,
  td,
} from './format';

export interface Overall {
  word: 'PASS' | 'FAIL' | 'INTERRUPTED';
  status: Status;
  meaning: string;
}

export function overallResult(model: ReportModel): Overall {
  const { verdict } = model;
  const warned = verdict.lines.filter((l) => l.status === 'WARN').length;
  const meaning = exitCodeMeaning(verdict.exitCode) ?? `exit code ${verdict.exitCode}`;
  switch (verdict.exitCode) {
    case EXIT_CODES.pass:
      return {
        word: 'PASS',
        status: warned > 0 ? 'WARN' : 'PASS',
        meaning: `${meaning}${warned > 0 ? `, ${warned} with a warning` : ''}`,
      };
    case EXIT_CODES.interrupted:
      return { word: 'INTERRUPTED', status: 'WARN', meaning };
    default: {
      const failed = verdict.exitCode !== EXIT_CODES.pass || verdict.failed.length > 0;
      return { word: failed ? 'FAIL' : 'PASS', status: failed ? 'FAIL' : 'PASS', meaning };
    }
  }
}

/**
 * The terminal's recommendation without its icon (the box around it carries
 * the colour, and not every machine has an emoji font).
 */
const plainRecommendation = (verdict: ReportModel['verdict']): string => recommendationText(verdict).lines.join('\n');

/** The value of a verdict line as the terminal prints it. */
function verdictValue(line: VerdictLine): string {
  return line.key === 'drift' ? formatDriftValue(line.value) : formatValue(line.value, line.unit);
}

function metaList(model: ReportModel): string {
  const m = model.meta;
  const timeScale = m.timeScale === 1 ? '1 (real time)' : `${m.timeScale}× (shortened run)`;
  const items: Array<[string, string]> = [
    ['Run', m.run],
    ['Target', m.target || '(not recorded)'],
    ['Start', dateTime(m.startedAt)],
    ['End', dateTime(m.endedAt)],
    ['Duration', duration(m.durationSeconds)],
    ['Users (peak)', m.users === undefined ? '–' : count(m.users)],
    ['Seed', m.seed ?? '(random)'],
    ['Time scale', timeScale],
  ];
  if (m.artilleryVersion) items.push(['Artillery', m.artilleryVersion]);
  items.push(['Report generated', dateTime(m.generatedAt)]);
  return factList('meta', items);
}

function banners(model: ReportModel): string {
  const out: string[] = [];
  const outage = model.verdict.outage;
  if (outage) {
    out.push(
      `<div class="banner banner-fail" role="alert" id="banner-outage"><strong>THE TARGET STOPPED ` +
        `ANSWERING.</strong> ${escapeHtml(outage.text)}.</div>`,
    );
  }
  if (model.meta.interrupted) {
    out.push(
      '<div class="banner banner-warn" role="alert" id="banner-interrupted"><strong>INTERRUPTED RUN.</strong> ' +
        ('The run was stopped before its end: every figure below covers only the part that ran. Run ' +
          'it to the end before deciding.</div>'),
    );
  }
  if (model.meta.approximate) {
    out.push(
      '<div class="banner banner-warn" role="alert" id="banner-approximate"><strong>APPROXIMATE FIGURES.</strong> ' +
        ('The totals were rebuilt from the reporting periods; percentiles are those of the worst ' +
          'period, so they overstate the run’s latency.</div>'),
    );
  }
  return out.join('');
}

/** The top of the page: heading, overall result, key figures, run facts. */
/** `live`: the run is still going (the live view): the result is the standing so far, said so. */
export function header(
  model: ReportModel,
  title: string | undefined,
  comparison: Comparison | undefined,
  live = false,
): string {
  const overall = overallResult(model);
  const heading = title ?? `${model.meta.run} load test`;
  const word = live ? `${overall.word} so far` : overall.word;
  const meaning = live
    ? `the run goes on; were it to end now: exit code ${model.verdict.exitCode}, ${overall.meaning}`
    : `exit code ${model.verdict.exitCode}: ${overall.meaning}`;
  return [
    '<header class="report-head" id="summary">',
    '<div class="eyebrow">CRM load test report</div>',
    `<h1>${escapeHtml(heading)}</h1>`,
    `<div class="result st-${statusClass(overall.status)}" id="overall" ` +
      `data-result="${overall.word}" data-exit-code="${model.verdict.exitCode}">`,
    `<span class="result-word">${word}</span>`,
    `<span class="result-meaning">${escapeHtml(meaning)}</span></div>`,
    banners(model),
    summaryCards(model, comparison),
    metaList(model),
    '</header>',
  ].join('');
}

function summaryCards(model: ReportModel, comparison: Comparison | undefined): string {
  const { measured: m, lines } = model.verdict;
  const status = (key: string) => lines.find((l) => l.key === key)?.status;
  const cards = [
    card('Requests', count(m.requests), `${fmt(m.averageRps, 'req/s')} average (responses)`),
    card('Failed requests', count(m.failed), `error rate ${fmt(m.errorRatePct, '%')}`, status('error_rate_pct')),
    card('95th percentile', fmt(m.latency.p95, 'ms'), `median ${fmt(m.latency.median, 'ms')}`, status('p95_ms')),
    card('99th percentile', fmt(m.latency.p99, 'ms'), `max ${fmt(m.latency.max, 'ms')}`, status('p99_ms')),
    card(
      'Peak throughput',
      m.peakRps === undefined ? `no ${FULL_PERIOD}` : fmt(m.peakRps, 'req/s'),
      `peak of ${FULL_PERIOD}s${model.verdict.ceiling ? `, ceiling ${fmt(model.verdict.ceiling.rps, 'req/s')}` : ''}`,
      status('throughput_rps'),
    ),
    card(
      'Cache hit rate',
      m.cache.hitRatePct === undefined ? 'NO DATA' : fmt(m.cache.hitRatePct, '%'),
      m.cache.hitRatePct === undefined ? 'see Cache' : 'server counters',
      status('cache_hit_rate_pct'),
    ),
  ];
  return `<div class="cards summary-cards">${cards.join('')}</div>${comparisonNote(comparison)}`;
}

/** One sentence on regressions against the earlier run, when one was given to compare with. */
function comparisonNote(comparison: Comparison | undefined): string {
  if (!comparison) return '';
  const regressions = comparison.regressions.length;
  if (regressions === 0)
    return note(`Compared with ${comparison.oldLabel}: no regressions beyond the tolerance.`, 'callout callout-pass');
  return note(
    `Compared with ${comparison.oldLabel}: ${regressions} regression(s) beyond the tolerance (see Comparison).`,
    'callout callout-fail',
  );
}

export function verdictSection(model: ReportModel): string {
  const { verdict } = model;
  const rows = verdict.lines.map((l) => {
    const critical = l.severity === 'critical' ? ' <span class="tag">critical</span>' : '';
    return (
      `<tr class="row-${statusClass(l.status)}" data-key="${escapeHtml(l.key)}" ` +
      `data-status="${escapeHtml(l.status)}">` +
      td(`${escapeHtml(l.label)}${critical}`) +
      td(escapeHtml(verdictValue(l)), undefined, 'num value') +
      td(escapeHtml(l.target), undefined, 'nowrap') +
      td(badge(l.status)) +
      td(escapeHtml(l.note ?? ''), undefined, 'note-cell') +
      '</tr>'
    );
  });
  const recommendation =
    `<div class="recommendation st-${statusClass(overallResult(model).status)}" id="recommendation">` +
    `<h3>Recommendation</h3><p>${escapeHtml(plainRecommendation(verdict))}</p></div>`;
  const body =
    (rows.length > 0
      ? table(
          'verdict-table',
          [
            { label: 'Target' },
            { label: 'Measured', num: true },
            { label: 'Goal' },
            { label: 'Status' },
            { label: 'Note' },
          ],
          rows,
        )
      : note('No targets were set for this run.')) + recommendation;
  return section(
    'verdict',
    'Verdict',
    body,
    'Each target against what the run measured: the same lines and numbers as the terminal verdict.',
  );
}
