/**
 * report.html: every fixture and odd input renders, nothing leaves the page,
 * hostile strings come out as text, the verdict rows are the verdict.
 */
import assert from 'node:assert/strict';
import { describeCeiling } from '../../core/capacity';
import { describe, test } from 'node:test';
import { compareModels } from '../../report/compare';
import { buildReportModel, type ReportModel } from '../../report/model';
import { chartJs } from '../../report/html/chartjs';
import { escapeHtml, jsonForScript } from '../../report/html/escape';
import { renderReportHtml, type ReportData } from '../../report/html/render';
import { resultsFixture } from '../support/fixtures';

const NOW = Date.UTC(2026, 10, 25, 16, 0, 0);
const fixture = resultsFixture;
const model = (results: unknown) => buildReportModel(results, NOW);

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'] as const;
const [SCRIPT, IMG] = HOSTILE;

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const empty = () => ({ aggregate: { counters: {}, rates: {}, summaries: {} }, intermediate: [] });

function period(i: number, counters: Record<string, number>, summaries: Record<string, Record<string, number>> = {}) {
  return {
    period: String(T0 + i * 10_000),
    counters,
    rates: { 'http.request_rate': (counters['http.requests'] ?? 0) / 10 },
    summaries,
    firstMetricAt: T0 + i * 10_000,
    lastMetricAt: T0 + i * 10_000 + 9_999,
  };
}

/** Every request failed to connect: errors, no responses. */
function onlyErrors() {
  const counters = {
    'vusers.created': 20,
    'vusers.failed': 20,
    'errors.ECONNREFUSED': 20,
    'vusers.created_by_name.DashboardUser': 20,
  };
  return {
    aggregate: { counters, rates: {}, summaries: {}, firstMetricAt: T0, lastMetricAt: T0 + 9_000 },
    intermediate: [period(0, counters)],
  };
}

function onePeriod() {
  const counters = {
    'http.requests': 50,
    'http.codes.200': 50,
    'vusers.created': 5,
    'vusers.completed': 5,
    'plugins.metrics-by-endpoint.GET /api/leads.codes.200': 50,
  };
  const summaries = {
    'http.response_time': { min: 1, max: 30, mean: 5, median: 4, p95: 20, p99: 28, count: 50 },
    'plugins.metrics-by-endpoint.response_time.GET /api/leads': { median: 4, p95: 20, p99: 28, max: 30, count: 50 },
  };
  return {
    aggregate: { counters, rates: { 'http.request_rate': 5 }, summaries, firstMetricAt: T0, lastMetricAt: T0 + 9_000 },
    intermediate: [period(0, counters, summaries)],
  };
}

/** Requests without per-endpoint metrics and without the cache plugin. */
function noEndpointsNoCache() {
  const results = onePeriod();
  const counters = { 'http.requests': 50, 'http.codes.200': 50, 'vusers.created': 5, 'vusers.completed': 5 };
  const summaries = { 'http.response_time': results.aggregate.summaries['http.response_time'] };
  return {
    ...results,
    aggregate: { ...results.aggregate, counters, summaries, crm: { run: 'baseline', cacheStatsConfigured: false } },
    intermediate: [period(0, counters, summaries)],
  };
}

function interrupted() {
  const results = onePeriod();
  return {
    ...results,
    aggregate: { ...results.aggregate, crm: { run: 'sustained', interrupted: true, approximate: true } },
  };
}

/** A 30-minute run: 180 periods (the sustained fixture's periods, repeated), one cache poll every 5 s. */
function thirtyMinutes() {
  const base = fixture('sustained') as {
    aggregate: Record<string, unknown>;
    intermediate: Array<Record<string, unknown>>;
  };
  const intermediate = Array.from({ length: 180 }, (_, i) => {
    const p = base.intermediate[i % base.intermediate.length] as Record<string, unknown>;
    return { ...p, period: String(T0 + i * 10_000), histograms: undefined };
  });
  const detail = base.aggregate['cache-stats'] as { intervals: Array<Record<string, unknown>> };
  const intervals = Array.from({ length: 360 }, (_, i) => ({
    ...(detail.intervals[i % detail.intervals.length] as object),
    from: T0 + i * 5000,
    to: T0 + (i + 1) * 5000,
  }));
  const aggregate = {
    ...base.aggregate,
    histograms: undefined,
    firstMetricAt: T0,
    lastMetricAt: T0 + 1_800_000,
    'cache-stats': { ...detail, intervals },
  };
  return { aggregate, intermediate };
}

type Results = {
  aggregate: Record<string, unknown>;
  intermediate: Array<{ summaries?: Record<string, Record<string, number>> }>;
};

