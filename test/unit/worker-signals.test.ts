import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheHitFromHeader, recordClientSignal } from '../../plugins/cache-stats/src/client-signal';
import { failureKind, recordError, recordOutcome } from '../../plugins/crm/src/outcome';
import { createRequire } from 'node:module';
import { aggregatePeriods, RunningSketches } from '../../report/partial';

// The sketch type Artillery keeps latencies in (a dependency of artillery).
const { DDSketch } = createRequire(require.resolve('artillery/package.json'))('@artilleryio/sketches-js') as {
  DDSketch: new (options?: { relativeAccuracy: number }) => {
    accept(v: number): void;
    getValueAtQuantile(q: number): number;
  };
};

function recorder() {
  const emitted: Array<[string, string, number | undefined]> = [];
  return {
    emitted,
    events: { emit: (type: string, name: string, value?: number) => emitted.push([type, name, value]) },
  };
}

describe('client-side cache signal', () => {
  const headers: Array<[string | string[] | undefined, boolean | undefined]> = [
    ['true', true],
    ['True', true],
    ['1', true],
    ['HIT', true],
    ['false', false],
    ['0', false],
    ['MISS', false],
    [undefined, undefined],
    ['maybe', undefined],
    [['true', 'false'], true],
  ];
  for (const [value, expected] of headers)
    test(`X-Cache-Hit: ${JSON.stringify(value)} → ${expected}`, () =>
      assert.equal(cacheHitFromHeader(value), expected));

  test('counts and times cached and uncached responses, per endpoint', () => {
    const { emitted, events } = recorder();
    recordClientSignal(
      'x-cache-hit',
      { name: 'GET /api/leads' },
      { headers: { 'x-cache-hit': 'true' }, timings: { phases: { firstByte: 2 } } },
      events,
    );
    recordClientSignal(
      'x-cache-hit',
      { name: 'GET /api/leads' },
      { headers: { 'x-cache-hit': 'false' }, timings: { phases: { firstByte: 9 } } },
      events,
    );
    recordClientSignal('x-cache-hit', { name: 'GET /health' }, { headers: {} }, events);
    assert.deepEqual(emitted, [
      ['counter', 'cache_client.hit_responses', 1],
      ['histogram', 'cache_client.latency_hit', 2],
      ['histogram', 'cache_client_by_endpoint.hit.GET /api/leads', 2],
      ['counter', 'cache_client.miss_responses', 1],
      ['histogram', 'cache_client.latency_miss', 9],
      ['histogram', 'cache_client_by_endpoint.miss.GET /api/leads', 9],
    ]);
  });
});

describe('request outcomes', () => {
  const kinds: Array<[number, boolean, string | undefined]> = [
    [200, false, undefined],
    [201, false, undefined],
    [204, false, undefined],
    [500, false, 'http_500'],
    [503, true, 'http_503'],
    [404, true, 'http_404'],
    [404, false, 'http_404'],
    [302, false, 'http_302'],
    [200, true, 'expectation'],
    [204, true, 'expectation'],
  ];
  for (const [status, expectationFailed, kind] of kinds) {
    test(`status ${status}, expectation ${expectationFailed ? 'failed' : 'ok'} → ${kind ?? 'success'}`, () =>
      assert.equal(failureKind(status, expectationFailed), kind));
  }

  test("a failed request counts once, by kind and endpoint; expect's list is trimmed", () => {
    const { emitted, events } = recorder();
    const context = {
      scenario: { name: 'LeadManagementUser' },
      expectations: [{ results: [{ ok: true }] }, { results: [{ ok: false }, { ok: false }] }],
    };
    recordOutcome(
      { name: 'GET /api/leads/{id}' },
      { statusCode: 404, timings: { phases: { firstByte: 12 } } },
      context,
      events,
      () => undefined,
    );
    assert.deepEqual(emitted, [
      ['counter', 'crm.failed_requests', 1],
      ['counter', 'crm.failures.http_404', 1],
      ['counter', 'crm.endpoint_failures.http_404.GET /api/leads/{id}', 1],
      ['counter', 'crm.latency_bucket.le_25ms', 1],
      ['counter', 'crm.user_type_requests.LeadManagementUser', 1],
    ]);
    assert.equal(context.expectations.length, 0);
  });

  test('a connection error counts as a failure of its kind; a failed-expectation error does not count twice', () => {
    const { emitted, events } = recorder();
    recordError({ code: 'ECONNREFUSED' }, { name: 'GET /api/leads' }, {}, events, () => undefined);
    recordError({ name: 'FailedExpectationError' }, { name: 'GET /api/leads' }, {}, events, () => undefined);
    assert.deepEqual(
      emitted.map((e) => e[1]),
      ['crm.failed_requests', 'crm.failures.ECONNREFUSED', 'crm.endpoint_failures.ECONNREFUSED.GET /api/leads'],
    );
  });
});

describe('partial aggregate (Ctrl-C)', () => {
  test('adds counters, keeps the worst period when no sketch is at hand, and says it is approximate', () => {
    const agg = aggregatePeriods([
      {
        counters: { 'http.requests': 10 },
        summaries: { 'http.response_time': { p95: 10, median: 5, count: 10 } },
        firstMetricAt: 1000,
        lastMetricAt: 9000,
      },
      {
        counters: { 'http.requests': 5, 'crm.failed_requests': 1 },
        summaries: { 'http.response_time': { p95: 30, median: 4, count: 5 } },
        firstMetricAt: 10000,
        lastMetricAt: 15000,
      },
    ]);
    assert.deepEqual(agg.counters, { 'http.requests': 15, 'crm.failed_requests': 1 });
    assert.deepEqual(agg.summaries?.['http.response_time'], { p95: 30, median: 5, count: 15 });
    assert.equal(agg.approximate, true);
    assert.deepEqual([agg.firstMetricAt, agg.lastMetricAt], [1000, 15000]);
  });

  test("with running sketches: exact percentiles of the whole run, without keeping each period's sketches", () => {
    const periodOf = (values: number[]) => {
      const sketch = new DDSketch({ relativeAccuracy: 0.01 });
      for (const v of values) sketch.accept(v);
      return {
        counters: { 'http.requests': values.length },
        summaries: { 'http.response_time': { p95: 0 } },
        histograms: { 'http.response_time': sketch },
      };
    };
    const a = periodOf(Array.from({ length: 90 }, () => 10));
    const b = periodOf(Array.from({ length: 10 }, () => 1000));
    const running = new RunningSketches();
    running.add(a);
    running.add(b);
    const agg = aggregatePeriods([a, b], running);
    assert.equal(agg.approximate, false);
    assert.equal(agg.counters?.['http.requests'], 100);
    const p95 = agg.summaries?.['http.response_time']?.p95 ?? 0;
    assert.ok(Math.abs(p95 - 1000) < 20, `p95 ${p95}`);
    assert.ok(Math.abs((agg.summaries?.['http.response_time']?.median ?? 0) - 10) < 1);
  });

  test('an empty run is an empty report', () => {
    assert.deepEqual(aggregatePeriods([]), { counters: {}, rates: {}, summaries: {}, approximate: false });
  });
});
