import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { METRICS } from '../../plugins/cache-stats/src/metrics';
import { throughputCeiling } from '../../core/capacity';
import { ensureConditions, replacePackConditions } from '../../core/ensure-conditions';
import { CRM_METRICS, LATENCY_BUCKETS_MS, latencyBucketName } from '../../core/metric-names';
import { GUIDE_TARGETS, mergeTargets, targetsFromEnv, validateTargets, type TargetsConfig } from '../../core/targets';
import { formatVerdict, readingsText, sourceText } from '../../report/terminal';
import { evaluate, type ReportLike } from '../../report/verdict';

// ensure's own evaluation, to prove ensure and the verdict agree.
const { Plugin: Ensure } = createRequire(__filename)('artillery-plugin-ensure') as {
  Plugin: {
    statsToVars(data: unknown): unknown;
    runChecks(checks: unknown, vars: unknown): Array<{ result: unknown; original: string }>;
  };
};
(globalThis as { artillery?: unknown }).artillery ??= { log: () => undefined };

interface Fixture {
  requests?: number;
  failed?: number;
  p95?: number;
  median?: number;
  p99?: number;
  mean?: number;
  hits?: number;
  misses?: number;
  waived?: boolean;
  /** null: no full 10-s period, so the crm plugin wrote no peak. */
  peak?: number | null;
  responses?: number;
  noCache?: boolean;
}

function report(f: Fixture = {}): ReportLike {
  const counters: Record<string, number> = {
    'http.requests': f.requests ?? 1000,
    'http.responses': f.responses ?? f.requests ?? 1000,
    [CRM_METRICS.failedRequests]: f.failed ?? 2,
  };
  if (!f.noCache) {
    Object.assign(counters, {
      [METRICS.hits]: f.hits ?? 900,
      [METRICS.misses]: f.misses ?? 100,
      [METRICS.polls]: 8,
      [METRICS.pollErrors]: 0,
      [METRICS.noDataWaived]: f.waived ? 1 : 0,
    });
  }
  return {
    counters,
    rates: { 'http.request_rate': 40, ...(f.peak === null ? {} : { [CRM_METRICS.peakRequestRate]: f.peak ?? 55 }) },
    summaries: {
      'http.response_time': {
        min: 1,
        max: 900,
        mean: f.mean ?? 40,
        median: f.median ?? 20,
        p95: f.p95 ?? 120,
        p99: f.p99 ?? 400,
        count: 1000,
      },
      'plugins.metrics-by-endpoint.response_time.GET /api/enhanced-analytics/conversion-funnel': {
        p95: 900,
        median: 300,
        p99: 1000,
      },
    },
    firstMetricAt: 0,
    lastMetricAt: 30_000,
  };
}

const targets = (extra: TargetsConfig = {}) => mergeTargets(GUIDE_TARGETS, extra);
const baselineCeiling = throughputCeiling(
  { DashboardUser: 40, LeadManagementUser: 30, ProjectViewUser: 20, AnalyticsUser: 10, MixedWorkloadUser: 15 },
  100,
);

