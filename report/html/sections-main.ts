/** Over time, response-time distribution, endpoints, user types and errors. */
import { endpointErrorRatePct, type EndpointRow } from '../breakdown';
import type { ReportModel } from '../model';
import { escapeHtml } from './escape';
import { ChartSet, histogramChart, timelineCharts, timeOrigin } from './charts';
import { callout, clock, count, empty, num, numTd, pct, section, table, td, textTd } from './format';

export function overTimeSection(model: ReportModel, charts: ChartSet): string {
  const periods = model.timeline.length;
  if (periods === 0)
    return section('over-time', 'Over time', empty('No reporting period completed: nothing to plot over time.'));
  const intro = `One point per 10-second reporting period (${periods} period${periods === 1 ? '' : 's'}).`;
  return section('over-time', 'Over time', `<div class="chart-grid">${timelineCharts(model, charts)}</div>`, intro);
}

export function distributionSection(model: ReportModel, charts: ChartSet): string {
  return section('distribution', 'Response time distribution', histogramChart(model, charts));
}

function endpointRow(e: EndpointRow): string {
  const name = `${escapeHtml(e.name)}${e.slow ? ' <span class="tag tag-slow">slow</span>' : ''}`;
  return (
    `<tr${e.slow ? ' class="slow"' : ''} data-endpoint="${escapeHtml(e.name)}">` +
    td(name, e.name, 'endpoint') +
    numTd(e.requests, count(e.requests)) +
    numTd(e.failures, count(e.failures), e.failures > 0 ? 'bad' : undefined) +
    numTd(endpointErrorRatePct(e), pct(endpointErrorRatePct(e))) +
    numTd(e.median) +
    numTd(e.p95) +
    numTd(e.p99) +
    numTd(e.max) +
    numTd(e.requestsPerSecond, num(e.requestsPerSecond, 2)) +
    '</tr>'
  );
}

export function endpointsSection(model: ReportModel): string {
  const slowMs = model.slowMs;
  if (model.endpoints.length === 0) {
    return section(
      'endpoints',
      'Endpoints',
      empty('No per-endpoint figures: the run recorded no requests by endpoint.'),
    );
  }
  const headers = [
    { label: 'Endpoint' },
    { label: 'Requests', num: true },
    { label: 'Failures', num: true },
    { label: 'Error rate', num: true },
    { label: 'Median ms', num: true },
    { label: 'p95 ms', num: true },
    { label: 'p99 ms', num: true },
    { label: 'Max ms', num: true },
    { label: 'Req/s', num: true },
  ];
  const slowCount = model.endpoints.filter((e) => e.slow).length;
  const slowText = slowCount > 0 ? ` (${slowCount} endpoint${slowCount === 1 ? '' : 's'})` : ' (none in this run)';
  const intro = `Click a column header to sort. Rows in amber have a p95 above ${slowMs} ms${slowText}.`;
  const slowest = model.slowest.map(
    (e, i) =>
      `<tr${e.slow ? ' class="slow"' : ''}>` +
      numTd(i + 1, String(i + 1)) +
      td(escapeHtml(e.name), undefined, 'endpoint') +
      numTd(e.p95) +
      numTd(e.median) +
      numTd(e.requests, count(e.requests)) +
      '</tr>',
  );
  const body =
    table('endpoints-table', headers, model.endpoints.map(endpointRow), { sortable: true }) +
    '<h3>Slowest endpoints (by p95)</h3>' +
    (slowest.length > 0
      ? table(
          'slowest-table',
          [
            { label: '#', num: true },
            { label: 'Endpoint' },
            { label: 'p95 ms', num: true },
            { label: 'Median ms', num: true },
            { label: 'Requests', num: true },
          ],
          slowest,
        )
      : empty('No endpoint has response times.'));
  return section('endpoints', 'Endpoints', body, intro);
}

