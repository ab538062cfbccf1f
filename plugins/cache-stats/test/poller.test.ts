import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, mock, test } from 'node:test';
import type { ArtilleryReport } from '../src/artillery';
import { DEFAULT_OPTIONS, type CacheStatsOptions } from '../src/config';
import { hitRateCondition, METRICS } from '../src/metrics';
import { BOUNDARY_SLACK_MS, CachePoller, summaryCounters, type CounterSource } from '../src/poller';
import type { Reading } from '../src/stats-source';

// ensure's own evaluation (as test/unit/verdict.test.ts uses it): what the run's exit code rests on.
const { Plugin: Ensure } = createRequire(__filename)('artillery-plugin-ensure') as {
  Plugin: {
    statsToVars(data: unknown): unknown;
    runChecks(checks: unknown, vars: unknown): Array<{ result: unknown; original: string }>;
  };
};
(globalThis as { artillery?: unknown }).artillery ??= { log: () => undefined };

const good = (at: number, hits: number, misses: number): Reading => ({
  ok: true,
  counters: { hits, misses },
  at,
  countersPath: 'data.cache.hits / data.cache.misses',
});
const failed = (at: number): Reading => ({ ok: false, reason: 'answered HTTP 503', at });

/** A source whose sync reads come from a script, and whose async reads the test answers (or never answers). */
class FakeSource implements CounterSource {
  readonly description = 'GET http://crm/api/cache/stats';
  readonly pollerId = 'test-poller';
  readonly pending: Array<(reading: Reading) => void> = [];
  asyncReads = 0;
  constructor(private readonly syncReadings: Reading[]) {}
  readSync(): Reading {
    const next = this.syncReadings.shift();
    if (!next) throw new Error('FakeSource: no sync reading left in the script');
    return next;
  }
  readAsync(): Promise<Reading> {
    this.asyncReads++;
    return new Promise((resolve) => this.pending.push(resolve));
  }
}

const options = (over: Partial<CacheStatsOptions> = {}): CacheStatsOptions => ({ ...DEFAULT_OPTIONS, ...over });
const emptyReport = (): ArtilleryReport => ({ counters: {}, rates: {}, summaries: {} });

function ensurePasses(report: ArtilleryReport): boolean {
  const vars = Ensure.statsToVars({ report });
  const checks = Ensure.runChecks({ conditions: [{ expression: hitRateCondition(80), strict: true }] }, vars);
  return checks.every((c) => c.result === 1);
}

/** A poller that has taken the readings given (the first and last as the sync start and end readings). */
function finishedPoller(
  readings: Reading[],
  over: Partial<CacheStatsOptions> = {},
): { poller: CachePoller; report: ArtilleryReport; periods: ArtilleryReport[] } {
  const source = new FakeSource([readings[0] as Reading, readings[readings.length - 1] as Reading]);
  const poller = new CachePoller(source, options(over), () => undefined);
  poller.start();
  for (const reading of readings.slice(1, -1)) (poller as unknown as { accept(r: Reading): void }).accept(reading);
  const periods = [
    { ...emptyReport(), period: 0 },
    { ...emptyReport(), period: 10_000 },
  ];
  for (const p of periods) poller.rememberPeriod(p);
  const report = emptyReport();
  poller.finish(report);
  return { poller, report, periods };
}

describe('no data reads as no data', () => {
  const cases: Array<{ name: string; readings: Reading[]; onNoData?: 'warn'; passes: boolean }> = [
    { name: 'stats endpoint down throughout', readings: [failed(0), failed(5000), failed(10_000)], passes: false },
    { name: 'one good reading only', readings: [good(0, 5, 5), failed(9000)], passes: false },
    { name: 'counters that never moved', readings: [good(0, 5, 5), good(9000, 5, 5)], passes: false },
    {
      name: 'down, warn only: the check passes on the waiver',
      readings: [failed(0), failed(10_000)],
      onNoData: 'warn',
      passes: true,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { poller, report, periods } = finishedPoller(c.readings, c.onNoData ? { onNoData: c.onNoData } : {});
      const summary = poller.summary();
      assert.ok(summary.noDataReason);
      assert.deepEqual([summary.hits, summary.misses, summary.hitRate], [null, null, null]);
      for (const counters of [report.counters, ...periods.map((p) => p.counters)]) {
        assert.equal(counters[METRICS.hits], undefined, 'no cache_stats.hits written');
        assert.equal(counters[METRICS.misses], undefined, 'no cache_stats.misses written');
      }
      assert.equal(ensurePasses(report), c.passes, 'ensure, on its own code, with the metrics absent');
    });
  }

  test('with data, the window figures are written and ensure judges them', () => {
    const { report, periods } = finishedPoller([good(0, 100, 100), good(10_003, 190, 110), good(14_000, 280, 120)]);
    assert.deepEqual([report.counters[METRICS.hits], report.counters[METRICS.misses]], [180, 20]);
    // The reading at 10 s (arrived 3 ms late) closes the first period, not the second.
    assert.deepEqual(
      periods.map((p) => [p.counters[METRICS.hits], p.counters[METRICS.misses]]),
      [
        [90, 10],
        [90, 10],
      ],
    );
    assert.equal(ensurePasses(report), true);
    assert.equal(
      ensurePasses({ ...report, counters: { ...report.counters, [METRICS.hits]: 10 } }),
      false,
      'a low rate fails',
    );
  });
});

