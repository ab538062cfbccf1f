/** The cache and throughput sections. */
import { describeCeiling } from '../../core/capacity';
import { latencyFigures, type ClientCacheRow, type LatencyFigures } from '../breakdown';
import type { ReportModel } from '../model';
import { readingsText, sourceText } from '../terminal';
import { FULL_PERIOD } from '../timeline';
import { escapeHtml } from './escape';
import { cacheIntervalChart, type ChartSet } from './charts';
import { callout, card, count, empty, factList, fmt, num, numTd, section, table, textTd } from './format';

function serverCache(model: ReportModel): string {
  const c = model.verdict.measured.cache;
  const line = model.verdict.lines.find((l) => l.key === 'cache_hit_rate_pct');
  const detail = model.cache.detail;
  const out: string[] = [];
  const coverage = model.verdict.cacheCoverage;
  if (coverage && !coverage.full) {
    out.push(
      callout(
        'warn',
        `These figures cover part of the run only: ${coverage.text}. ` +
          `The request figures cover the whole run; compare them with care.`,
        { id: 'cache-coverage' },
      ),
    );
  }
  if (c.hitRatePct === undefined) {
    const status = line?.status ?? (c.waived ? 'WARN' : 'NO DATA');
    const waived = status === 'WARN';
    const reason = c.noDataReason ?? 'the cache counters were not read';
    const accepted = c.waived ? ' The run is configured to accept this with a warning.' : '';
    const text = `No cache hit rate for this run: ${reason}.${accepted}`;
    out.push(callout(waived ? 'warn' : 'nodata', text, { id: 'cache-no-data', badge: waived ? 'WARN' : 'NO DATA' }));
  } else {
    out.push(
      '<div class="cards">' +
        card(
          `Hit rate (${coverage && !coverage.full ? 'part of the run' : 'test window'})`,
          fmt(c.hitRatePct, '%'),
          line ? `target ${line.target}` : '',
          line?.status,
        ) +
        card('Hits', count(c.hits)) +
        card('Misses', count(c.misses)) +
        '</div>',
    );
  }
  if (detail) {
    const facts: Array<[string, string]> = [
      ['Source', sourceText(detail)],
      ['Readings', readingsText(detail)],
      ['Counter resets', count(detail.resets)],
    ];
    out.push(factList('facts', facts));
    if (detail.warnings.length > 0) {
      out.push(
        `<div class="callout callout-warn"><strong>Warnings from the cache poller</strong><ul ` +
          `class="warnings">${detail.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>`,
      );
    }
  }
  return out.join('');
}

/** Count, median and p95 cells of cached or uncached responses. */
const figureCells = (f: LatencyFigures) => numTd(f.count, count(f.count)) + numTd(f.median) + numTd(f.p95);

function clientCache(model: ReportModel): string {
  const client = model.verdict.measured.client;
  if (client.hits + client.misses === 0)
    return empty('No response carried the X-Cache-Hit header: no client-side view of the cache.');
  // The responses are counted from the X-Cache-Hit counters; their latency summary may be missing.
  const row = (label: string, n: number, s: Record<string, number> | undefined) =>
    '<tr>' + textTd(label) + figureCells({ ...latencyFigures(s), count: n }) + '</tr>';
  const overall = table(
    'client-cache-table',
    [
      { label: 'Responses' },
      { label: 'Count', num: true },
      { label: 'Median ms', num: true },
      { label: 'p95 ms', num: true },
    ],
    [
      row('cached (X-Cache-Hit: true)', client.hits, client.hitLatency),
      row('uncached (X-Cache-Hit: false)', client.misses, client.missLatency),
    ],
  );
  const perEndpoint = model.cache.clientByEndpoint.map(
    (r: ClientCacheRow) => '<tr>' + textTd(r.endpoint, 'endpoint') + figureCells(r.hit) + figureCells(r.miss) + '</tr>',
  );
  return (
    overall +
    (perEndpoint.length > 0
      ? '<h4>By endpoint</h4>' +
        table(
          'client-cache-endpoints',
          [
            { label: 'Endpoint' },
            { label: 'Cached', num: true },
            { label: 'Cached median ms', num: true },
            { label: 'Cached p95 ms', num: true },
            { label: 'Uncached', num: true },
            { label: 'Uncached median ms', num: true },
            { label: 'Uncached p95 ms', num: true },
          ],
          perEndpoint,
          { sortable: true },
        )
      : '')
  );
}

