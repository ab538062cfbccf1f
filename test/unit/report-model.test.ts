import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseDrift, analyseStress, failureModeOf, slopePerMinute } from '../../report/analysis';
import { compareModels, parseTolerance, DEFAULT_TOLERANCE } from '../../report/compare';
import { csvCell, endpointsCsv, failuresCsv, timeSeriesCsv } from '../../report/csv';
import { buildReportModel } from '../../report/model';
import { DEFAULT_DRIFT_LIMITS } from '../../core/run-meta';
import { buildTimeline, type PeriodLike, type TimelinePoint } from '../../report/timeline';
import { resultsFixture } from '../support/fixtures';

/** The raw JSON, as JSON.parse gives it: some tests edit it (deep, untyped) before building the model. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string) => resultsFixture(name) as any;
const period = (t: number, counters: Record<string, number>, p95?: number): PeriodLike => ({
  period: String(t),
  counters,
  rates: { 'http.request_rate': (counters['http.requests'] ?? 0) / 10 },
  summaries:
    p95 === undefined
      ? {}
      : ({ 'http.response_time': { median: p95 / 2, p95, p99: p95 * 1.5 } } as Record<string, Record<string, number>>),
  firstMetricAt: t,
  lastMetricAt: t + 9999,
});

describe('report model from real runs', () => {
  for (const name of ['baseline-healthy', 'baseline-faulty', 'stress', 'sustained']) {
    test(`${name}: consistent with Artillery's own totals`, () => {
      const results = fixture(name);
      const model = buildReportModel(results);
      const counters = results.aggregate.counters;
      assert.equal(model.verdict.measured.requests, counters['http.requests']);
      assert.equal(
        model.timeline.reduce((s, p) => s + p.requests, 0),
        counters['http.requests'],
        'periods add up to the total',
      );
      assert.equal(
        model.endpoints.reduce((s, e) => s + e.requests, 0),
        counters['http.requests'],
        'endpoints add up to the total',
      );
      assert.equal(
        model.histogram.reduce((s, b) => s + b.count, 0),
        counters['http.responses'],
        'every response is in one bucket',
      );
      assert.equal(
        model.userTypes.reduce((s, u) => s + u.users, 0),
        counters['vusers.created'],
      );
      assert.ok(model.timeline.every((p) => p.activeUsers >= 0));
    });
  }

  test('the faulty run: failures by kind and endpoint, each with a first-seen time', () => {
    const model = buildReportModel(fixture('baseline-faulty'));
    assert.ok(model.errors.byKind.some((e) => e.kind === 'http_500' && e.count > 0 && e.firstSeen !== null));
    assert.equal(
      model.errors.byEndpoint.reduce((s, e) => s + e.count, 0),
      model.verdict.measured.failed,
    );
    assert.ok(model.slowest[0] && (model.slowest[0].p95 ?? 0) >= 400, 'the slow analytics lead the slowest list');
  });

  test('stress has a breaking-point analysis, sustained a drift check in the verdict', () => {
    assert.ok(buildReportModel(fixture('stress')).stress);
    const sustained = buildReportModel(fixture('sustained'));
    assert.ok(sustained.drift && sustained.verdict.lines.some((l) => l.key === 'drift'));
  });
});

describe('odd inputs', () => {
  const empty = { aggregate: { counters: {}, rates: {}, summaries: {} }, intermediate: [] };
  test('an empty run: NO DATA everywhere, exit 1, nothing throws', () => {
    const model = buildReportModel(empty);
    assert.equal(model.verdict.exitCode, 1);
    assert.deepEqual([model.timeline, model.endpoints, model.errors.byKind], [[], [], []]);
    for (const csv of [endpointsCsv(model), failuresCsv(model), timeSeriesCsv(model)])
      assert.equal(csv.split('\r\n').length, 2, 'header only');
  });

  test('a run with only errors', () => {
    const counters = { 'http.requests': 40, 'errors.ECONNREFUSED': 40, 'vusers.created': 40, 'vusers.failed': 40 };
    const model = buildReportModel({
      aggregate: { counters, rates: {}, summaries: {} },
      intermediate: [period(0, counters)],
    });
    assert.equal(model.verdict.measured.errorRatePct, 100);
    assert.deepEqual(
      model.errors.byKind.map((e) => [e.kind, e.count, e.firstSeen]),
      [['ECONNREFUSED', 40, 0]],
    );
    assert.equal(model.stress, undefined);
  });

  test('missing cache data: the cache line says NO DATA with the reason', () => {
    const model = buildReportModel(fixture('baseline-healthy'));
    const results = fixture('baseline-healthy');
    for (const key of Object.keys(results.aggregate.counters))
      if (key.startsWith('cache_stats.')) delete results.aggregate.counters[key];
    delete results.aggregate['cache-stats'];
    const line = buildReportModel(results).verdict.lines.find((l) => l.key === 'cache_hit_rate_pct');
    assert.equal(line?.status, 'NO DATA');
    assert.match(line?.note ?? '', /cache-stats plugin reported nothing/);
    assert.equal(model.verdict.lines.find((l) => l.key === 'cache_hit_rate_pct')?.status, 'PASS');
  });

  test('a single period: partial, so no peak or minimum', () => {
    const counters = { 'http.requests': 100, 'http.responses': 100, 'vusers.created': 5, 'vusers.completed': 5 };
    const model = buildReportModel({
      aggregate: { counters, rates: {}, summaries: {} },
      intermediate: [period(1000, counters, 12)],
    });
    assert.equal(model.timeline.length, 1);
    assert.equal(model.timeline[0]?.activeUsers, 0);
    assert.deepEqual(
      [model.throughput.peak, model.throughput.minimum, model.throughput.fullPeriods],
      [undefined, undefined, 0],
    );
    assert.equal(model.verdict.measured.peakRps, undefined);
  });

  test('a results file written before full periods: peak and minimum from its full periods, responses counted', () => {
    // baseline-healthy: periods of 374 (from 3.8 s), 524, 538 and 207 (to 3.8 s) responses; Artillery's rate of the
    // first was 61/s.
    const model = buildReportModel(fixture('baseline-healthy'));
    assert.deepEqual(
      model.timeline.map((p) => p.full),
      [false, true, true, false],
    );
    assert.deepEqual([model.throughput.peak, model.throughput.minimum], [53.8, 52.4]);
    assert.equal(model.verdict.measured.peakRps, 53.8, 'the verdict shows the same peak as the throughput section');
  });

  test('not a results file: a clear error', () => {
    assert.throws(() => buildReportModel({ some: 'json' }), /not an Artillery results file/);
  });
});

describe('analysis', () => {
  const point = (
    i: number,
    users: number,
    p95: number | null,
    errorRatePct: number | null,
    failures = 0,
  ): TimelinePoint => ({
    t: i * 10_000,
    requests: 100,
    responses: 100,
    responsesPerSecond: 10,
    full: true,
    p50: p95 === null ? null : p95 / 2,
    p95,
    p99: p95,
    activeUsers: users,
    failures,
    errorsPerSecond: failures / 10,
    errorRatePct,
    cacheHitRatePct: null,
  });

  test('breaking point: the first period over the p95 or error-rate target, with its users', () => {
    const timeline = [point(0, 200, 100, 0), point(1, 400, 300, 0), point(2, 600, 650, 0.2), point(3, 900, 900, 4)];
    const result = analyseStress(timeline, { p95Ms: 500, errorRatePct: 1 }, { http_503: 30, ETIMEDOUT: 5 });
    assert.deepEqual([result.breakingPoint?.activeUsers, result.breakingPoint?.reason], [600, 'p95 650 ms ≥ 500 ms']);
    assert.equal(result.failureMode, 'latency climbs, then server errors (5xx)');
    assert.match(result.summary, /Breaks at about 600 active users/);
  });

  test('no breaking point up to N users', () => {
    const result = analyseStress([point(0, 200, 10, 0), point(1, 1200, 20, 0)], { p95Ms: 500, errorRatePct: 1 }, {});
    assert.equal(result.summary, 'No breaking point up to 1200 users.');
  });

  const modes: Array<[Record<string, number>, boolean, string]> = [
    [{ ETIMEDOUT: 9, http_500: 1 }, false, 'timeouts'],
    [{ ECONNREFUSED: 5, ECONNRESET: 5 }, false, 'refused or reset connections'],
    [{ http_404: 3 }, false, 'client errors (4xx) and failed expectations'],
    [{}, true, 'latency climbs (no errors)'],
  ];
  for (const [kinds, latency, mode] of modes)
    test(`failure mode: ${mode}`, () => assert.equal(failureModeOf(kinds, latency), mode));

  test('drift: a p95 that climbs fails; a flat one passes; slopes are per minute', () => {
    const climbing = Array.from({ length: 30 }, (_, i) => point(i, 100, 100 + i * 10, 0));
    const drift = analyseDrift(climbing, DEFAULT_DRIFT_LIMITS);
    assert.equal(drift.pass, false);
    assert.match(drift.reasons[0] ?? '', /p95 rose from/);
    assert.ok(Math.abs((drift.p95SlopeMsPerMinute ?? 0) - 60) < 1e-6, String(drift.p95SlopeMsPerMinute));
    assert.equal(
      analyseDrift(
        Array.from({ length: 30 }, (_, i) => point(i, 100, 100 + (i % 2), 0)),
        DEFAULT_DRIFT_LIMITS,
      ).pass,
      true,
    );
    assert.equal(slopePerMinute([{ t: 0, v: 1 }]), null);
  });

  test('active users come from created minus completed and failed', () => {
    const timeline = buildTimeline(
      [
        period(0, { 'vusers.created': 10 }),
        period(10_000, { 'vusers.created': 5, 'vusers.completed': 3, 'vusers.failed': 1 }),
      ],
      undefined,
    );
    assert.deepEqual(
      timeline.map((p) => p.activeUsers),
      [10, 11],
    );
  });
});

describe('comparison', () => {
  test('the same run against itself: no regression', () => {
    const model = buildReportModel(fixture('baseline-healthy'));
    assert.deepEqual(compareModels(model, model).regressions, []);
  });

  test('healthy → faulty: the error rate, the slow endpoints and the p99 regress', () => {
    const c = compareModels(
      buildReportModel(fixture('baseline-healthy')),
      buildReportModel(fixture('baseline-faulty')),
    );
    const flagged = c.regressions.map((r) => `${r.scope}:${r.name}:${r.metric}`);
    assert.ok(flagged.includes('run:error rate:error_rate'));
    assert.ok(flagged.includes('run:99th percentile:p99'));
    assert.ok(flagged.includes('endpoint:GET /api/enhanced-analytics/conversion-funnel:p95'));
  });

  test('tolerance: small absolute latency changes are noise', () => {
    const base = buildReportModel(fixture('baseline-healthy'));
    const slower = structuredClone(base);
    slower.verdict.measured.latency.median = (base.verdict.measured.latency.median ?? 0) + 3;
    assert.ok(!compareModels(base, slower).regressions.some((r) => r.metric === 'median'));
    assert.deepEqual(parseTolerance('latencyPct=15, errorRatePts=1'), {
      ...DEFAULT_TOLERANCE,
      latencyPct: 15,
      errorRatePts: 1,
    });
    assert.throws(() => parseTolerance('latency=5'), /unknown tolerance "latency"/);
  });
});

describe('CSV', () => {
  const cells: Array<[unknown, string]> = [
    ['GET /api/leads', 'GET /api/leads'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=cmd()', "'=cmd()"],
    ['-1+1', "'-1+1"],
    [12.34567, '12.346'],
    [null, ''],
    [Number.NaN, ''],
  ];
  for (const [value, expected] of cells)
    test(`cell ${JSON.stringify(value)}`, () => assert.equal(csvCell(value as string), expected));

  test('one time-series row per reporting period', () => {
    const model = buildReportModel(fixture('sustained'));
    assert.equal(timeSeriesCsv(model).trim().split('\r\n').length, model.timeline.length + 1);
  });

  test('time series: responses per second, which periods are full, the cache rate where there is one', () => {
    const rows = timeSeriesCsv(buildReportModel(fixture('baseline-healthy')))
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    const column = (name: string) => rows.slice(1).map((r) => r[(rows[0] as string[]).indexOf(name)]);
    assert.deepEqual(column('responses'), ['374', '524', '538', '207']);
    assert.deepEqual(column('full_period'), ['no', 'yes', 'yes', 'no']);
    assert.deepEqual(column('responses_per_s').slice(1, 3), ['52.4', '53.8']);
    assert.ok(column('cache_hit_rate_pct').every((v) => Number(v) > 0));
  });

  test('time series without cache data: empty cells, not 0', () => {
    const results = fixture('baseline-healthy');
    for (const p of [results.aggregate, ...results.intermediate]) {
      delete p.counters['cache_stats.hits'];
      delete p.counters['cache_stats.misses'];
    }
    Object.assign(results.aggregate['cache-stats'], {
      hits: null,
      misses: null,
      hitRate: null,
      noDataReason: 'answered HTML, not JSON',
    });
    const model = buildReportModel(results);
    const rows = timeSeriesCsv(model)
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    assert.ok(
      rows.slice(1).every((r) => r.at(-1) === ''),
      rows.map((r) => r.at(-1)).join(' '),
    );
    assert.deepEqual([model.verdict.measured.cache.hits, model.verdict.measured.cache.misses], [undefined, undefined]);
  });
});
