// The terminal during a run: the progress block (report/progress.ts) and what the crm plugin
// lets through of Artillery's own output (plugins/crm/src/console-output.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readConsoleMode } from '../../core/settings';
import { buildReportModel } from '../../report/model';
import { formatProgress, liveSnapshot, modelSoFar, progressBar } from '../../report/progress';
import { ConsoleOutput, scaledPhaseLine, withoutMetricBlocks } from '../../plugins/crm/src/console-output';
import { renderLivePage } from '../../report/live-page';
import { LIVE_CSP } from '../../report/html/page';

const period = (start: number, counters: Record<string, number>, p95: number) => ({
  period: start,
  firstMetricAt: start,
  lastMetricAt: start + 9_999,
  counters,
  rates: {},
  summaries: { 'http.response_time': { min: 1, max: p95 * 2, mean: p95 / 2, median: p95 / 3, p95, p99: p95 * 1.5 } },
});

describe('progress block', () => {
  const t0 = 1_700_000_000_000;
  const periods = [
    period(t0, { 'vusers.created': 50, 'http.requests': 400, 'http.responses': 400, 'crm.failed_requests': 0 }, 40),
    period(
      t0 + 10_000,
      { 'vusers.created': 50, 'vusers.completed': 5, 'http.requests': 500, 'http.responses': 500 },
      60,
    ),
  ];
  const meta = {
    run: 'baseline',
    target: 'http://crm',
    users: 100,
    plannedMs: 300_000,
    timeScale: 1,
    startedAt: t0,
    targets: { p95_ms: 500, error_rate_pct: 1, cache_hit_rate_pct: 80 },
    cacheStatsConfigured: true,
  };
  const model = buildReportModel(
    {
      aggregate: {
        counters: { 'http.requests': 900, 'http.responses': 900, 'crm.failed_requests': 9 },
        summaries: periods[1]!.summaries,
        firstMetricAt: t0,
        lastMetricAt: t0 + 19_999,
        crm: meta,
      },
      intermediate: periods,
    },
    t0 + 20_000,
  );
  const snapshot = liveSnapshot(model, t0 + 75_000);

  test('the snapshot: elapsed of planned, users, rate of the last period, targets so far', () => {
    assert.equal(snapshot.elapsedSeconds, 75);
    assert.equal(snapshot.plannedSeconds, 300);
    assert.deepEqual(snapshot.users, { active: 95, planned: 100 });
    assert.equal(snapshot.requests, 900);
    assert.equal(snapshot.errorRatePct, 1);
    assert.equal(snapshot.lastPeriod?.requestsPerSecond?.toFixed(1), '50.0');
    const status = Object.fromEntries(snapshot.targets.map((t) => [t.key, t.status]));
    assert.equal(status.p95_ms, 'on track');
    assert.equal(status.error_rate_pct, 'failing', '1 % is not below 1 %');
    assert.equal(status.cache_hit_rate_pct, 'no data yet', 'no cache window yet');
  });

  test('two lines, the first with the clock, the bar and the figures', () => {
    const lines = formatProgress(snapshot);
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^\[1:15 \/ 5:00\] █████░{15} {2}25 % {2}users 95\/100 {2}50\.0 req\/s {2}p95 60 ms/);
    assert.match(lines[0]!, /errors 1 % {2}cache no data yet$/);
    assert.equal(
      lines[1],
      '  targets so far: ✓ 95th percentile  ✗ error rate 1 % (target < 1 %)  ✓ median  ✓ 99th percentile  ' +
        '… cache hit rate no data yet (target > 80 %)  ✗ throughput 40 req/s (target > 500 req/s)',
    );
  });

  const bars: Array<[number, number | undefined, string]> = [
    [0, 100, '░░░░░░░░░░'],
    [50, 100, '█████░░░░░'],
    [150, 100, '██████████'],
    [10, undefined, '░░░░░░░░░░'],
  ];
  for (const [done, total, bar] of bars)
    test(`bar ${done}/${total}`, () => assert.equal(progressBar(done, total, 10), bar));

  test('active users: started minus completed and failed, never below 0', () => {
    const users = (counters: Record<string, number>) =>
      liveSnapshot(modelSoFar([period(t0, counters, 5)], meta), t0 + 10_000).users.active;
    assert.equal(users({ 'vusers.created': 3, 'vusers.failed': 1 }), 2);
    assert.equal(users({ 'vusers.completed': 2 }), 0);
  });
});