/** What the ceiling is, in words, under its figure. */
const CEILING_EXPLAINED =
  'Each simulated user makes its requests and then thinks, so even with instant responses the run sends ' +
  'about this much at most (think times are random: a period can come out a little above it).';

export function cacheSection(model: ReportModel, charts: ChartSet): string {
  const coverage = model.verdict.cacheCoverage;
  const heading = coverage ? coverage.text.replace(/^s/, 'S') : 'Server counters over the test window';
  const body =
    `<h3 id="cache-window">${escapeHtml(heading)}</h3>` +
    serverCache(model) +
    (model.cache.detail ? cacheIntervalChart(model, charts) : '') +
    '<h3>Client side: cached vs uncached responses</h3>' +
    clientCache(model);
  return section(
    'cache',
    'Cache',
    body,
    'The hit rate is the increase of the server’s hit and miss counters during the test, not their lifetime totals.',
  );
}

export function throughputSection(model: ReportModel): string {
  const t = model.throughput;
  // The ceiling of the users the run drew, as the terminal shows it; whether
  // throughput was checked was decided on the planned one.
  const ceiling = model.verdict.ceiling;
  const planned = model.verdict.plannedCeiling;
  const line = model.verdict.lines.find((l) => l.key === 'throughput_rps');
  const target = model.meta.targets.throughput_rps;
  const out: string[] = [
    '<div class="cards">' +
      card('Average', fmt(t.average, 'req/s'), 'whole run') +
      card(
        'Peak',
        t.peak === undefined ? `no ${FULL_PERIOD}` : fmt(t.peak, 'req/s'),
        `peak of ${FULL_PERIOD}s`,
        line?.status === 'NOT CHECKED' ? undefined : line?.status,
      ) +
      card(
        'Minimum',
        t.minimum === undefined ? `no ${FULL_PERIOD}` : fmt(t.minimum, 'req/s'),
        `slowest ${FULL_PERIOD}`,
      ) +
      (ceiling ? card('Ceiling', fmt(ceiling.rps, 'req/s'), 'most these users can send') : '') +
      '</div>',
  ];
  if (ceiling) {
    out.push(
      `<p class="ceiling" id="ceiling">${escapeHtml(`Ceiling ${describeCeiling(ceiling)}.`)} ` +
        `${escapeHtml(CEILING_EXPLAINED)}</p>`,
    );
  }
  if (line) {
    if (line.status === 'NOT CHECKED') {
      const above = planned !== undefined && target !== null && target !== undefined && target > planned.rps;
      const plain = above
        ? `The throughput target (${line.target}) is above this run’s ceiling of ${num(planned.rps)} req/s ` +
          `(as planned), so it was not checked: a run with these users cannot reach it ` +
          `whatever the backend does. Run stress (or more users) to test it.`
        : `The throughput target (${line.target}) was not checked in this run${line.note ? `: ${line.note}` : ''}.`;
      out.push(callout('unchecked', plain, { id: 'throughput-not-checked', badge: 'NOT CHECKED' }));
    } else {
      const peak =
        line.value === undefined ? `No ${FULL_PERIOD}` : `Peak of ${FULL_PERIOD}s ${fmt(line.value, 'req/s')}`;
      out.push(
        callout(
          line.status === 'PASS' ? 'pass' : 'fail',
          `${peak} against a target of ${line.target}${line.note ? `: ${line.note}` : ''}.`,
          { badge: line.status },
        ),
      );
    }
  }
  const fullPeriods = `${t.fullPeriods} ${FULL_PERIOD}${t.fullPeriods === 1 ? '' : 's'} in this run.`;
  return section(
    'throughput',
    'Throughput',
    out.join(''),
    `Responses per second (a refused connection is a request without a response), per 10-second ` +
      `reporting period; the peak and the minimum are taken over ${FULL_PERIOD}s only ` +
      `(the load ran through the whole period: the first and last of a run are partial). ${fullPeriods}`,
  );
}
