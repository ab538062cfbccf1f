/**
 * The cache-stats plugin and the SLO verdict through the real Artillery CLI
 * against the reference backend, healthy and with faults injected.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { runArtillery, type ArtilleryRunOptions, type ArtilleryRunResult } from '../../tools/artillery-cli';
import { warmThenResetLedger } from '../../tools/warm-cache';
import { parseRedisUrl, redisCommands } from '../../plugins/cache-stats/src/redis-info';
import { fixtureScript } from '../support/fixtures';

const REDIS_URL = process.env.CACHE_STATS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const SHORT = { LOADTEST_TIME_SCALE: '0.05', LOADTEST_SEED: '7' }; // baseline: 15 s
// DashboardUsers read /api/cache/stats themselves: with it broken their
// requests fail too (rightly). To see the cache verdict alone, these runs
// use a user type that does not.
const WITHOUT_STATS_READERS = ['--scenario-name', 'ProjectViewUser'];

async function withBackend<T>(args: string[], work: (backend: LaunchedBackend) => Promise<T>): Promise<T> {
  const backend = await launchReferenceBackend(args);
  try {
    return await work(backend);
  } finally {
    await backend.stop();
  }
}

async function run(backend: LaunchedBackend, options: Partial<ArtilleryRunOptions> = {}): Promise<ArtilleryRunResult> {
  await warmThenResetLedger(backend);
  return runArtillery({
    scenario: 'baseline',
    target: backend.url,
    timeoutMs: 120_000,
    ...options,
    env: { ...SHORT, ...options.env },
  });
}

const output = (r: ArtilleryRunResult) => `${r.stdout}\n${r.stderr}`;
const verdictLine = (r: ArtilleryRunResult, label: string) =>
  output(r)
    .split('\n')
    .find((l) => l.startsWith(label)) ?? '';
const counter = (r: ArtilleryRunResult, name: string) => r.report?.aggregate.counters[name];

describe('healthy backend', () => {
  test('exit 0, the verdict block, and the window hit rate equals the backend’s own figure', async () => {
    await withBackend([], async (backend) => {
      const result = await run(backend, { env: { LOADTEST_TIME_SCALE: '0.1' } });
      const ledger = await backend.ledger();
      assert.equal(result.exitCode, 0, output(result).slice(-4000));
      for (const section of [
        'LOAD TEST RESULTS',
        'CACHE PERFORMANCE STATISTICS',
        'RECOMMENDATION:',
        '✅ System meets performance targets',
        'Exit code 0',
      ]) {
        assert.ok(result.stdout.includes(section), `missing ${section}`);
      }
      assert.doesNotMatch(result.stdout, /^fail: /m, 'every ensure check passed');

      const hits = counter(result, 'cache_stats.hits') ?? 0;
      const misses = counter(result, 'cache_stats.misses') ?? 0;
      const pluginRate = (100 * hits) / (hits + misses);
      const backendRate = 100 * (ledger.cache.hitRate ?? 0);
      assert.ok(
        Math.abs(pluginRate - backendRate) <= 0.5,
        `plugin ${pluginRate.toFixed(2)} % vs backend ${backendRate.toFixed(2)} %`,
      );
      assert.deepEqual([hits, misses], [ledger.cache.hits, ledger.cache.misses], 'the window covers exactly the load');

      // One poller for the whole test, and every read it made reached the backend.
      assert.equal(ledger.pollers.ids.length, 1, `pollers: ${ledger.pollers.ids.join(', ')}`);
      const polls =
        (counter(result, 'cache_stats.polls') ?? 0) +
        (counter(result, 'cache_stats.poll_errors') ?? 0) +
        (counter(result, 'cache_stats.abandoned_reads') ?? 0);
      assert.equal(ledger.pollers.statsRequests, polls);
      assert.ok(polls >= 30 / 5, `only ${polls} polls in a 30 s run at 5 s intervals`);

      // Client side: the header was counted, and hits are faster than misses.
      const clientHits = counter(result, 'cache_client.hit_responses') ?? 0;
      assert.ok(clientHits > 0);
      const summaries = result.report?.aggregate.summaries ?? {};
      assert.ok(
        (summaries['cache_client.latency_hit']?.median ?? 99) <= (summaries['cache_client.latency_miss']?.median ?? 0),
      );
    });
  });
});

describe('faults make the verdict fail, with the right exit code', () => {
  test('600 ms of added latency: p95 FAIL, exit 1', async () => {
    await withBackend(['--latency-ms', '600'], async (backend) => {
      const result = await run(backend, { env: { LOADTEST_TIME_SCALE: '0.03' } });
      assert.equal(result.exitCode, 1, output(result).slice(-3000));
      assert.match(verdictLine(result, '  95th Percentile:'), /❌ FAIL/);
      assert.match(result.stdout, /^fail: http\.response_time\.p95 < 500$/m, 'ensure agrees');
    });
  });

  test('5 % injected errors: error rate FAIL, exit 1', async () => {
    await withBackend(['--error-rate', '0.05'], async (backend) => {
      const result = await run(backend);
      assert.equal(result.exitCode, 1, output(result).slice(-3000));
      assert.match(verdictLine(result, 'Error Rate:'), /❌ FAIL/);
      const failed = counter(result, 'crm.failed_requests') ?? 0;
      const ledgerFailures = Object.values((await backend.ledger()).byRoute).reduce(
        (s, r) => s + (r.statuses['500'] ?? 0),
        0,
      );
      assert.equal(failed, ledgerFailures, 'every 500 counted once');
    });
  });

  test('stats endpoint down: one warning, NO DATA, non-zero exit, the load test still ran', async () => {
    await withBackend(['--stats-mode', 'down'], async (backend) => {
      const result = await run(backend, { args: WITHOUT_STATS_READERS });
      assert.equal(result.exitCode, 2, output(result).slice(-3000));
      const warnings =
        output(result).match(/^cache-stats: GET .*\/api\/cache\/stats failed: answered HTTP 503/gm) ?? [];
      assert.equal(warnings.length, 1, 'warned once');
      assert.match(verdictLine(result, 'Hit Rate:'), /NO DATA/);
      assert.ok((counter(result, 'http.requests') ?? 0) > 50, 'load went on');
      assert.ok((counter(result, 'cache_stats.poll_errors') ?? 0) >= 3);
      const periods = result.report?.intermediate ?? [];
      for (const counters of [result.report?.aggregate.counters ?? {}, ...periods.map((p) => p.counters)]) {
        assert.deepEqual(
          [counters['cache_stats.hits'], counters['cache_stats.misses']],
          [undefined, undefined],
          'no data is absent, not 0',
        );
      }
    });
  });

  test('stats endpoint answering HTML, warn-only configured: WARN, exit 0', async () => {
    await withBackend(['--stats-mode', 'html'], async (backend) => {
      const result = await run(backend, { args: WITHOUT_STATS_READERS, env: { CACHE_STATS_ON_NO_DATA: 'warn' } });
      assert.equal(result.exitCode, 0, output(result).slice(-3000));
      assert.equal((output(result).match(/^cache-stats: .*answered HTML, not JSON/gm) ?? []).length, 1, 'warned once');
      assert.match(verdictLine(result, 'Hit Rate:'), /WARN/);
    });
  });

  test('stats endpoint too slow: each poll times out, the run is not held up', async () => {
    await withBackend(['--stats-mode', 'slow', '--stats-slow-ms', '20000'], async (backend) => {
      const result = await run(backend, { args: WITHOUT_STATS_READERS, env: { CACHE_STATS_TIMEOUT_MS: '400' } });
      assert.equal(result.exitCode, 2);
      assert.equal(
        (output(result).match(/^cache-stats: .*no answer from .* within 400 ms/gm) ?? []).length,
        1,
        'warned once',
      );
      assert.ok(result.wallMs < 40_000, `run took ${result.wallMs} ms`);
    });
  });

  test('cache restarted mid-run: warned, and the window adds up the segments', async () => {
    await withBackend([], async (backend) => {
      const reset = setTimeout(() => void fetch(`${backend.url}/__ref/cache/reset-stats`, { method: 'POST' }), 8000);
      const result = await run(backend);
      clearTimeout(reset);
      const ledger = await backend.ledger();
      assert.match(output(result), /the cache counters went down .*the cache restarted/);
      assert.equal(counter(result, 'cache_stats.counter_resets'), 1);
      // The increase between the last poll before the restart and the restart itself is lost to any poller.
      const hits = counter(result, 'cache_stats.hits') ?? 0;
      const misses = counter(result, 'cache_stats.misses') ?? 0;
      assert.ok(hits <= ledger.cache.hits && misses <= ledger.cache.misses);
      assert.ok(Math.abs((100 * hits) / (hits + misses) - 100 * (ledger.cache.hitRate ?? 0)) < 5);
    });
  });
});

describe('plugin presence', () => {
  test('a misnamed cache-stats plugin does not pass quietly', async () => {
    const script = fixtureScript('baseline', 'misnamed-cache-stats', (yaml) =>
      yaml.replace(/^ {4}cache-stats:$/m, '    cache-stat:'),
    );
    await withBackend([], async (backend) => {
      const result = await run(backend, { scenario: script });
      assert.equal(result.exitCode, 2, output(result).slice(-3000));
      assert.match(
        output(result),
        /Plugin cache-stat specified but module artillery-plugin-cache-stat could not be found/,
      );
      assert.match(verdictLine(result, 'Hit Rate:'), /NO DATA/);
    });
  });
});

describe('Redis source', async () => {
  const ping = await redisCommands(parseRedisUrl(REDIS_URL), [['PING']], 1000);
  const skip = ping.ok ? undefined : `no Redis at ${REDIS_URL} (${ping.reason})`;
  if (skip) console.log(`# skipping the Redis source run: ${skip}`);

  test(
    'reads INFO stats from a real Redis: the window counts exactly what Redis served meanwhile',
    { skip },
    async () => {
      const redis = parseRedisUrl(REDIS_URL);
      const key = `crm-loadtest:acceptance:${process.pid}`;
      await redisCommands(redis, [['SET', key, 'x', 'EX', '120']], 2000);
      const traffic = setTimeout(() => {
        const commands = [
          ...Array.from({ length: 40 }, () => ['GET', key]),
          ...Array.from({ length: 10 }, (_, i) => ['GET', `${key}:missing:${i}`]),
        ];
        void redisCommands(redis, commands, 2000);
      }, 6000);
      try {
        await withBackend([], async (backend) => {
          const result = await run(backend, {
            args: WITHOUT_STATS_READERS,
            env: { CACHE_STATS_SOURCE: 'redis', CACHE_STATS_REDIS_URL: REDIS_URL },
          });
          assert.match(verdictLine(result, 'Source:'), /Redis INFO stats at redis:\/\/127\.0\.0\.1:6379/);
          assert.deepEqual(
            [counter(result, 'cache_stats.hits'), counter(result, 'cache_stats.misses')],
            [40, 10],
            output(result).slice(-2500),
          );
          assert.equal(counter(result, 'cache_stats.poll_errors'), 0);
        });
      } finally {
        clearTimeout(traffic);
        await redisCommands(redis, [['DEL', key]], 2000);
      }
    },
  );
});
