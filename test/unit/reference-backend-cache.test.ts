import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache, cacheKey, matchesInvalidation, type Invalidation } from '../../reference-backend/cache';

/** A cache on a hand-driven clock, so TTL behaviour is tested without sleeping. */
function cacheAt(options: { ttlMs?: number; enabled?: boolean; maxEntries?: number } = {}) {
  const clock = { now: 1_000 };
  const cache = new TtlCache({
    ttlMs: options.ttlMs ?? 100,
    enabled: options.enabled ?? true,
    maxEntries: options.maxEntries ?? 100,
    now: () => clock.now,
  });
  return { cache, clock };
}

describe('cacheKey', () => {
  const cases: Array<[string, string, string]> = [
    ['/api/leads', '', '/api/leads'],
    ['/api/leads', 'page=2&per_page=25', '/api/leads?page=2&per_page=25'],
    ['/api/leads', 'per_page=25&page=2', '/api/leads?page=2&per_page=25'],
    ['/api/leads', 'status=new&page=1&per_page=50', '/api/leads?page=1&per_page=50&status=new'],
    ['/api/leads', '&&', '/api/leads'],
  ];
  for (const [path, query, expected] of cases) {
    it(`${path}?${query} → ${expected}`, () => assert.equal(cacheKey(path, query), expected));
  }
});

describe('matchesInvalidation', () => {
  const cases: Array<[string, Invalidation, boolean]> = [
    ['/api/leads', { kind: 'path', path: '/api/leads' }, true],
    ['/api/leads?page=1', { kind: 'path', path: '/api/leads' }, true],
    ['/api/leads/5', { kind: 'path', path: '/api/leads' }, false],
    ['/api/leads/search?q=roof', { kind: 'path', path: '/api/leads/search' }, true],
    ['/api/leads/50', { kind: 'path', path: '/api/leads/5' }, false],
    ['/api/projects/3', { kind: 'prefix', prefix: '/api/projects' }, true],
    ['/api/analytics/dashboard', { kind: 'prefix', prefix: '/api/projects' }, false],
  ];
  for (const [key, rule, expected] of cases) {
    it(`${key} vs ${JSON.stringify(rule)} → ${expected}`, () => assert.equal(matchesInvalidation(key, rule), expected));
  }
});

describe('TtlCache', () => {
  it('counts a miss, then hits while fresh, then a miss once expired', () => {
    const { cache, clock } = cacheAt({ ttlMs: 100 });
    assert.equal(cache.lookup('k'), undefined);
    cache.store('k', 'v');
    assert.equal(cache.lookup('k'), 'v');
    clock.now += 99;
    assert.equal(cache.lookup('k'), 'v');
    clock.now += 1;
    assert.equal(cache.lookup('k'), undefined);
    const counters = cache.counters();
    assert.deepEqual([counters.hits, counters.misses, counters.keys, counters.evictions], [2, 2, 0, 1]);
    assert.equal(counters.hit_rate, 0.5);
  });

  it('a disabled cache misses every lookup and stores nothing', () => {
    const { cache } = cacheAt({ enabled: false });
    cache.store('k', 'v');
    assert.equal(cache.lookup('k'), undefined);
    assert.equal(cache.lookup('k'), undefined);
    assert.deepEqual([cache.counters().hits, cache.counters().misses, cache.keyCount()], [0, 2, 0]);
  });

  it('disabling drops entries so re-enabling cannot serve old data', () => {
    const { cache } = cacheAt();
    cache.store('k', 'v');
    cache.setEnabled(false);
    cache.setEnabled(true);
    assert.equal(cache.lookup('k'), undefined);
  });

  it('invalidates only the keys its rules name', () => {
    const { cache } = cacheAt();
    const keys = [
      '/api/leads?page=1',
      '/api/leads/search?q=roof',
      '/api/leads/5',
      '/api/leads/6',
      '/api/analytics/dashboard',
      '/api/projects?page=1',
    ];
    for (const key of keys) cache.store(key, 'x');
    const dropped = cache.invalidate([
      { kind: 'path', path: '/api/leads' },
      { kind: 'path', path: '/api/leads/search' },
      { kind: 'path', path: '/api/leads/5' },
    ]);
    assert.equal(dropped, 3);
    assert.deepEqual(
      keys.map((key) => cache.lookup(key) !== undefined),
      [false, false, false, true, true, true],
    );
  });

  it('prefix invalidation drops a whole family', () => {
    const { cache } = cacheAt();
    for (const key of [
      '/api/projects',
      '/api/projects?status=completed',
      '/api/projects/1',
      '/api/customers/1/projects',
    ])
      cache.store(key, 'x');
    assert.equal(cache.invalidate([{ kind: 'prefix', prefix: '/api/projects' }]), 3);
    assert.equal(cache.keyCount(), 1);
  });

  it('resetStats zeroes the counters but keeps the entries', () => {
    const { cache } = cacheAt();
    cache.store('k', 'v');
    cache.lookup('k');
    cache.lookup('other');
    cache.resetStats();
    assert.deepEqual([cache.counters().hits, cache.counters().misses, cache.counters().hit_rate], [0, 0, 0]);
    assert.equal(cache.lookup('k'), 'v');
  });

  it('evicts the oldest entry beyond maxEntries', () => {
    const { cache } = cacheAt({ maxEntries: 2 });
    cache.store('a', '1');
    cache.store('b', '2');
    cache.store('c', '3');
    assert.equal(cache.keyCount(), 2);
    assert.equal(cache.lookup('a'), undefined);
    assert.equal(cache.counters().evictions, 1);
  });

  it('tracks stored bytes for the redis-shaped used_memory', () => {
    const { cache } = cacheAt();
    cache.store('ab', '1234');
    cache.store('ab', '12');
    assert.equal(cache.counters().bytes, 4);
    cache.clear();
    assert.equal(cache.counters().bytes, 0);
  });
});