describe('LOADTEST_CONSOLE', () => {
  const modes: Array<[string | undefined, string | RegExp]> = [
    [undefined, 'progress'],
    ['artillery', 'artillery'],
    [' Progress ', 'progress'],
    ['verbose', /LOADTEST_CONSOLE must be one of progress, artillery \(got "verbose"\)/],
  ];
  for (const [value, expected] of modes)
    test(`${JSON.stringify(value)} → ${expected}`, () => {
      const env = value === undefined ? {} : { LOADTEST_CONSOLE: value };
      if (typeof expected === 'string') assert.equal(readConsoleMode(env), expected);
      else assert.throws(() => readConsoleMode(env), expected);
    });
});

describe("Artillery's own output", () => {
  const dump = [
    'cache_client.hit_responses: ........ 12',
    'cache_client_by_endpoint.hit.GET /api/leads:',
    '  min: ....... 1',
    '  p95: ....... 3',
    'cache_client_by_endpoint.miss.GET /api/leads:',
    '  min: ....... 5',
    'http.requests: ........ 40',
    'http.response_time:',
    '  p95: ....... 12',
  ].join('\n');

  test('artillery mode: the per-endpoint cache timings are left out, the rest kept', () => {
    assert.equal(
      withoutMetricBlocks(dump, ['cache_client_by_endpoint.hit.', 'cache_client_by_endpoint.miss.']),
      [
        'cache_client.hit_responses: ........ 12',
        'http.requests: ........ 40',
        'http.response_time:',
        '  p95: ....... 12',
      ].join('\n'),
    );
  });

  test('phase lines give the duration the scaled run has', () => {
    const line = 'Phase started: 100 users (+10/s) (index: 0, duration: 300s) 17:01:02(+0000)\n';
    assert.equal(
      scaledPhaseLine(line, 0.1),
      'Phase started: 100 users (+10/s) (index: 0, duration: 30s, written 300s, LOADTEST_TIME_SCALE=0.1) ' +
        '17:01:02(+0000)\n',
    );
    assert.equal(scaledPhaseLine(line, 1), line);
  });

  test('progress mode: phase lines and the reporter tick are dropped, the pack prints after it', async () => {
    const printed: string[] = [];
    const out = new ConsoleOutput('progress', 1, (line) => printed.push(line));
    assert.equal(out.filter(['Phase started: x (index: 0, duration: 300s)']), undefined);
    assert.deepEqual(out.filter(['a worker warning']), ['a worker warning']);
    out.replaceReporterOutput(() => ['progress line']);
    assert.equal(out.filter(['Metrics for period to: ...']), undefined, 'the dump in the same tick');
    assert.deepEqual(printed, [], 'printed after the reporter, not before');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(printed, ['progress line']);
    assert.deepEqual(out.filter(['later']), ['later'], 'quiet for that tick only');
  });

  test('progress mode: a line the previous block had in the same place is not repeated', async () => {
    const printed: string[] = [];
    const out = new ConsoleOutput('progress', 1, (line) => printed.push(line));
    const blocks = [
      ['[0:10] a', '  targets: ✓ all'],
      ['[0:20] b', '  targets: ✓ all'],
      ['[0:30] c', '  targets: ✗ p95'],
      ['[0:40] c', '  targets: ✗ p95'],
    ];
    for (const block of blocks) {
      out.replaceReporterOutput(() => block);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(printed, ['[0:10] a', '  targets: ✓ all', '[0:20] b', '[0:30] c', '  targets: ✗ p95', '[0:40] c']);
  });

  test('artillery mode: nothing replaced', async () => {
    const printed: string[] = [];
    const out = new ConsoleOutput('artillery', 1, (line) => printed.push(line));
    out.replaceReporterOutput(() => ['progress line']);
    assert.deepEqual(out.filter(['Metrics for period to: ...']), ['Metrics for period to: ...']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(printed, []);
  });
});

describe('the live page', () => {
  test('the report of the run so far under a banner; its CSP allows its own server only', () => {
    const t0 = 1_700_000_000_000;
    const periods = [period(t0, { 'vusers.created': 10, 'http.requests': 50, 'http.responses': 50 }, 9)];
    const model = buildReportModel({
      aggregate: {
        counters: { 'http.requests': 50, 'http.responses': 50 },
        summaries: periods[0]!.summaries,
        crm: { run: '<script>x</script>', target: 'http://crm', users: 10, plannedMs: 60_000, startedAt: t0 },
      },
      intermediate: periods,
    });
    const html = renderLivePage(model, liveSnapshot(model, t0 + 10_000));
    assert.match(html, /<div id="live-banner" role="status" data-state="running" data-periods="1" data-requests="50"/);
    assert.ok(html.includes(`content="${LIVE_CSP.replace(/'/g, '&#39;')}"`), 'the live CSP in the page');
    assert.match(LIVE_CSP, /default-src 'none'.*; connect-src 'self'$/);
    assert.doesNotMatch(html, /<script>x<\/script>/, 'the run name stays text');
    assert.match(html, /id="verdict"/, "the report's own sections");
  });
});