export function userTypesSection(model: ReportModel): string {
  const rows = model.userTypes;
  if (rows.length === 0) return section('user-types', 'User types', empty('No virtual users were created.'));
  const totalWeight = Object.values(model.meta.mix).reduce((s, w) => s + (w > 0 ? w : 0), 0);
  const body = table(
    'user-types-table',
    [
      { label: 'User type' },
      { label: 'Weight', num: true, title: 'weight in the mix (its share of all weights)' },
      { label: 'Users', num: true },
      { label: 'Share of users', num: true },
      { label: 'Requests', num: true },
      { label: 'Share of requests', num: true },
    ],
    rows.map(
      (u) =>
        '<tr>' +
        textTd(u.name) +
        numTd(
          u.weight,
          u.weight === null
            ? '–'
            : `${num(u.weight)}${totalWeight > 0 ? ` (${pct((100 * u.weight) / totalWeight)})` : ''}`,
        ) +
        numTd(u.users, count(u.users)) +
        numTd(u.shareOfUsersPct, pct(u.shareOfUsersPct)) +
        numTd(u.requests, count(u.requests)) +
        numTd(u.shareOfRequestsPct, pct(u.shareOfRequestsPct)) +
        '</tr>',
    ),
    { sortable: true },
  );
  return section(
    'user-types',
    'User types',
    body,
    'Which simulated users the run created, against their weight in the mix.',
  );
}

/** Plain words for a failure kind. */
export function describeKind(kind: string): string {
  const code = /^http_(\d{3})$/.exec(kind)?.[1];
  if (code)
    return code.startsWith('5')
      ? `HTTP ${code} (server error)`
      : code.startsWith('4')
        ? `HTTP ${code} (client error)`
        : `HTTP ${code}`;
  if (/TIMEDOUT|TimeoutError/i.test(kind)) return 'timeout';
  if (/ECONNREFUSED/.test(kind)) return 'connection refused';
  if (/ECONNRESET|EPIPE/.test(kind)) return 'connection reset';
  if (kind === 'expectation') return 'failed expectation (wrong status or body)';
  return '';
}

export function errorsSection(model: ReportModel): string {
  const { byKind, byEndpoint } = model.errors;
  const failed = model.verdict.measured.failed;
  if (byKind.length === 0 && byEndpoint.length === 0) {
    const sent = model.verdict.measured.requests > 0;
    const text =
      failed > 0
        ? `${count(failed)} requests failed, but the run recorded no breakdown by kind.`
        : sent
          ? 'No failed requests: every request got a good answer.'
          : 'No requests were sent, so none failed.';
    return section(
      'errors',
      'Errors',
      callout(failed > 0 ? 'fail' : sent ? 'pass' : 'unchecked', text, { id: 'no-errors' }),
    );
  }
  const origin = timeOrigin(model);
  const seen = (t: number | null) => numTd(t === null ? null : t - origin, t === null ? '–' : clock(t - origin));
  const total = byKind.reduce((s, e) => s + e.count, 0);
  const kinds = byKind.map(
    (e) =>
      '<tr>' +
      textTd(e.kind, 'mono') +
      textTd(describeKind(e.kind)) +
      numTd(e.count, count(e.count)) +
      numTd(total > 0 ? (100 * e.count) / total : null, pct(total > 0 ? (100 * e.count) / total : null)) +
      seen(e.firstSeen) +
      '</tr>',
  );
  const endpoints = byEndpoint.map(
    (e) =>
      '<tr>' +
      textTd(e.endpoint ?? '', 'endpoint') +
      textTd(e.kind, 'mono') +
      numTd(e.count, count(e.count)) +
      seen(e.firstSeen) +
      '</tr>',
  );
  const body =
    callout(
      'fail',
      `${count(failed)} failed request${failed === 1 ? '' : 's'}${
        model.verdict.measured.errorRatePct === undefined
          ? ': no request got a response.'
          : ` (${pct(model.verdict.measured.errorRatePct)} of ${count(model.verdict.measured.requests)}).`
      }`,
    ) +
    '<h3>By type</h3>' +
    table(
      'errors-by-kind',
      [
        { label: 'Kind' },
        { label: 'Meaning' },
        { label: 'Count', num: true },
        { label: 'Share', num: true },
        { label: 'First seen', num: true, title: 'm:ss since start' },
      ],
      kinds,
      { sortable: true },
    ) +
    '<h3>By endpoint</h3>' +
    (endpoints.length > 0
      ? table(
          'errors-by-endpoint',
          [
            { label: 'Endpoint' },
            { label: 'Kind' },
            { label: 'Count', num: true },
            { label: 'First seen', num: true, title: 'm:ss since start' },
          ],
          endpoints,
          { sortable: true },
        )
      : empty('The run recorded no failures by endpoint.'));
  return section(
    'errors',
    'Errors',
    body,
    'First seen: the start of the first reporting period with that failure, as m:ss since the start.',
  );
}