describe('verdict', () => {
  const cases: Array<{
    name: string;
    fixture: Fixture;
    extra?: TargetsConfig;
    exit: number;
    statuses: Record<string, string>;
  }> = [
    {
      name: 'healthy: everything passes, throughput not checked (above the ceiling)',
      fixture: {},
      exit: 0,
      statuses: { p95_ms: 'PASS', error_rate_pct: 'PASS', cache_hit_rate_pct: 'PASS', throughput_rps: 'NOT CHECKED' },
    },
    { name: 'p95 over 500 ms: critical, exit 1', fixture: { p95: 650 }, exit: 1, statuses: { p95_ms: 'FAIL' } },
    {
      name: 'p95 exactly at the target fails (strict <, as ensure)',
      fixture: { p95: 500 },
      exit: 1,
      statuses: { p95_ms: 'FAIL' },
    },
    { name: '5 % errors: critical, exit 1', fixture: { failed: 50 }, exit: 1, statuses: { error_rate_pct: 'FAIL' } },
    {
      name: 'median too slow: exit 2',
      fixture: { median: 250 },
      exit: 2,
      statuses: { median_ms: 'FAIL', p95_ms: 'PASS' },
    },
    {
      name: 'cache below 80 %: exit 2',
      fixture: { hits: 700, misses: 300 },
      exit: 2,
      statuses: { cache_hit_rate_pct: 'FAIL' },
    },
    {
      name: 'no cache data: NO DATA fails, exit 2',
      fixture: { hits: 0, misses: 0 },
      exit: 2,
      statuses: { cache_hit_rate_pct: 'NO DATA' },
    },
    {
      name: 'no cache data, warn only: WARN, exit 0',
      fixture: { hits: 0, misses: 0, waived: true },
      exit: 0,
      statuses: { cache_hit_rate_pct: 'WARN' },
    },
    {
      name: 'cache plugin missing: NO DATA',
      fixture: { noCache: true },
      exit: 2,
      statuses: { cache_hit_rate_pct: 'NO DATA' },
    },
    {
      name: 'no requests at all: NO DATA on error rate, exit 1',
      fixture: { requests: 0, failed: 0 },
      exit: 1,
      statuses: { error_rate_pct: 'NO DATA' },
    },
    {
      name: 'dashboard: average over 200 ms fails',
      fixture: { mean: 210 },
      extra: { mean_ms: 200, cache_hit_rate_pct: 90 },
      exit: 2,
      statuses: { mean_ms: 'FAIL' },
    },
    {
      name: 'endpoint target',
      fixture: {},
      extra: { endpoints: { 'GET /api/enhanced-analytics/conversion-funnel': { p95_ms: 800 } } },
      exit: 2,
      statuses: { 'GET /api/enhanced-analytics/conversion-funnel p95_ms': 'FAIL' },
    },
    {
      name: 'endpoint never called: NO DATA',
      fixture: {},
      extra: { endpoints: { 'GET /api/nothing': { p95_ms: 800 } } },
      exit: 2,
      statuses: { 'GET /api/nothing p95_ms': 'NO DATA' },
    },
    {
      name: 'stress without a full 10-s period: throughput NO DATA, exit 2',
      fixture: { peak: null },
      extra: { throughput_rps: 40 },
      exit: 2,
      statuses: { throughput_rps: 'NO DATA' },
    },
    {
      name: 'a target switched off is not judged',
      fixture: { median: 900 },
      extra: { median_ms: null },
      exit: 0,
      statuses: {},
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const verdict = evaluate({
        report: report(c.fixture),
        targets: targets(c.extra),
        ceiling: baselineCeiling,
        cacheStatsConfigured: true,
      });
      assert.equal(verdict.exitCode, c.exit, JSON.stringify(verdict.lines));
      for (const [key, status] of Object.entries(c.statuses))
        assert.equal(verdict.lines.find((l) => l.key === key)?.status, status, key);
      if (c.extra?.median_ms === null)
        assert.equal(
          verdict.lines.find((l) => l.key === 'median_ms'),
          undefined,
        );
    });

    test(`ensure agrees: ${c.name}`, () => {
      const conditions = ensureConditions(targets(c.extra), baselineCeiling);
      const vars = Ensure.statsToVars({ report: report(c.fixture) });
      const checks = Ensure.runChecks({ conditions }, vars);
      const verdict = evaluate({
        report: report(c.fixture),
        targets: targets(c.extra),
        ceiling: baselineCeiling,
        cacheStatsConfigured: true,
      });
      const ensureFailed = checks.some((check) => check.result !== 1);
      assert.equal(ensureFailed, verdict.exitCode !== 0, checks.map((x) => `${x.result}: ${x.original}`).join('\n'));
    });
  }

  test('throughput is checked where the run can reach it (stress), on the peak period', () => {
    const stressCeiling = throughputCeiling(
      { DashboardUser: 40, LeadManagementUser: 30, ProjectViewUser: 20, AnalyticsUser: 10, MixedWorkloadUser: 15 },
      1200,
    );
    assert.ok(stressCeiling && stressCeiling.rps > 500, `stress ceiling ${stressCeiling?.rps}`);
    const pass = evaluate({
      report: report({ peak: 560 }),
      targets: targets(),
      ceiling: stressCeiling,
      cacheStatsConfigured: true,
    });
    assert.equal(pass.lines.find((l) => l.key === 'throughput_rps')?.status, 'PASS');
    const fail = evaluate({
      report: report({ peak: 300 }),
      targets: targets(),
      ceiling: stressCeiling,
      cacheStatsConfigured: true,
    });
    assert.equal(fail.lines.find((l) => l.key === 'throughput_rps')?.status, 'FAIL');
    assert.ok(ensureConditions(targets(), stressCeiling).some((c) => c.slo === 'throughput_rps'));
    assert.ok(!ensureConditions(targets(), baselineCeiling).some((c) => c.slo === 'throughput_rps'));
  });

  test('an interrupted run exits 130 and says so', () => {
    const verdict = evaluate({
      report: report(),
      targets: targets(),
      ceiling: baselineCeiling,
      cacheStatsConfigured: true,
      interrupted: true,
    });
    assert.equal(verdict.exitCode, 130);
    assert.match(
      formatVerdict(verdict, { run: 'baseline', target: 'http://x', users: 100, durationSeconds: 12 }),
      /INTERRUPTED/,
    );
  });

  test("the terminal block has the guide's sections and states the ceiling", () => {
    const verdict = evaluate({
      report: report({ hits: 700, misses: 300 }),
      targets: targets(),
      ceiling: baselineCeiling,
      cacheStatsConfigured: true,
    });
    const text = formatVerdict(verdict, {
      run: 'baseline',
      target: 'http://crm:8000',
      users: 100,
      durationSeconds: 30,
    });
    for (const part of [
      'LOAD TEST RESULTS',
      'CACHE PERFORMANCE STATISTICS',
      'RECOMMENDATION:',
      'Hit Rate:            70 %',
      '❌ FAIL',
      'Ceiling:',
      'NOT CHECKED',
    ]) {
      assert.ok(text.includes(part), `missing "${part}" in\n${text}`);
    }
  });
});

