import { MIXED_RUN_ROUTES, REALTIME_ROUTES } from '../support/behaviour-routes';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RequestLedger, classifyClient } from '../../reference-backend/ledger';
import { createRouter } from '../../reference-backend/routes';

describe('classifyClient', () => {
  const cases: Array<[string | undefined, string | undefined, string, string | undefined]> = [
    [undefined, 'Artillery (https://artillery.io)', 'load', undefined],
    ['poller-1', 'Artillery (https://artillery.io)', 'poller', 'poller-1'],
    [undefined, 'artillery-plugin-cache-stats/0.1.0', 'poller', undefined],
    [undefined, 'curl/8.5.0', 'other', undefined],
    [undefined, undefined, 'other', undefined],
  ];
  for (const [header, agent, kind, pollerId] of cases) {
    it(`${String(header)} / ${String(agent)} → ${kind}`, () =>
      assert.deepEqual(classifyClient(header, agent), { kind, pollerId }));
  }
});

describe('route templating', () => {
  const router = createRouter();
  const cases: Array<[string, string, string]> = [
    ['GET', '/api/leads', 'found GET /api/leads'],
    ['GET', '/api/leads/', 'found GET /api/leads'],
    ['GET', '/api/leads/42', 'found GET /api/leads/{id}'],
    ['PUT', '/api/leads/42', 'found PUT /api/leads/{id}'],
    ['DELETE', '/api/leads/7', 'found DELETE /api/leads/{id}'],
    ['GET', '/api/leads/search', 'found GET /api/leads/search'],
    ['GET', '/api/customers/3/projects', 'found GET /api/customers/{id}/projects'],
    ['GET', '/api/projects/9', 'found GET /api/projects/{id}'],
    ['HEAD', '/health', 'found GET /health'],
    ['PATCH', '/api/leads/42', 'method-not-allowed /api/leads/{id}'],
    ['DELETE', '/api/analytics/dashboard', 'method-not-allowed /api/analytics/dashboard'],
    ['GET', '/api/leads/42/extra', 'not-found'],
    ['GET', '/api/nothing', 'not-found'],
    ['GET', '/api/leads/%E0%A4%A', 'found GET /api/leads/{id}'],
  ];
  for (const [method, path, expected] of cases) {
    it(`${method} ${path} → ${expected}`, () => {
      const match = router.match(method, path);
      const described =
        match.kind === 'found'
          ? `found ${match.route.method} ${match.route.template}`
          : match.kind === 'method-not-allowed'
            ? `method-not-allowed ${match.template}`
            : 'not-found';
      assert.equal(described, expected);
    });
  }

  // The templated routes of behaviour.md, which the ledger must use verbatim as byRoute keys: the load's
  // routes (written out once, in test/support/behaviour-routes.ts) plus the ones only tools and probes call.
  const BEHAVIOUR_ROUTES = [...MIXED_RUN_ROUTES, ...REALTIME_ROUTES, 'GET /api/cache/health', 'GET /health'];

  it('serves every route of behaviour.md', () => {
    const keys = new Set(router.routeKeys());
    for (const key of BEHAVIOUR_ROUTES) assert.ok(keys.has(key), `missing route ${key}`);
  });

  // Cross-check against the document itself when the shared copy is at hand (it lives outside the repo).
  const behaviourPath = join(__dirname, '../../../shared/behaviour.md');
  it(
    'behaviour.md names no route the list above lacks',
    { skip: !existsSync(behaviourPath) && 'shared/behaviour.md not present' },
    () => {
      const behaviour = readFileSync(behaviourPath, 'utf8');
      const named = [...behaviour.matchAll(/\b(GET|POST|PUT|DELETE) (\/api\/[A-Za-z0-9_/{}-]+)/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      assert.ok(named.length > 20, 'behaviour.md lists routes');
      for (const key of named) assert.ok(BEHAVIOUR_ROUTES.includes(key), `behaviour.md names ${key}`);
    },
  );
});

describe('RequestLedger', () => {
  const load = classifyClient(undefined, 'Artillery (https://artillery.io)');
  const poller = classifyClient('p-1', 'artillery-plugin-cache-stats');
  const other = classifyClient(undefined, 'curl');

  it('counts by kind, template and status; only load requests go to byRoute', () => {
    const ledger = new RequestLedger(() => new Date('2025-01-01T00:00:00Z'));
    ledger.record(load, 'GET /api/leads/{id}', 200, false);
    ledger.record(load, 'GET /api/leads/{id}', 404, false);
    ledger.record(load, 'GET /api/leads/{id}', 200, false);
    ledger.record(load, undefined, 404, false);
    ledger.record(poller, 'GET /api/cache/stats', 200, true);
    ledger.record(poller, 'GET /api/cache/stats', 503, true);
    ledger.record(other, 'GET /health', 200, false);
    ledger.recordCacheLookup(load, true);
    ledger.recordCacheLookup(load, true);
    ledger.recordCacheLookup(load, false);
    ledger.recordCacheLookup(other, false);
    assert.deepEqual(ledger.report(), {
      since: '2025-01-01T00:00:00.000Z',
      requests: { load: 4, poller: 2, other: 1 },
      byRoute: { 'GET /api/leads/{id}': { count: 3, statuses: { '200': 2, '404': 1 } } },
      statusesByKind: { load: { '200': 2, '404': 2 }, poller: { '200': 1, '503': 1 }, other: { '200': 1 } },
      cache: { hits: 2, misses: 1, hitRate: 2 / 3 },
      pollers: { ids: ['p-1'], statsRequests: 2 },
      unknownRoutes: 1,
      firstLoadAt: '2025-01-01T00:00:00.000Z',
      lastLoadAt: '2025-01-01T00:00:00.000Z',
      loadResponsesByPeriod: { [String(Date.parse('2025-01-01T00:00:00Z'))]: 4 },
    });
  });

  it('keeps the times of the first and last load request since reset', () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const ledger = new RequestLedger(() => now);
    ledger.record(other, 'GET /health', 200, false);
    assert.equal(ledger.report().firstLoadAt, null);
    now = new Date('2025-01-01T00:00:01Z');
    ledger.record(load, 'GET /api/leads', 200, false);
    now = new Date('2025-01-01T00:00:31Z');
    ledger.record(load, 'GET /api/leads', 200, false);
    ledger.record(poller, 'GET /api/cache/stats', 200, true);
    const report = ledger.report();
    assert.deepEqual([report.firstLoadAt, report.lastLoadAt], ['2025-01-01T00:00:01.000Z', '2025-01-01T00:00:31.000Z']);
  });

  it('reset starts a new window', () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const ledger = new RequestLedger(() => now);
    ledger.record(load, 'GET /health', 200, false);
    now = new Date('2025-01-01T01:00:00Z');
    ledger.reset();
    const report = ledger.report();
    assert.equal(report.since, '2025-01-01T01:00:00.000Z');
    assert.deepEqual(
      [report.requests, report.byRoute, report.cache.hitRate, report.firstLoadAt],
      [{ load: 0, poller: 0, other: 0 }, {}, null, null],
    );
  });
});