/** A fixture whose periods' p95 is rewritten: p95(i, old) for period i. */
function withPeriodP95(name: string, p95: (i: number, old: number) => number): Results {
  const results = structuredClone(fixture(name)) as Results;
  results.intermediate.forEach((p, i) => {
    const latency = p.summaries?.['http.response_time'];
    if (latency?.p95 !== undefined) latency.p95 = p95(i, latency.p95);
  });
  return results;
}

/** Sustained with p95 climbing period after period: drift. */
const drifting = () => withPeriodP95('sustained', (i, old) => old + 40 * i);
/** Stress with p95 over the target from the fourth period on: a breaking point. */
const breaking = () => withPeriodP95('stress', (i, old) => (i >= 3 ? 800 : old));

/** Hostile strings wherever the server, the config or the environment can put text. */
function hostileResults() {
  const [a, b] = HOSTILE;
  const counters: Record<string, number> = {
    'http.requests': 40,
    'vusers.created': 4,
    'vusers.completed': 4,
    'crm.failed_requests': 4,
    [`crm.failures.${a}`]: 3,
    [`crm.failures.${b}`]: 1,
    [`crm.endpoint_failures.${a}.${b}`]: 3,
    [`crm.endpoint_failures.${b}.${a}`]: 1,
    [`plugins.metrics-by-endpoint.${a}.codes.200`]: 20,
    [`plugins.metrics-by-endpoint.${b}.codes.500`]: 20,
    [`vusers.created_by_name.${a}`]: 2,
    [`vusers.created_by_name.${b}`]: 2,
    [`crm.user_type_requests.${a}`]: 20,
    'cache_client.hit_responses': 5,
    'cache_client.miss_responses': 5,
  };
  const summaries: Record<string, Record<string, number>> = {
    'http.response_time': { min: 1, max: 900, mean: 100, median: 50, p95: 800, p99: 890, count: 40 },
    [`plugins.metrics-by-endpoint.response_time.${a}`]: { median: 50, p95: 800, p99: 890, max: 900, count: 20 },
    [`plugins.metrics-by-endpoint.response_time.${b}`]: { median: 40, p95: 60, p99: 70, max: 80, count: 20 },
    [`cache_client_by_endpoint.hit.${b}`]: { median: 1, p95: 2, count: 5 },
    [`cache_client_by_endpoint.miss.${a}`]: { median: 10, p95: 20, count: 5 },
  };
  const aggregate = {
    counters,
    rates: {},
    summaries,
    firstMetricAt: T0,
    lastMetricAt: T0 + 19_000,
    crm: {
      run: a,
      target: b,
      seed: a,
      mix: { [a]: 1, [b]: 1 },
      cacheStatsConfigured: true,
      targets: { endpoints: { [a]: { p95_ms: 100 }, [b]: { p99_ms: 100 } } },
    },
    'cache-stats': {
      hits: 0,
      misses: 0,
      hitRate: null,
      snapshots: 1,
      resets: 0,
      intervals: [],
      source: `GET ${b}`,
      pollerId: a,
      polls: 1,
      pollErrors: 3,
      noDataReason: `${a} ${b}`,
      onNoData: 'fail',
      warnings: [a, b],
    },
  };
  return { aggregate, intermediate: [period(0, counters, summaries), period(1, counters, summaries)] };
}

const CASES: Array<{ name: string; results: () => unknown }> = [
  { name: 'baseline-healthy', results: () => fixture('baseline-healthy') },
  { name: 'baseline-faulty', results: () => fixture('baseline-faulty') },
  { name: 'stress', results: () => fixture('stress') },
  { name: 'sustained', results: () => fixture('sustained') },
  { name: 'empty run (no periods, no requests)', results: empty },
  { name: 'only errors', results: onlyErrors },
  { name: 'a single period', results: onePeriod },
  { name: 'no endpoints, no cache data', results: noEndpointsNoCache },
  { name: 'interrupted, approximate', results: interrupted },
  { name: 'hostile strings', results: hostileResults },
  { name: 'sustained run that drifts', results: drifting },
  { name: 'stress run that breaks', results: breaking },
];

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function verdictRows(html: string): Array<{ key: string; status: string }> {
  return [...html.matchAll(/<tr[^>]*\sdata-key="([^"]*)" data-status="([^"]*)"/g)].map((m) => ({
    key: unescapeHtml(m[1] as string),
    status: unescapeHtml(m[2] as string),
  }));
}

function reportData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the data block is there');
  assert.doesNotMatch(match[1] as string, /[<>]/, 'the data block holds no raw < or >');
  return JSON.parse(match[1] as string) as ReportData;
}

/** The page without the inlined Chart.js bundle (a fixed file from npm). */
const withoutLibrary = (html: string) => html.split(chartJs().code).join('');