describe('throughput, outage and cache wording', () => {
  const header = { run: 'baseline', target: 'http://crm:8000', users: 100, durationSeconds: 30 };
  const text = (r: ReportLike, extra: Partial<Parameters<typeof evaluate>[0]> = {}) =>
    formatVerdict(
      evaluate({ report: r, targets: targets(), ceiling: baselineCeiling, cacheStatsConfigured: true, ...extra }),
      header,
    );

  test('the average counts responses, the peak is that of full 10-s periods', () => {
    const verdict = evaluate({
      report: report({ requests: 2800, responses: 1200, failed: 1600, peak: 50 }),
      targets: targets(),
      ceiling: baselineCeiling,
      cacheStatsConfigured: true,
    });
    assert.equal(verdict.measured.averageRps, 40, '1,200 responses in 30 s, not 2,800 attempts');
    assert.match(text(report({ peak: 50 })), /Requests\/second: +33\.3 average, 50 peak of full 10-s periods/);
  });

  test('no full 10-s period: said in words, not as a peak', () => {
    const out = text(report({ peak: null }), { targets: targets({ throughput_rps: 40 }) });
    assert.match(out, /average, no full 10-s period$/m);
    assert.match(out, /Peak vs target: +no full 10-s period +❌ NO DATA/);
    assert.match(out, /no full 10-s period: the load never ran through a whole reporting period/);
  });

  const noData: Array<[string, Fixture, Record<string, unknown> | undefined, RegExp]> = [
    [
      'the stats endpoint down (plugin: null hits, no counters)',
      { noCache: true },
      {
        hits: null,
        misses: null,
        snapshots: 1,
        noDataReason: 'fewer than two readings of the counters (answered HTML, not JSON)',
      },
      /answered HTML/,
    ],
    [
      'an older results file with zeros and fewer than two readings',
      { hits: 0, misses: 0 },
      { hits: 0, misses: 0, snapshots: 0, noDataReason: 'fewer than two readings of the counters' },
      /fewer than two readings/,
    ],
    ['the cache plugin did not run', { noCache: true }, undefined, /reported nothing/],
  ];
  for (const [name, fixture, detail, reason] of noData) {
    test(`no cache data reads NO DATA, never 0: ${name}`, () => {
      const r = report(fixture);
      if (detail)
        r['cache-stats'] = {
          polls: 1,
          pollErrors: 7,
          source: 'GET http://crm/api/cache/stats',
          resets: 0,
          intervals: [],
          warnings: [],
          ...detail,
        } as never;
      const verdict = evaluate({ report: r, targets: targets(), ceiling: baselineCeiling, cacheStatsConfigured: true });
      assert.deepEqual([verdict.measured.cache.hits, verdict.measured.cache.misses], [undefined, undefined]);
      assert.equal(verdict.lines.find((l) => l.key === 'cache_hit_rate_pct')?.status, 'NO DATA');
      const out = formatVerdict(verdict, header);
      assert.match(out, /^Cache Hits: +NO DATA \(.+\)$/m);
      assert.match(out.split('\n').find((l) => l.startsWith('Cache Hits:')) ?? '', reason);
      assert.match(out, /^Cache Misses: +NO DATA$/m);
      assert.doesNotMatch(out, /^Cache (Hits|Misses): +0$/m);
      assert.match(out, /^CACHE PERFORMANCE STATISTICS {2}\(server counters: NO DATA\)$/m);
    });
  }

  test('the moment the target stopped answering is in the verdict and the recommendation', () => {
    const outage = {
      stoppedAt: 0,
      atMs: 12_000,
      runMs: 30_000,
      silentPct: 60,
      failures: 1234,
      kinds: [{ kind: 'ECONNREFUSED', count: 1234 }],
      text:
        'The target stopped answering at 0:12 of 0:30: no response for the last 60 % of the run ' +
        '(1,234 connection errors: ECONNREFUSED)',
    };
    const out = text(report({ failed: 1234 }), { outage });
    assert.match(
      out,
      new RegExp(
        [
          /^❌ The target stopped answering at 0:12 of 0:30: /.source,
          /no response for the last 60 % of the run \(1,234 connection errors: ECONNREFUSED\)$/.source,
        ].join(''),
        'm',
      ),
    );
    assert.match(out.slice(out.indexOf('RECOMMENDATION:')), /stopped answering at 0:12/);
  });

  test('the cache heading says which part of the run the counters cover', () => {
    assert.match(text(report()), /CACHE PERFORMANCE STATISTICS {2}\(server counters over the test window\)/);
    const cacheCoverage = {
      fromMs: 0,
      toMs: 12_000,
      runMs: 30_000,
      pct: 40,
      full: false,
      text: 'server counters 0:00–0:12 of 0:30, 40 % of the run',
    };
    assert.match(
      text(report(), { cacheCoverage }),
      /CACHE PERFORMANCE STATISTICS {2}\(server counters 0:00–0:12 of 0:30, 40 % of the run\)$/m,
    );
  });
});