describe('each period gets its cache figures as it is handed out (live), exact at the end', () => {
  const accept = (poller: CachePoller, reading: Reading) =>
    (poller as unknown as { accept(r: Reading): void }).accept(reading);
  const counts = (p: ArtilleryReport) => [p.counters[METRICS.hits], p.counters[METRICS.misses]];

  function livePoller(first: Reading, last: Reading) {
    const poller = new CachePoller(new FakeSource([first, last]), options(), () => undefined);
    poller.start();
    return poller;
  }

  test('a period handed out after its readings carries its increase at once, and the same at the end', () => {
    const poller = livePoller(good(0, 100, 100), good(20_000, 280, 120));
    accept(poller, good(5_000, 150, 105));
    accept(poller, good(10_002, 190, 110));
    const period = { ...emptyReport(), period: 0 };
    poller.rememberPeriod(period);
    assert.deepEqual(counts(period), [90, 10], 'live: before the run ends');
    poller.finish(emptyReport());
    assert.deepEqual(counts(period), [90, 10]);
  });

  test('a reading that arrives after its period was handed out: counted at the end', () => {
    const poller = livePoller(good(0, 100, 100), good(20_000, 280, 120));
    accept(poller, good(5_000, 150, 105));
    const period = { ...emptyReport(), period: 0 };
    poller.rememberPeriod(period);
    assert.deepEqual(counts(period), [50, 5], 'live: the readings in so far');
    accept(poller, good(10_002, 190, 110));
    poller.finish(emptyReport());
    assert.deepEqual(counts(period), [90, 10], 'final: the whole period');
  });

  test('Ctrl-C (no final report): the periods are written again from the window all the same', () => {
    const poller = livePoller(good(0, 100, 100), good(20_000, 280, 120));
    accept(poller, good(5_000, 150, 105));
    const period = { ...emptyReport(), period: 0 };
    poller.rememberPeriod(period);
    accept(poller, good(10_002, 190, 110));
    poller.finish(undefined);
    assert.deepEqual(counts(period), [90, 10]);
  });

  test('before two readings: nothing written, not a false 0', () => {
    const poller = livePoller(good(0, 100, 100), good(20_000, 280, 120));
    const period = { ...emptyReport(), period: 0 };
    poller.rememberPeriod(period);
    assert.deepEqual(counts(period), [undefined, undefined]);
  });

  test('counters that never moved: the live zeros are taken out at the end (the window has no figure)', () => {
    const poller = livePoller(good(0, 5, 5), good(20_000, 5, 5));
    accept(poller, good(10_000, 5, 5));
    const period = { ...emptyReport(), period: 0 };
    poller.rememberPeriod(period);
    assert.deepEqual(counts(period), [0, 0], 'live: a measured zero');
    poller.finish(emptyReport());
    assert.deepEqual(counts(period), [undefined, undefined]);
  });
});

