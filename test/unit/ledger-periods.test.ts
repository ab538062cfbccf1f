/**
 * The backend's load responses per 10-s window, and the peak of full
 * periods compared with the pack's within ±2 responses per period.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestLedger, type ClientIdentity } from '../../reference-backend/ledger';
import { comparePeakWithLedger, periodTolerance } from '../../tools/ledger-compare';
import type { ArtilleryJsonReport } from '../../tools/artillery-cli';

const load: ClientIdentity = { kind: 'load', pollerId: undefined };
const poller: ClientIdentity = { kind: 'poller', pollerId: 'p1' };
const T0 = 1_795_621_360_000; // a 10-s boundary

describe('ledger: load responses per 10-s window', () => {
  test('keyed by floor(ms / 10000) × 10000, load only, unknown routes included', () => {
    let now = T0 + 9_999;
    const ledger = new RequestLedger(() => new Date(now));
    ledger.record(load, 'GET /api/leads', 200, false);
    ledger.record(poller, 'GET /api/cache/stats', 200, true);
    now = T0 + 10_000;
    ledger.record(load, undefined, 404, false);
    ledger.record(load, 'GET /api/leads', 500, false);
    assert.deepEqual(ledger.report().loadResponsesByPeriod, { [String(T0)]: 1, [String(T0 + 10_000)]: 2 });
    ledger.reset();
    assert.deepEqual(ledger.report().loadResponsesByPeriod, {});
  });

  test('bounded: the newest 2,000 windows are kept', () => {
    let now = T0;
    const ledger = new RequestLedger(() => new Date(now));
    for (let i = 0; i < 2_005; i++) {
      now = T0 + i * 10_000;
      ledger.record(load, 'GET /api/leads', 200, false);
    }
    const keys = Object.keys(ledger.report().loadResponsesByPeriod).map(Number);
    assert.equal(keys.length, 2_000);
    assert.equal(Math.min(...keys), T0 + 5 * 10_000);
  });
});

describe('ledger-compare: peak of full 10-s periods', () => {
  const period = (i: number, responses: number, from = 0, to = 9_999) => ({
    period: T0 + i * 10_000,
    counters: { 'http.responses': responses },
    rates: {},
    summaries: {},
    firstMetricAt: T0 + i * 10_000 + from,
    lastMetricAt: T0 + i * 10_000 + to,
  });
  // A short first period with a high rate, two full ones, a short last one.
  const report = {
    aggregate: { counters: {}, rates: {}, summaries: {}, firstMetricAt: T0 + 9_000, lastMetricAt: T0 + 31_000 },
    intermediate: [period(0, 139, 9_000), period(1, 500), period(2, 530), period(3, 40, 0, 1_000)],
  } as unknown as ArtilleryJsonReport;
  const ledgerWith = (counts: number[]) =>
    ({
      loadResponsesByPeriod: Object.fromEntries(counts.map((n, i) => [String(T0 + i * 10_000), n])),
    }) as unknown as Parameters<typeof comparePeakWithLedger>[1];

  const cases: Array<[string, number[], boolean, number | string]> = [
    ['the same counts', [139, 500, 530, 40], true, 53],
    ['two responses moved across a boundary: within the tolerance', [139, 502, 528, 40], true, 52.8],
    // 530 responses: the allowance is 2 + ceil(1 % of 527) = 8.
    ['eight responses off in a full period of 527: within it', [139, 500, 522, 43], true, 52.2],
    ['nine responses off: outside it', [139, 500, 521, 43], false, 52.1],
    ['partial periods are not compared', [9_999, 500, 530, 9_999], true, 53],
  ];
  for (const [name, counts, equal, backendPeak] of cases) {
    test(name, () => {
      const rows = comparePeakWithLedger(report, ledgerWith(counts));
      assert.equal(rows[0]?.pack, 53);
      assert.equal(rows[0]?.backend, backendPeak);
      assert.match(
        rows[0]?.what ?? '',
        /±\(2 \+ responses in flight across a boundary: count × \(max latency \+ 250 ms\) ÷ 10 s\)/,
      );
      assert.equal(
        rows.every((r) => r.equal),
        equal,
        JSON.stringify(rows),
      );
    });
  }
});

test('the per-period allowance: 2 plus the responses in flight across a boundary', () => {
  const cases: Array<[responses: number, maxLatencyMs: number | undefined, allowance: number]> = [
    // No latency summary: 1 % of the count.
    [0, undefined, 2],
    [101, undefined, 4],
    [3_480, undefined, 37],
    // count × (max latency + 250 ms) ÷ 10 s: a quick period allows little, a slow one more.
    [500, 20, 16],
    [526, 30, 17],
    [2_856, 1_000, 359],
    [2_856, 133, 112],
    // Never more than the whole period.
    [100, 60_000, 102],
  ];
  for (const [responses, latency, allowance] of cases) {
    assert.equal(periodTolerance(responses, latency), allowance, `${responses} responses, max ${latency} ms`);
  }
});
