import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  increaseEndingIn,
  intervalBetween,
  nextPollAt,
  snapshotsUpTo,
  windowTotals,
  type Snapshot,
} from '../src/stats-window';

const s = (at: number, hits: number, misses: number): Snapshot => ({ at, hits, misses });

describe('window totals from cumulative counters', () => {
  const cases: Array<{
    name: string;
    snapshots: Snapshot[];
    hits: number;
    misses: number;
    rate: number | null;
    resets: number;
  }> = [
    { name: 'no snapshot', snapshots: [], hits: 0, misses: 0, rate: null, resets: 0 },
    { name: 'one snapshot: no window', snapshots: [s(0, 100, 50)], hits: 0, misses: 0, rate: null, resets: 0 },
    {
      name: 'lifetime totals do not count, only the increase',
      snapshots: [s(0, 1000, 1000), s(5, 1090, 1010)],
      hits: 90,
      misses: 10,
      rate: 0.9,
      resets: 0,
    },
    {
      name: 'several intervals add up',
      snapshots: [s(0, 10, 10), s(5, 20, 12), s(10, 45, 15)],
      hits: 35,
      misses: 5,
      rate: 35 / 40,
      resets: 0,
    },
    {
      name: 'counters that did not move: no rate',
      snapshots: [s(0, 5, 5), s(5, 5, 5)],
      hits: 0,
      misses: 0,
      rate: null,
      resets: 0,
    },
    {
      name: 'a restart: the segment after it counts from zero',
      snapshots: [s(0, 500, 100), s(5, 580, 120), s(10, 30, 10), s(15, 60, 15)],
      hits: 80 + 30 + 30,
      misses: 20 + 10 + 5,
      rate: 140 / 175,
      resets: 1,
    },
    {
      name: 'only misses going down is a restart too',
      snapshots: [s(0, 10, 10), s(5, 12, 2)],
      hits: 12,
      misses: 2,
      rate: 12 / 14,
      resets: 1,
    },
    {
      name: 'snapshots out of order are sorted by time',
      snapshots: [s(10, 30, 10), s(0, 10, 0)],
      hits: 20,
      misses: 10,
      rate: 2 / 3,
      resets: 0,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const totals = windowTotals(c.snapshots);
      assert.deepEqual([totals.hits, totals.misses, totals.resets], [c.hits, c.misses, c.resets]);
      if (c.rate === null) assert.equal(totals.hitRate, null);
      else assert.ok(Math.abs((totals.hitRate ?? -1) - c.rate) < 1e-12);
    });
  }

  test('keeps each interval with its own hit rate', () => {
    const totals = windowTotals([s(0, 0, 0), s(5000, 8, 2), s(10000, 8, 2)]);
    assert.deepEqual(
      totals.intervals.map((i) => [i.from, i.to, i.hits, i.misses, i.hitRate]),
      [
        [0, 5000, 8, 2, 0.8],
        [5000, 10000, 0, 0, null],
      ],
    );
  });

  test('an interval across a restart is marked', () => {
    assert.equal(intervalBetween(s(0, 10, 10), s(1, 3, 4)).reset, true);
    assert.equal(intervalBetween(s(0, 10, 10), s(1, 10, 10)).reset, false);
  });

  test('a reporting period gets the intervals that ended inside it', () => {
    const { intervals } = windowTotals([s(0, 0, 0), s(4000, 4, 1), s(9000, 10, 2), s(14000, 13, 3)]);
    assert.deepEqual(increaseEndingIn(intervals, 0, 10_000), { hits: 10, misses: 2 });
    assert.deepEqual(increaseEndingIn(intervals, 10_000, 20_000), { hits: 3, misses: 1 });
  });
});

describe('the next poll time on the wall-clock grid', () => {
  const cases: Array<[string, number, number, number]> = [
    ['between boundaries: the next multiple', 1_764_590_123_456, 5_000, 1_764_590_125_000],
    ['exactly on a boundary: the one after (never twice at once)', 1_764_590_125_000, 5_000, 1_764_590_130_000],
    ['a hair before a boundary: that boundary', 1_764_590_129_999, 5_000, 1_764_590_130_000],
    ['10 s: Artillery period boundaries', 1_764_590_123_456, 10_000, 1_764_590_130_000],
    ['0.5 s', 1_764_590_123_456, 500, 1_764_590_123_500],
    ['an interval that does not divide 10 s still keeps to its own grid', 7_001, 3_000, 9_000],
  ];
  for (const [name, now, interval, next] of cases) test(name, () => assert.equal(nextPollAt(now, interval), next));
});

describe('a window cut early', () => {
  const snapshots = [s(0, 0, 0), s(10_004, 5, 5), s(20_999, 9, 9), s(21_001, 10, 10)];
  const cases: Array<[string, number, number[]]> = [
    ['keeps a reading that arrived a little after the cut', 10_000, [0, 10_004]],
    ['keeps one exactly at the slack', 20_000, [0, 10_004, 20_999]],
    ['drops one later than the slack', 19_998, [0, 10_004]],
    ['before any reading: none', -2_000, []],
  ];
  for (const [name, until, ats] of cases)
    test(name, () =>
      assert.deepEqual(
        snapshotsUpTo(snapshots, until, 1000).map((x) => x.at),
        ats,
      ),
    );
});
