/**
 * report.html when the run is not whole: the backend dies mid-run (when it
 * stopped answering, the cache window's part of the run), and no cache
 * data (no zero card or bar stands in for it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReportModel } from '../../report/model';
import { renderReportHtml, type ReportData } from '../../report/html/render';

const NOW = Date.UTC(2026, 10, 25, 16, 0, 0);
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const model = (results: unknown) => buildReportModel(results, NOW);

function period(i: number, counters: Record<string, number>) {
  return {
    period: String(T0 + i * 10_000),
    counters,
    rates: {},
    summaries: {},
    firstMetricAt: T0 + i * 10_000,
    lastMetricAt: T0 + i * 10_000 + 9_999,
  };
}

function reportData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the data block is there');
  return JSON.parse(match[1] as string) as ReportData;
}

/** 0:30 of load; the backend dies at 0:12; the stats endpoint's last answer was at 0:12 too. */
function backendDies(cacheDetail: Record<string, unknown> = {}) {
  const ok = (n: number) => ({ 'http.requests': n, 'http.responses': n, 'http.codes.200': n, 'vusers.created': 10 });
  const refused = (n: number) => ({
    'http.requests': n,
    'crm.failed_requests': n,
    'crm.failures.ECONNREFUSED': n,
    'vusers.failed': 10,
  });
  const intermediate = [
    period(0, { ...ok(500), 'cache_stats.hits': 400, 'cache_stats.misses': 50 }),
    {
      ...period(1, {
        ...ok(100),
        'crm.failed_requests': 300,
        'crm.failures.ECONNREFUSED': 300,
        'http.requests': 400,
        'cache_stats.hits': 80,
        'cache_stats.misses': 10,
      }),
      lastHistogramAt: T0 + 12_000,
    },
    period(2, refused(900)),
  ];
  const counters = {
    'http.requests': 1800,
    'http.responses': 600,
    'http.codes.200': 600,
    'crm.failed_requests': 1200,
    'crm.failures.ECONNREFUSED': 1200,
    'cache_stats.hits': 480,
    'cache_stats.misses': 60,
    'cache_stats.polls': 3,
  };
  const detail = {
    hits: 480,
    misses: 60,
    hitRate: 0.89,
    snapshots: 3,
    resets: 0,
    intervals: [],
    source: 'GET http://crm/api/cache/stats',
    pollerId: 'p',
    polls: 3,
    pollErrors: 4,
    pollsAbandoned: 0,
    countersPath: 'cache.hits / cache.misses',
    windowStart: T0 - 100,
    windowEnd: T0 + 12_000,
    noDataReason: undefined,
    onNoData: 'fail',
    warnings: [],
    ...cacheDetail,
  };
  return {
    aggregate: {
      counters,
      rates: { 'crm.peak_request_rate': 50 },
      summaries: {},
      firstMetricAt: T0,
      lastMetricAt: T0 + 29_999,
      'cache-stats': detail,
    },
    intermediate,
  };
}

describe('report.html of a run that is not whole', () => {
  test(
    'the backend dies: when it stopped answering, the peak of full periods, the cache window’s ' + 'part of the run',
    () => {
      const html = renderReportHtml(model(backendDies()));
      assert.match(
        html,
        new RegExp(
          [
            /id="banner-outage"><strong>THE TARGET STOPPED ANSWERING\.<\/strong> /.source,
            /The target stopped answering at 0:12 of 0:30: /.source,
            /no response for the last 60 % of the run \(900 connection errors: ECONNREFUSED\)/.source,
          ].join(''),
        ),
        'the failures of the periods without a response',
      );
      assert.match(html, /<h3 id="cache-window">Server counters 0:00–0:12 of 0:30, 40 % of the run<\/h3>/);
      assert.match(html, /id="cache-coverage"/);
      assert.match(html, /peak of full 10-s periods/);
      assert.match(html, /Peak<\/div><div class="card-value">50 req\/s/);
    },
  );

  const noData: Array<[string, Record<string, unknown>]> = [
    [
      'the stats endpoint down',
      {
        hits: null,
        misses: null,
        hitRate: null,
        snapshots: 1,
        windowEnd: T0 - 100,
        noDataReason: 'fewer than two readings of the counters (answered HTML, not JSON)',
      },
    ],
    [
      'counters that never moved',
      {
        hits: null,
        misses: null,
        hitRate: null,
        intervals: [{ from: T0, to: T0 + 5_000, hits: 0, misses: 0, hitRate: null, reset: false }],
        noDataReason: 'the counters did not move: no cache lookups during the test',
      },
    ],
  ];
  for (const [name, detail] of noData) {
    test(`no cache data shows no zero card, cell or bar: ${name}`, () => {
      const results = backendDies(detail);
      for (const p of [results.aggregate, ...results.intermediate]) {
        delete (p.counters as Record<string, number>)['cache_stats.hits'];
        delete (p.counters as Record<string, number>)['cache_stats.misses'];
      }
      const m = model(results);
      const html = renderReportHtml(m);
      assert.match(html, /id="cache-no-data"/);
      assert.doesNotMatch(html, /card-label">(Hits|Misses)</, 'no hit or miss cards');
      const charts = reportData(html).charts.filter((c) => c.kind === 'cache-rate' || c.kind === 'cache-intervals');
      for (const chart of charts)
        for (const series of chart.series)
          assert.ok(
            series.data.every((v) => v === null),
            `${chart.id}: ${JSON.stringify(series.data)}`,
          );
    });
  }
});
