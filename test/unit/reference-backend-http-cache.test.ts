import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ledger } from '../../reference-backend/ledger';
import { startInProcess, type InProcessBackend } from '../../reference-backend/in-process';

const newLead = (n: number) => ({
  first_name: 'Load',
  last_name: `Tester${n}`,
  email: `lt-${n}-${Date.now()}@loadtest.invalid`,
  phone: '248-555-0199',
  source: 'Website',
  city: 'Troy',
  state: 'MI',
  zip_code: '48009',
  status: 'new',
});

describe('cache behaviour over HTTP', () => {
  let c: InProcessBackend;
  before(async () => {
    c = await startInProcess();
  });
  after(async () => {
    await c.close();
  });

  it('X-Cache-Hit is false then true for a repeated GET, and query order does not matter', async () => {
    assert.equal((await c.call('GET', '/api/leads?page=1&per_page=25')).headers.get('x-cache-hit'), 'false');
    assert.equal((await c.call('GET', '/api/leads?page=1&per_page=25')).headers.get('x-cache-hit'), 'true');
    assert.equal((await c.call('GET', '/api/leads?per_page=25&page=1')).headers.get('x-cache-hit'), 'true');
  });

  it(
    'a lead write invalidates that lead, not the lists (they expire with the list TTL) nor the ' + 'dashboard',
    async () => {
      await c.call('GET', '/api/leads?status=new&per_page=20');
      await c.call('GET', '/api/analytics/dashboard');
      await c.call('GET', '/api/projects?per_page=10');
      const before = await c.call('GET', '/api/leads?status=new&per_page=20');
      assert.equal(before.headers.get('x-cache-hit'), 'true');
      const created = await c.call('POST', '/api/leads', { body: newLead(2) });
      const afterWrite = await c.call('GET', '/api/leads?status=new&per_page=20');
      assert.equal(afterWrite.headers.get('x-cache-hit'), 'true', 'lists are stale-tolerant');
      assert.equal(afterWrite.json.pagination.total, before.json.pagination.total);
      assert.equal(
        (await c.call('GET', '/api/analytics/dashboard')).headers.get('x-cache-hit'),
        'true',
        'aggregates rely on TTL',
      );
      assert.equal(
        (await c.call('GET', '/api/projects?per_page=10')).headers.get('x-cache-hit'),
        'true',
        'other families untouched',
      );
      assert.equal((await c.call('GET', `/api/leads/${created.json.id}`)).headers.get('x-cache-hit'), 'false');
    },
  );

  it('Cache-Control: no-cache reads past the cache without counting a lookup, and refreshes the entry', async () => {
    await c.call('GET', '/api/leads?page=2&per_page=25');
    const before = (await c.call('GET', '/api/cache/stats')).json;
    const fresh = await c.call('GET', '/api/leads?page=2&per_page=25', { headers: { 'cache-control': 'no-cache' } });
    assert.equal(fresh.status, 200);
    const after = (await c.call('GET', '/api/cache/stats')).json;
    assert.deepEqual([after.hits, after.misses], [before.hits, before.misses]);
    assert.equal((await c.call('GET', '/api/leads?page=2&per_page=25')).headers.get('x-cache-hit'), 'true');
  });

  it('stats counters are cumulative, not touched by the stats route, in each shape', async () => {
    await c.call('POST', '/__ref/cache/reset-stats');
    await c.call('GET', '/api/analytics/team-performance');
    await c.call('GET', '/api/analytics/team-performance');
    await c.call('GET', '/api/analytics/team-performance');
    const flat = await c.call('GET', '/api/cache/stats');
    assert.equal(flat.headers.get('x-cache-hit'), null);
    assert.deepEqual([flat.json.hits, flat.json.misses, flat.json.hit_rate], [2, 1, 0.6667]);
    assert.deepEqual(Object.keys(flat.json).sort(), ['evictions', 'hit_rate', 'hits', 'keys', 'misses']);
    assert.equal((await c.call('GET', '/api/cache/stats')).json.hits, 2, 'reading stats does not count');
    await c.call('POST', '/__ref/faults', { body: { statsShape: 'nested' } });
    assert.deepEqual((await c.call('GET', '/api/cache/stats')).json, {
      cache: { hits: 2, misses: 1, hit_rate: 0.6667 },
      backend: 'reference',
    });
    await c.call('POST', '/__ref/faults', { body: { statsShape: 'redis' } });
    const redis = (await c.call('GET', '/api/cache/stats')).json;
    assert.deepEqual(Object.keys(redis).sort(), [
      'connected_clients',
      'keyspace_hits',
      'keyspace_misses',
      'used_memory',
    ]);
    assert.deepEqual([redis.keyspace_hits, redis.keyspace_misses], [2, 1]);
    await c.call('POST', '/__ref/faults', { body: { statsShape: 'envelope' } });
    assert.deepEqual((await c.call('GET', '/api/cache/stats')).json, {
      success: true,
      data: { cache: { hits: 2, misses: 1, hit_rate: 0.6667 } },
    });
    await c.call('POST', '/__ref/faults', { body: { statsShape: 'prometheus' } });
    const prometheus = await c.call('GET', '/api/cache/stats');
    assert.equal(prometheus.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(prometheus.text, /^cache_hits_total 2$/m);
    assert.match(prometheus.text, /^cache_misses_total 1$/m);
    await c.call('POST', '/__ref/faults', { body: { statsShape: 'flat' } });
  });

  it('each stats mode', async () => {
    const mode = async (statsMode: string) =>
      (await c.call('POST', '/__ref/faults', { body: { statsMode, statsSlowMs: 150 } })).json;
    await mode('down');
    const down = await c.call('GET', '/api/cache/stats');
    assert.deepEqual([down.status, typeof down.json.error], [503, 'string']);
    await mode('malformed');
    const malformed = await c.call('GET', '/api/cache/stats');
    assert.deepEqual(
      [malformed.status, malformed.json, malformed.headers.get('content-type')],
      [200, undefined, 'application/json'],
    );
    await mode('html');
    const html = await c.call('GET', '/api/cache/stats');
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    await mode('slow');
    const started = Date.now();
    assert.equal((await c.call('GET', '/api/cache/stats')).status, 200);
    assert.ok(Date.now() - started >= 140, 'slow mode waits statsSlowMs');
    await c.call('GET', '/api/analytics/dashboard');
    assert.ok((await c.call('GET', '/api/cache/stats')).json.hits > 0);
    assert.equal((await mode('reset')).statsMode, 'reset');
    assert.deepEqual(
      [(await c.call('GET', '/api/cache/stats')).json.hits, (await c.call('GET', '/__ref/faults')).json.statsMode],
      [0, 'ok'],
    );
    await c.call('GET', '/api/analytics/dashboard');
    assert.equal((await c.call('GET', '/api/cache/stats')).json.hits, 1, 'after a reset, counting starts again once');
  });

  it('switching the cache off at runtime: every lookup misses, health says so', async () => {
    await c.call('POST', '/__ref/faults', { body: { cacheEnabled: false } });
    await c.call('GET', '/api/analytics/dashboard');
    assert.equal((await c.call('GET', '/api/analytics/dashboard')).headers.get('x-cache-hit'), 'false');
    assert.deepEqual((await c.call('GET', '/api/cache/health')).json, {
      status: 'healthy',
      cache_enabled: false,
      keys: 0,
    });
    assert.equal((await c.call('POST', '/__ref/faults', { body: { cacheEnabled: 'nope' } })).status, 400);
    await c.call('POST', '/__ref/faults', { body: { cacheEnabled: true } });
  });
});

describe('faults, TTL and the ledger over HTTP', () => {
  it('--no-cache at start', async () => {
    const c = await startInProcess({ cacheEnabled: false });
    try {
      await c.call('GET', '/api/leads');
      assert.equal((await c.call('GET', '/api/leads')).headers.get('x-cache-hit'), 'false');
      assert.equal((await c.call('GET', '/api/cache/health')).json.cache_enabled, false);
      assert.deepEqual(
        [(await c.call('GET', '/api/cache/stats')).json.hits, (await c.call('GET', '/api/cache/stats')).json.misses],
        [0, 2],
      );
    } finally {
      await c.close();
    }
  });

  it('entries expire after the TTL', async () => {
    const c = await startInProcess({ cacheTtlS: 0.05 });
    try {
      await c.call('GET', '/api/analytics/dashboard');
      assert.equal((await c.call('GET', '/api/analytics/dashboard')).headers.get('x-cache-hit'), 'true');
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.equal((await c.call('GET', '/api/analytics/dashboard')).headers.get('x-cache-hit'), 'false');
    } finally {
      await c.close();
    }
  });

  it('latency knobs delay /api routes (heavy ones more), not /health', async () => {
    const c = await startInProcess({ latencyMs: 40, heavyLatencyMs: 60 });
    const timed = async (path: string) => {
      const t = Date.now();
      await c.call('GET', path);
      return Date.now() - t;
    };
    try {
      assert.ok((await timed('/api/realtime/ping')) >= 35);
      assert.ok((await timed('/api/analytics/team-performance')) >= 95);
      assert.ok((await timed('/health')) < 35);
    } finally {
      await c.close();
    }
  });

  it('error-rate 0.05 fails 4–6 % of 2000 /api requests, never /health or /api/cache/*', async () => {
    const c = await startInProcess({ errorRate: 0.05 });
    try {
      let failures = 0;
      const worker = async (count: number) => {
        for (let i = 0; i < count; i += 1) {
          const answer = await c.call('GET', '/api/realtime/ping');
          if (answer.status === 500) {
            failures += 1;
            assert.deepEqual(answer.json, { error: 'injected failure' });
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, () => worker(100)));
      assert.ok(failures >= 80 && failures <= 120, `failures: ${failures} / 2000`);
      for (let i = 0; i < 40; i += 1) {
        assert.equal((await c.call('GET', '/health')).status, 200);
        assert.equal((await c.call('GET', '/api/cache/stats')).status, 200);
      }
    } finally {
      await c.close();
    }
  });

  it('the ledger counts by client kind and route template', async () => {
    const c = await startInProcess();
    try {
      await c.call('POST', '/__ref/ledger/reset');
      const created = await c.call('POST', '/api/leads', { body: newLead(3) });
      await c.call('GET', `/api/leads/${created.json.id}`);
      await c.call('GET', `/api/leads/${created.json.id}`);
      await c.call('GET', '/api/leads/999999');
      await c.call('GET', '/api/leads?page=1&per_page=25');
      await c.call('GET', '/api/nowhere');
      await c.call('GET', '/api/cache/stats', { headers: { 'x-cache-stats-poller': 'poller-a' } });
      await c.call('GET', '/api/cache/stats', { headers: { 'user-agent': 'artillery-plugin-cache-stats/0.1' } });
      await c.call('GET', '/health', { headers: { 'user-agent': 'curl/8' } });
      const ledger = (await c.call('GET', '/__ref/ledger')).json as Ledger;
      assert.deepEqual(ledger.requests, { load: 6, poller: 2, other: 1 });
      assert.deepEqual(ledger.byRoute, {
        'GET /api/leads': { count: 1, statuses: { '200': 1 } },
        'GET /api/leads/{id}': { count: 3, statuses: { '200': 2, '404': 1 } },
        'POST /api/leads': { count: 1, statuses: { '201': 1 } },
      });
      assert.deepEqual(ledger.statusesByKind.load, { '200': 3, '201': 1, '404': 2 });
      assert.deepEqual(ledger.cache, { hits: 1, misses: 3, hitRate: 0.25 });
      assert.deepEqual(ledger.pollers, { ids: ['poller-a'], statsRequests: 2 });
      assert.equal(ledger.unknownRoutes, 1);
      assert.ok(!Number.isNaN(Date.parse(ledger.since)));
    } finally {
      await c.close();
    }
  });
});
