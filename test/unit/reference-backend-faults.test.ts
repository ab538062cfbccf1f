import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from '../../reference-backend/cache';
import { applyFaultPatch } from '../../reference-backend/admin';
import {
  ErrorInjector,
  addedLatencyMs,
  isErrorEligible,
  validateFaultPatch,
  type FaultSettings,
} from '../../reference-backend/faults';
import { brokenStatsResponse, statsBody, statsResponse } from '../../reference-backend/stats';

const base: FaultSettings = {
  latencyMs: 10,
  heavyLatencyMs: 40,
  errorRate: 0,
  statsMode: 'ok',
  statsSlowMs: 10_000,
  statsShape: 'flat',
  cacheEnabled: true,
};

describe('addedLatencyMs', () => {
  const cases: Array<[string, boolean, number]> = [
    ['/api/leads', false, 10],
    ['/api/enhanced-analytics/geographic-heatmap', true, 50],
    ['/api/cache/stats', false, 10],
    ['/health', false, 0],
  ];
  for (const [path, heavy, expected] of cases)
    it(`${path} → ${expected} ms`, () => assert.equal(addedLatencyMs(base, { path, heavy }), expected));
});

describe('isErrorEligible', () => {
  const cases: Array<[string, boolean]> = [
    ['/api/leads', true],
    ['/api/realtime/ping', true],
    ['/api/cache/stats', false],
    ['/api/cache/health', false],
    ['/health', false],
    ['/__ref/ledger', false],
  ];
  for (const [path, expected] of cases)
    it(`${path} → ${expected}`, () => assert.equal(isErrorEligible(path), expected));
});

describe('ErrorInjector', () => {
  for (const rate of [0, 0.01, 0.05, 0.1, 0.333, 0.5, 1]) {
    it(`rate ${rate}: failures within ±1 of n × rate at every n`, () => {
      const injector = new ErrorInjector(42);
      let failures = 0;
      for (let n = 1; n <= 5000; n += 1) {
        if (injector.shouldFail(rate)) failures += 1;
        assert.ok(Math.abs(failures - n * rate) <= 1, `n=${n} failures=${failures}`);
      }
    });
  }
  it('is not strictly periodic (a looping scenario step is not always the one that fails)', () => {
    const injector = new ErrorInjector(1);
    const positions: number[] = [];
    for (let n = 0; n < 2000; n += 1) if (injector.shouldFail(0.05)) positions.push(n);
    const gaps = new Set(positions.slice(1).map((p, i) => p - (positions[i] ?? 0)));
    assert.ok(gaps.size > 3, `gaps: ${[...gaps].join(',')}`);
  });
  it('is deterministic by seed', () => {
    const run = (seed: number) => {
      const inj = new ErrorInjector(seed);
      return Array.from({ length: 200 }, () => inj.shouldFail(0.1));
    };
    assert.deepEqual(run(3), run(3));
  });
});

describe('validateFaultPatch', () => {
  const cases: Array<[unknown, boolean]> = [
    [{ latencyMs: 50, errorRate: 0.2, statsMode: 'html', cacheEnabled: false }, true],
    [{ statsShape: 'redis', statsSlowMs: 100, heavyLatencyMs: 0 }, true],
    [{}, true],
    [{ errorRate: 1.5 }, false],
    [{ latencyMs: -1 }, false],
    [{ statsMode: 'flaky' }, false],
    [{ cacheEnabled: 'no' }, false],
    [{ latencyMS: 5 }, false],
    ['errorRate=1', false],
  ];
  for (const [body, ok] of cases)
    it(`${JSON.stringify(body)} → ${ok ? 'accepted' : 'rejected'}`, () =>
      assert.equal(validateFaultPatch(body).ok, ok));

  it('applying cacheEnabled=false switches the cache off', () => {
    const cache = new TtlCache({ ttlMs: 1000, enabled: true });
    const settings = { ...base };
    const patch = validateFaultPatch({ cacheEnabled: false, errorRate: 0.3 });
    assert.ok(patch.ok);
    applyFaultPatch(settings, patch.patch, cache);
    assert.deepEqual([settings.errorRate, settings.cacheEnabled, cache.enabled], [0.3, false, false]);
  });
});

describe('stats bodies', () => {
  const counters = { hits: 90, misses: 10, hit_rate: 0.9, keys: 5, evictions: 1, bytes: 100 };
  it('flat', () =>
    assert.deepEqual(statsBody('flat', counters, 3), { hits: 90, misses: 10, hit_rate: 0.9, keys: 5, evictions: 1 }));
  it('nested', () =>
    assert.deepEqual(statsBody('nested', counters, 3), {
      cache: { hits: 90, misses: 10, hit_rate: 0.9 },
      backend: 'reference',
    }));
  it('redis', () =>
    assert.deepEqual(statsBody('redis', counters, 3), {
      keyspace_hits: 90,
      keyspace_misses: 10,
      used_memory: 1_048_676,
      connected_clients: 3,
    }));
  it('envelope', () =>
    assert.deepEqual(statsBody('envelope', counters, 3), {
      success: true,
      data: { cache: { hits: 90, misses: 10, hit_rate: 0.9 } },
    }));
  it('prometheus: text/plain version 0.0.4, HELP/TYPE lines, both counters and an unrelated metric', () => {
    const response = statsResponse('prometheus', counters, 3);
    assert.deepEqual([response.status, response.contentType], [200, 'text/plain; version=0.0.4; charset=utf-8']);
    const samples = response.body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    assert.deepEqual(samples, ['cache_hits_total 90', 'cache_misses_total 10', 'http_open_connections 3']);
    assert.match(response.body, /^# HELP cache_hits_total .+\n# TYPE cache_hits_total counter$/m);
    assert.match(response.body, /^# TYPE cache_misses_total counter$/m);
  });
  for (const shape of ['flat', 'nested', 'redis', 'envelope'] as const) {
    it(`${shape} is answered as JSON`, () => {
      const response = statsResponse(shape, counters, 3);
      assert.deepEqual(
        [response.status, response.contentType, JSON.parse(response.body)],
        [200, 'application/json', statsBody(shape, counters, 3)],
      );
    });
  }
  const broken: Array<[Parameters<typeof brokenStatsResponse>[0], number | undefined]> = [
    ['down', 503],
    ['malformed', 200],
    ['html', 200],
    ['ok', undefined],
    ['slow', undefined],
    ['reset', undefined],
  ];
  for (const [mode, status] of broken)
    it(`mode ${mode} → ${String(status)}`, () => assert.equal(brokenStatsResponse(mode)?.status, status));
  it('malformed is labelled JSON but does not parse', () => {
    const response = brokenStatsResponse('malformed');
    assert.equal(response?.contentType, 'application/json');
    assert.throws(() => JSON.parse(response?.body ?? ''));
  });
});