function assertSelfContained(html: string): void {
  assert.ok(html.includes(chartJs().code), 'Chart.js is inlined');
  const page = withoutLibrary(html);
  assert.doesNotMatch(html, /<script[^>]*\ssrc\s*=/i, 'no <script src>');
  assert.doesNotMatch(html, /<link\b/i, 'no <link>');
  assert.doesNotMatch(html, /@import/i, 'no @import');
  assert.doesNotMatch(html, /url\(\s*['"]?\s*(https?:)?\/\//i, 'no url(http…)');
  assert.doesNotMatch(page, /<(img|iframe|object|embed|video|audio|source|form)\b/i, 'no element that loads anything');
  assert.doesNotMatch(
    page,
    /\s(src|href|action|poster|srcset)\s*=\s*["']?\s*(https?:)?\/\//i,
    'no attribute pointing off the page',
  );
  assert.doesNotMatch(
    page,
    /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/,
    'the report script makes no requests',
  );
  assert.match(
    html,
    new RegExp(
      [
        /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; /.source,
        /script-src &#39;unsafe-inline&#39;; style-src &#39;unsafe-inline&#39;; img-src data:/.source,
      ].join(''),
    ),
  );
  // Any http(s):// left is text (the target URL, the cache source), never inside a tag.
  for (const m of page.matchAll(/https?:\/\//g)) {
    const before = page.slice(0, m.index);
    assert.ok(
      before.lastIndexOf('<') < before.lastIndexOf('>') || before.endsWith('>'),
      `URL at ${m.index} is text, not part of a tag: …${page.slice((m.index ?? 0) - 60, (m.index ?? 0) + 40)}…`,
    );
  }
  assert.equal((html.match(/<script\b/gi) ?? []).length, 3, 'three scripts: data, Chart.js, the report script');
}

describe('renderReportHtml', () => {
  for (const c of CASES) {
    test(`${c.name}: renders a self-contained page whose verdict rows are the verdict`, () => {
      const m = model(c.results());
      const html = renderReportHtml(m);
      assert.match(html, /^<!DOCTYPE html>/);
      assert.ok(html.trimEnd().endsWith('</html>'));
      assertSelfContained(html);
      assert.deepEqual(
        verdictRows(html),
        m.verdict.lines.map((l) => ({ key: l.key, status: l.status })),
      );
      const data = reportData(html);
      assert.deepEqual(
        data.verdict,
        m.verdict.lines.map((l) => ({ key: l.key, status: l.status })),
      );
      assert.equal(data.exitCode, m.verdict.exitCode);
      assert.match(html, new RegExp(`id="overall" data-result="[A-Z]+" data-exit-code="${m.verdict.exitCode}"`));
      // Every canvas has a chart spec and every spec a canvas.
      const canvases = [...html.matchAll(/<canvas id="([^"]+)" data-chart="([^"]+)"/g)].map((x) => x[1]);
      assert.deepEqual(
        canvases,
        data.charts.map((s) => s.id),
      );
      assert.ok(!html.includes('id="comparison"'), 'no comparison section without a comparison');
      assert.ok(Buffer.byteLength(html) < 1_000_000, `size ${Buffer.byteLength(html)}`);
    });
  }

  test('sections appear for the runs they belong to, and say so when there is nothing', () => {
    const stress = renderReportHtml(model(fixture('stress')));
    assert.match(stress, /id="stress"/);
    assert.match(stress, /No breaking point up to 1,200 users/);
    assert.match(stress, /data-chart="stress"/);
    const sustained = renderReportHtml(model(fixture('sustained')));
    assert.match(sustained, /id="drift"/);
    assert.match(sustained, /data-chart="drift"/);
    const faulty = renderReportHtml(model(fixture('baseline-faulty')));
    assert.doesNotMatch(faulty, /id="stress"|id="drift"/);
    assert.match(faulty, /id="errors-by-kind"/);
    assert.match(faulty, /HTTP 500 \(server error\)/);
    assert.match(faulty, /id="throughput-not-checked"/, 'the throughput target above the ceiling is said plainly');
    // The ceiling of the users this run drew (the terminal shows the same), and the planned one that decided the check.
    const faultyModel = model(fixture('baseline-faulty'));
    const drawn = faultyModel.verdict.ceiling;
    assert.ok(drawn && faultyModel.verdict.plannedCeiling);
    assert.ok(faulty.includes(`Ceiling ${describeCeiling(drawn)}`), describeCeiling(drawn));
    assert.match(faulty, /above this run’s ceiling of 50(\.\d)? req\/s \(as planned\)/);
    const healthy = renderReportHtml(model(fixture('baseline-healthy')));
    assert.match(healthy, /No failed requests/);
    const bare = renderReportHtml(model(noEndpointsNoCache()));
    assert.match(bare, /id="cache-no-data"/);
    assert.match(bare, /NO DATA/);
    assert.match(bare, /No per-endpoint figures/);
    const odd = renderReportHtml(model(interrupted()));
    assert.match(odd, /id="banner-interrupted"/);
    assert.match(odd, /id="banner-approximate"/);
    assert.match(odd, /data-result="INTERRUPTED" data-exit-code="130"/);
    const drifts = renderReportHtml(model(drifting()));
    assert.match(
      drifts,
      /<p class="callout callout-fail" id="drift-result"><span class="badge st-fail">FAIL<\/span> Drift: p95 rose from/,
    );
    assert.match(drifts, /data-key="drift" data-status="FAIL"/);
    const breaks = renderReportHtml(model(breaking()));
    assert.match(breaks, /id="breaking-point">Breaks at about 600 active users \(p95 800 ms ≥ 500 ms\)/);
    const nothing = renderReportHtml(model(empty()));
    assert.match(nothing, /No reporting period completed/);
    assert.doesNotMatch(nothing, /<canvas/, 'no empty charts');
  });

  test('the comparison section appears only with a comparison, with the tolerance and the regressions', () => {
    const healthy = model(fixture('baseline-healthy'));
    const faulty = model(fixture('baseline-faulty'));
    const comparison = compareModels(healthy, faulty);
    assert.ok(comparison.regressions.length > 0);
    const html = renderReportHtml(faulty, { comparison });
    assertSelfContained(html);
    assert.match(html, /<section id="comparison">/);
    assert.match(html, /latency may grow 10 % \(and at least 5 ms\), error rate may rise 0\.5 points/);
    assert.equal(
      (html.match(/<tr class="regression" data-regression="true">/g) ?? []).length,
      comparison.regressions.length,
    );
    assert.ok(!renderReportHtml(faulty).includes('<section id="comparison">'));
  });

  test('hostile strings from the server, the config and the environment come out as text', () => {
    const m = model(hostileResults());
    const other = model(hostileResults());
    const html = renderReportHtml(m, { comparison: compareModels(other, m), title: `${SCRIPT} ${IMG}` });
    // The raw forms never appear: not in markup, not in the data block.
    assert.ok(!html.includes(SCRIPT), 'no raw <script>alert(1)');
    assert.ok(!html.includes('<script>alert'), 'no raw <script>alert');
    assert.ok(!html.includes(IMG) && !/<img/i.test(html), 'no raw <img');
    assert.ok(!html.includes('"><img') && !html.includes('onerror=alert(1)>'), 'no attribute break-out');
    // ... only their escaped forms, in every place they were put.
    const escapedScript = escapeHtml(SCRIPT);
    const escapedImg = escapeHtml(IMG);
    assert.equal(escapedScript, '&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(escapedImg, '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    assert.ok(html.includes(`<h1>${escapeHtml(`${SCRIPT} ${IMG}`)}</h1>`), 'title escaped');
    assert.ok(
      html.includes(`<dt>Run</dt><dd>${escapedScript}</dd>`) && html.includes(`<dt>Target</dt><dd>${escapedImg}</dd>`),
      'run name and target escaped',
    );
    assert.ok(
      html.includes(`<li>${escapedScript}</li>`) && html.includes(`<li>${escapedImg}</li>`),
      'poller warnings as text',
    );
    assert.ok(html.includes(`data-endpoint="${escapedImg}"`), 'endpoint name in an attribute, escaped');
    assert.ok(
      html.includes(`<td class="mono" data-sort="${escapedScript}">${escapedScript}</td>`),
      'error kind as text',
    );
    assert.ok(html.includes(`data-key="${escapedScript} p95_ms"`), 'verdict key escaped');
    assert.ok(
      html.includes(escapeHtml(`No cache hit rate for this run: ${SCRIPT} ${IMG}.`)),
      'no-data reason (a note) escaped',
    );
    // The data block carries them as \u escapes and gives them back intact.
    const data = reportData(html);
    assert.equal(data.run, SCRIPT);
    assert.ok(data.verdict.some((v) => v.key === `${SCRIPT} p95_ms`));
    assert.deepEqual(
      verdictRows(html),
      m.verdict.lines.map((l) => ({ key: l.key, status: l.status })),
    );
  });

  test('jsonForScript escapes what could end the script element', () => {
    const text = jsonForScript({ s: '</script><!-- & \u2028\u2029' });
    assert.equal(text, '{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}');
    assert.deepEqual(JSON.parse(text), { s: '</script><!-- & \u2028\u2029' });
  });

  test('a 30-minute run stays well under 2 MB', (t) => {
    const m: ReportModel = model(thirtyMinutes());
    assert.equal(m.timeline.length, 180);
    const html = renderReportHtml(m);
    const size = Buffer.byteLength(html);
    assert.ok(size < 600_000, `size ${size}`);
    t.diagnostic(`30-minute run (180 periods, 360 cache intervals): ${size} bytes`);
    assert.deepEqual(
      verdictRows(html),
      m.verdict.lines.map((l) => ({ key: l.key, status: l.status })),
    );
  });
});