describe('the window a summary covers', () => {
  const readings = [
    good(1_000, 0, 0),
    good(10_004, 40, 10),
    good(20_900, 90, 10),
    good(30_002, 100, 40),
    good(34_500, 150, 40),
  ];
  const cases: Array<{
    name: string;
    until?: number;
    window: [number, number];
    hits: number | null;
    misses: number | null;
  }> = [
    { name: 'whole window', window: [1_000, 34_500], hits: 150, misses: 40 },
    {
      name: 'cut at a boundary: a reading that arrived 4 ms late still counts',
      until: 10_000,
      window: [1_000, 10_004],
      hits: 40,
      misses: 10,
    },
    { name: 'cut takes a reading up to the slack late', until: 20_000, window: [1_000, 20_900], hits: 90, misses: 10 },
    {
      name: 'cut leaves out a reading later than the slack',
      until: 30_000 - BOUNDARY_SLACK_MS - 1,
      window: [1_000, 20_900],
      hits: 90,
      misses: 10,
    },
    { name: 'cut before the second reading: no data', until: 5_000, window: [1_000, 1_000], hits: null, misses: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { poller } = finishedPoller(readings);
      const summary = poller.summary(c.until === undefined ? {} : { until: c.until });
      assert.deepEqual(
        [summary.windowStart, summary.windowEnd, summary.hits, summary.misses],
        [...c.window, c.hits, c.misses],
      );
      assert.equal(summary.polls, readings.length, 'polls counts every good read, cut or not');
      assert.equal(summary.countersPath, 'data.cache.hits / data.cache.misses');
    });
  }

  test('without any good reading the window has no ends', () => {
    const summary = finishedPoller([failed(0), failed(1)]).poller.summary();
    assert.deepEqual([summary.windowStart, summary.windowEnd, summary.countersPath], [undefined, undefined, undefined]);
  });
});

describe('every read the backend saw is counted', () => {
  test(
    'a read in flight when the final reading is taken is counted as abandoned, and its late ' + 'answer is not used',
    async () => {
      const source = new FakeSource([good(0, 0, 0), good(9_000, 10, 0)]);
      const poller = new CachePoller(source, options(), () => undefined);
      poller.start();
      const inFlight = poller.pollOnce();
      const report = emptyReport();
      poller.finish(report);
      const summary = poller.summary();
      assert.deepEqual([summary.polls, summary.pollErrors, summary.pollsAbandoned], [2, 0, 1]);
      assert.equal(report.counters[METRICS.pollsAbandoned], 1);
      assert.equal(
        source.asyncReads + 2,
        summary.polls + summary.pollErrors + summary.pollsAbandoned,
        'reads made = reads reported',
      );
      source.pending[0]?.(good(9_500, 99, 99));
      await inFlight;
      assert.equal(poller.summary().polls, 2);
      assert.equal(poller.summary().hits, 10);
    },
  );

  test('no read in flight: nothing abandoned', () => {
    const summary = finishedPoller([good(0, 0, 0), good(9_000, 1, 1)]).poller.summary();
    assert.equal(summary.pollsAbandoned, 0);
    assert.equal(summaryCounters(summary)[METRICS.pollsAbandoned], 0);
  });

  test('Ctrl-C: close() waits for the read in flight and uses it', async () => {
    const source = new FakeSource([good(0, 0, 0), good(9_800, 12, 3)]);
    const poller = new CachePoller(source, options(), () => undefined);
    poller.start();
    void poller.pollOnce();
    const closing = poller.close();
    source.pending[0]?.(good(9_000, 10, 2));
    await closing;
    const summary = poller.summary();
    assert.deepEqual([summary.polls, summary.pollsAbandoned, summary.hits, summary.misses], [3, 0, 12, 3]);
    assert.equal(poller.summary({ until: 7_000 }).windowEnd, 0, 'the cut still applies after close');
  });
});

describe('polls on the wall-clock grid', () => {
  test('each poll lands on the next multiple of the interval since the epoch', async () => {
    const start = 1_764_590_123_400; // an arbitrary moment, not on a boundary
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: start });
    try {
      const source = new FakeSource([good(Date.now(), 0, 0)]);
      const polledAt: number[] = [];
      source.readAsync = () => {
        polledAt.push(Date.now());
        return Promise.resolve(good(Date.now(), polledAt.length, 0));
      };
      const poller = new CachePoller(source, options({ intervalSeconds: 5 }), () => undefined);
      poller.start();
      // Small steps: a mocked timer sees the clock at the end of the step that fired it.
      for (let i = 0; i < 120; i++) {
        mock.timers.tick(100);
        await new Promise<void>((resolve) => queueMicrotask(resolve));
      }
      assert.deepEqual(polledAt, [1_764_590_125_000, 1_764_590_130_000, 1_764_590_135_000]);
    } finally {
      mock.timers.reset();
    }
  });
});
