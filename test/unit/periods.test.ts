/**
 * Which periods are full, throughput from responses, when the target
 * stopped answering, and which part of the run the cache window covers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PollerSummary } from 'artillery-plugin-cache-stats';
import { cacheCoverage, findOutage } from '../../report/coverage';
import { aggregatePeriods } from '../../report/partial';
import {
  buildTimeline,
  isFullPeriod,
  loadSpan,
  peakOfFullPeriods,
  throughputSummary,
  type LoadSpan,
  type PeriodLike,
} from '../../report/timeline';

const T0 = 1_795_621_360_000; // a period boundary
const S = 1000;

/** A period starting at T0 + i × 10 s with the given counters, its events spread from `from` to `to` (ms into it). */
function period(
  i: number,
  counters: Record<string, number>,
  from = 0,
  to = 9_999,
  lastHistogramAt?: number,
): PeriodLike {
  const t = T0 + i * 10 * S;
  return {
    period: String(t),
    counters,
    // Artillery's rate: count ÷ (last − first event), far above the truth in a short first period.
    rates: { 'http.request_rate': (counters['http.requests'] ?? 0) / Math.max(1, (to - from) / 1000) },
    firstMetricAt: t + from,
    lastMetricAt: t + to,
    ...(lastHistogramAt === undefined ? {} : { lastHistogramAt: t + lastHistogramAt }),
  };
}
const ok = (n: number) => ({ 'http.requests': n, 'http.responses': n });

describe('full periods', () => {
  const span: LoadSpan = { from: T0 + 3_800, to: T0 + 33_800 };
  const cases: Array<[string, number, boolean]> = [
    ['the first period, load from 3.8 s', T0, false],
    ['a period inside the load', T0 + 10 * S, true],
    ['the last period the load ran through', T0 + 20 * S, true],
    ['the last period, load until 3.8 s into it', T0 + 30 * S, false],
    ['a period starting exactly with the load', T0 + 3_800, true],
  ];
  for (const [name, start, full] of cases)
    test(`${name}: ${full ? 'full' : 'partial'}`, () => assert.equal(isFullPeriod(start, span), full));

  test('an interrupted run: the load ran until the interrupt, past the last period’s last event', () => {
    const periods = [period(0, ok(10), 3_800), period(1, ok(50), 0, 9_950)];
    assert.equal(loadSpan({}, periods)?.to, T0 + 19_950);
    assert.equal(isFullPeriod(T0 + 10 * S, loadSpan({}, periods) as LoadSpan), false);
    assert.equal(isFullPeriod(T0 + 10 * S, loadSpan({}, periods, T0 + 21 * S) as LoadSpan), true);
  });

  test('the peak is the best full period’s responses per second, never a short first period’s rate', () => {
    // The first period: 139 requests in 1 s, Artillery's rate 139/s; full periods: 500 and 530 responses.
    const periods = [period(0, ok(139), 9_000), period(1, ok(500)), period(2, ok(530)), period(3, ok(90), 0, 2_000)];
    assert.equal(periods[0]?.rates?.['http.request_rate'], 139);
    const span = loadSpan({}, periods);
    assert.equal(peakOfFullPeriods(periods, span), 53);
    const summary = throughputSummary(buildTimeline(periods, span), undefined);
    assert.deepEqual([summary.peak, summary.minimum, summary.fullPeriods], [53, 50, 2]);
  });

  test('no full period: no peak, no minimum', () => {
    const periods = [period(0, ok(139), 5_000), period(1, ok(200), 0, 4_000)];
    const span = loadSpan({}, periods);
    assert.equal(peakOfFullPeriods(periods, span), undefined);
    assert.deepEqual(throughputSummary(buildTimeline(periods, span), 10), {
      average: 10,
      peak: undefined,
      minimum: undefined,
      fullPeriods: 0,
    });
  });

  test('throughput counts responses, not attempts refused by a dead backend', () => {
    const periods = [
      period(0, ok(10), 5_000),
      period(1, { 'http.requests': 940, 'http.responses': 300, 'errors.ECONNREFUSED': 640 }),
      period(2, ok(10), 0, 1_000),
    ];
    const span = loadSpan({}, periods);
    const timeline = buildTimeline(periods, span);
    assert.deepEqual(
      timeline.map((p) => p.responsesPerSecond),
      [2, 30, 10],
      'per covered second: 5 s, 10 s, 1 s',
    );
    assert.equal(peakOfFullPeriods(periods, span), 30);
  });
});