describe('targets', () => {
  test('environment overrides, and "off" switches a target off', () => {
    assert.deepEqual(targetsFromEnv({ SLO_P95_MS: '800', SLO_CACHE_HIT_RATE_PCT: 'off' }), {
      p95_ms: 800,
      cache_hit_rate_pct: null,
    });
    assert.deepEqual(
      mergeTargets(GUIDE_TARGETS, { p95_ms: 800 }, { endpoints: { 'GET /x': { p95_ms: 9 } } }).p95_ms,
      800,
    );
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown key', { p95: 500 }, /unknown target "p95"/],
    ['negative', { p95_ms: -1 }, /p95_ms must be a number above 0/],
    ['percent over 100', { error_rate_pct: 120 }, /at most 100/],
    ['endpoint typo', { endpoints: { 'GET /x': { p90_ms: 5 } } }, /unknown target "p90_ms"/],
  ];
  for (const [name, value, message] of bad)
    test(`rejects ${name}`, () => assert.throws(() => validateTargets(value), message));
  test('rejects a bad SLO_ variable', () =>
    assert.throws(() => targetsFromEnv({ SLO_P95_MS: 'fast' }), /SLO_P95_MS must be a number/));

  test('the pack replaces its own ensure conditions and keeps hand-written ones', () => {
    const config = {
      conditions: [
        { slo: 'p95_ms', expression: 'old', strict: true },
        { expression: 'vusers.failed == 0', strict: false },
      ],
    };
    replacePackConditions(config, ensureConditions({ p95_ms: 800 }, undefined));
    assert.deepEqual(
      config.conditions.map((c) => c.expression),
      ['http.response_time.p95 < 800', 'vusers.failed == 0'],
    );
  });
});

test('no metric name is a substring of another (ensure replaces names by substring)', () => {
  const names = [
    ...Object.values(METRICS),
    CRM_METRICS.failedRequests,
    CRM_METRICS.peakRequestRate,
    ...LATENCY_BUCKETS_MS.map((ms) => latencyBucketName(ms)),
    latencyBucketName(1e9),
    'http.requests',
    'http.request_rate',
    'http.response_time.p95',
  ];
  for (const a of names) for (const b of names) if (a !== b) assert.ok(!b.includes(a), `"${a}" is inside "${b}"`);
});

test('the baseline ceiling matches the measured fact of behaviour.md (100 users ≈ 45-50 req/s)', () => {
  assert.ok(baselineCeiling && baselineCeiling.rps > 45 && baselineCeiling.rps < 56, String(baselineCeiling?.rps));
});

describe('the cache source line', () => {
  const detail = (extra: Partial<Record<string, unknown>>) =>
    ({
      source: 'GET http://crm/api/cache/stats',
      polls: 8,
      pollErrors: 1,
      pollsAbandoned: 0,
      countersPath: undefined,
      ...extra,
    }) as unknown as Parameters<typeof sourceText>[0];
  const cases: Array<[string, Partial<Record<string, unknown>>, string, string]> = [
    ['as configured', {}, 'GET http://crm/api/cache/stats', '8 readings, 1 failed'],
    [
      'found in an envelope',
      { countersPath: 'data.cache.hits / data.cache.misses' },
      'GET http://crm/api/cache/stats → data.cache.hits / data.cache.misses',
      '8 readings, 1 failed',
    ],
    [
      'a read abandoned at the end',
      { pollsAbandoned: 1 },
      'GET http://crm/api/cache/stats',
      '8 readings, 1 failed, 1 abandoned at the end',
    ],
  ];
  for (const [name, extra, source, readings] of cases) {
    test(name, () => {
      assert.equal(sourceText(detail(extra)), source);
      assert.equal(readingsText(detail(extra)), readings);
    });
  }
});