describe('the target stops answering', () => {
  const span = (periods: PeriodLike[]) => loadSpan({}, periods) as LoadSpan;
  const refused = (n: number) => ({ 'http.requests': n, 'crm.failed_requests': n, 'crm.failures.ECONNREFUSED': n });

  test('answers to the end: no outage', () => {
    const periods = [period(0, ok(100)), period(1, ok(100)), period(2, ok(100))];
    assert.equal(findOutage(periods, span(periods)), undefined);
  });

  test('last response at 0:12 of 0:30, refused connections after it', () => {
    const periods = [
      period(0, ok(100)),
      period(1, { ...ok(20), 'crm.failed_requests': 5, 'crm.failures.ECONNREFUSED': 5 }, 0, 9_999, 2_000),
      period(2, refused(600)),
    ];
    const outage = findOutage(periods, span(periods));
    assert.ok(outage);
    assert.equal(outage.atMs, 12 * S);
    assert.equal(Math.round(outage.silentPct), 60);
    assert.equal(
      outage.text,
      'The target stopped answering at 0:12 of 0:30: no response for the last 60 % of the run ' +
        '(600 connection errors: ECONNREFUSED)',
    );
  });

  test('several kinds are listed with their counts', () => {
    const periods = [
      period(0, ok(100)),
      period(1, {
        'http.requests': 10,
        'crm.failed_requests': 10,
        'crm.failures.ETIMEDOUT': 7,
        'crm.failures.http_502': 3,
      }),
    ];
    assert.match(findOutage(periods, span(periods))?.text ?? '', /\(10 failed requests: 7 ETIMEDOUT, 3 http_502\)$/);
  });

  test('no response at all', () => {
    const periods = [period(0, refused(50)), period(1, refused(80))];
    assert.equal(
      findOutage(periods, span(periods))?.text,
      'The target never answered during the load (0:20) (130 connection errors: ECONNREFUSED)',
    );
  });

  test('trailing periods without any request (the load had ended) are no outage', () => {
    const periods = [period(0, ok(100)), period(1, {})];
    assert.equal(findOutage(periods, span(periods)), undefined);
  });
});

describe('which part of the run the cache window covers', () => {
  const periods = [period(0, ok(1)), period(1, ok(1)), period(2, ok(1))];
  const run = loadSpan({}, periods) as LoadSpan;
  const detail = (windowStart: number | undefined, windowEnd: number | undefined) =>
    ({ windowStart, windowEnd }) as PollerSummary;

  const cases: Array<[string, number | undefined, number | undefined, string | undefined]> = [
    [
      'readings before and after the load: the whole run',
      T0 - 200,
      T0 + 30_500,
      'server counters over the test window',
    ],
    [
      'the stats endpoint failing after 0:12',
      T0 - 200,
      T0 + 12 * S,
      'server counters 0:00–0:12 of 0:30, 40 % of the run',
    ],
    ['readings only from 0:05', T0 + 5 * S, T0 + 30_500, 'server counters 0:05–0:30 of 0:30, 83 % of the run'],
    ['no window (no readings)', undefined, undefined, undefined],
  ];
  for (const [name, start, end, text] of cases)
    test(name, () => assert.equal(cacheCoverage(detail(start, end), run, periods)?.text, text));

  test('Ctrl-C: the request figures end with the last reported period, not the interrupt', () => {
    const stopped = loadSpan({}, periods, T0 + 34 * S) as LoadSpan;
    const coverage = cacheCoverage(detail(T0 - 200, T0 + 30_004), stopped, periods, true);
    assert.deepEqual(
      [coverage?.full, coverage?.text],
      [true, 'server counters over the same 0:30 as the request figures'],
    );
  });
});

test('a partial aggregate adds no cache counters the periods did not have', () => {
  const aggregate = aggregatePeriods([period(0, { ...ok(5), 'cache_stats.polls': 1 }), period(1, ok(5))]);
  assert.equal('cache_stats.hits' in (aggregate.counters ?? {}), false);
  assert.equal('cache_stats.misses' in (aggregate.counters ?? {}), false);
});
