/**
 * The report folder after a run, without extra flags; the same report from
 * any results file; compare's exit code; Ctrl-C still writes everything.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { REPO_ROOT, runArtillery } from '../../tools/artillery-cli';
import { runTool } from '../support/tools';

const FIXTURES = path.join(__dirname, '../fixtures/results');
const tool = runTool;

let backend: LaunchedBackend;
before(async () => {
  backend = await launchReferenceBackend();
});
after(async () => backend?.stop());

const REPORT_FILES = ['report.html', 'results.json', 'endpoints.csv', 'failures.csv', 'timeseries.csv'];

describe('after every run', () => {
  test(
    'reports/<scenario>-<timestamp>/ with the report, the JSON and the CSVs; the last line ' + 'gives the path',
    async () => {
      const run = await runArtillery({
        scenario: 'dashboard',
        target: backend.url,
        env: { LOADTEST_TIME_SCALE: '0.03' },
        timeoutMs: 90_000,
      });
      const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
      const match = /^Report: (reports\/dashboard-\d{8}-\d{6}\/report\.html)$/.exec(lastLine);
      assert.ok(match, `last line: ${lastLine}`);
      const dir = path.join(REPO_ROOT, path.dirname(match[1] as string));
      try {
        for (const file of REPORT_FILES) assert.ok(existsSync(path.join(dir, file)), `missing ${file}`);
        const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
        assert.equal(
          results.aggregate.counters['http.requests'],
          run.report?.aggregate.counters['http.requests'],
          'the same figures as -o',
        );
        assert.equal(results.aggregate.crm.run, 'dashboard');
        const timeseries = readFileSync(path.join(dir, 'timeseries.csv'), 'utf8').trim().split('\r\n');
        assert.equal(timeseries.length, results.intermediate.length + 1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('LOADTEST_REPORT_DIR picks the folder; LOADTEST_REPORT=off writes none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crm-report-'));
    const picked = await runArtillery({
      scenario: 'dashboard',
      target: backend.url,
      env: { LOADTEST_TIME_SCALE: '0.02', LOADTEST_REPORT_DIR: dir },
      timeoutMs: 90_000,
    });
    assert.ok(existsSync(path.join(dir, 'report.html')), picked.stdout.slice(-500));
    const off = await runArtillery({
      scenario: 'dashboard',
      target: backend.url,
      env: { LOADTEST_TIME_SCALE: '0.02', LOADTEST_REPORT: 'off' },
      timeoutMs: 90_000,
    });
    assert.doesNotMatch(off.stdout, /^Report: /m);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('report and compare commands', () => {
  test('npm run report -- results.json --out DIR rebuilds the report from any results file', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'crm-report-'));
    const result = tool('report', [
      path.join(FIXTURES, 'baseline-faulty.json'),
      '--out',
      out,
      '--baseline',
      path.join(FIXTURES, 'baseline-healthy.json'),
    ]);
    assert.equal(result.status, 1, result.stderr); // the faulty run's verdict: the error rate (critical) failed
    assert.match(result.stdout, /LOAD TEST RESULTS/);
    for (const file of [...REPORT_FILES, 'comparison.csv']) assert.ok(existsSync(path.join(out, file)), file);
    assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /id="comparison"|Comparison/);
    rmSync(out, { recursive: true, force: true });
  });

  test('npm run report: a file that is not a results file is a clear error', () => {
    const result = tool('report', [path.join(REPO_ROOT, 'package.json')]);
    assert.equal(result.status, 4);
    assert.match(result.stderr, /not an Artillery results file/);
  });

  test('npm run compare exits 1 on a regression, 0 without', () => {
    const worse = tool('compare', [
      path.join(FIXTURES, 'baseline-healthy.json'),
      path.join(FIXTURES, 'baseline-faulty.json'),
    ]);
    assert.equal(worse.status, 1);
    assert.match(worse.stdout, /regression\(s\) beyond the tolerance/);
    const same = tool('compare', [
      path.join(FIXTURES, 'baseline-healthy.json'),
      path.join(FIXTURES, 'baseline-healthy.json'),
    ]);
    assert.equal(same.status, 0, same.stdout);
    assert.match(same.stdout, /No regression/);
  });
});

describe('Ctrl-C mid-run', () => {
  test(
    'exit 130, the verdict says interrupted, results.json and report.html are written; cache ' +
      'and requests cover the same periods',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'crm-interrupted-'));
      await backend.resetLedger();
      const run = await runArtillery({
        scenario: 'baseline',
        target: backend.url,
        env: { LOADTEST_TIME_SCALE: '0.5', LOADTEST_REPORT_DIR: dir },
        timeoutMs: 120_000,
        onStart: (child) => setTimeout(() => child.kill('SIGINT'), 25_000),
      });
      try {
        assert.equal(run.exitCode, 130, run.stdout.slice(-2000) + run.stderr.slice(-1000));
        assert.match(run.stdout, /LOAD TEST RESULTS .*INTERRUPTED/);
        assert.match(run.stdout, /Exit code 130: interrupted/);
        const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
        assert.equal(results.aggregate.crm.interrupted, true);
        assert.ok(results.aggregate.counters['http.requests'] > 100, 'the periods before Ctrl-C are there');
        assert.ok(results.aggregate.counters['cache_stats.polls'] >= 2, 'the cache window was closed');
        // The cache window is cut at the end of the last reported period, like the request figures:
        // its lookups are those the responses of those periods saw (X-Cache-Hit), not the interrupt's.
        const lastPeriodEnd =
          Math.max(...results.intermediate.map((p: { period: string }) => Number(p.period))) + 10_000;
        const windowEnd = results.aggregate['cache-stats'].windowEnd;
        assert.ok(
          windowEnd <= lastPeriodEnd + 1_000 && windowEnd >= lastPeriodEnd - 5_000,
          `window ends ${windowEnd - lastPeriodEnd} ms from the last period's end`,
        );
        const c = results.aggregate.counters;
        const lookups = c['cache_stats.hits'] + c['cache_stats.misses'];
        const seen = c['cache_client.hit_responses'] + c['cache_client.miss_responses'];
        // Tolerance: the requests in flight at the boundary (2 % of the lookups, at least 5).
        assert.ok(
          Math.abs(lookups - seen) <= Math.max(5, 0.02 * seen),
          `cache window ${lookups} lookups, responses with X-Cache-Hit ${seen}`,
        );
        // The requests' window against the backend's own count over the same periods (±2 responses per period:
        // one sent just before a 10-s boundary can arrive just after it).
        const ledger = await backend.ledger();
        const served = results.intermediate.reduce(
          (sum: number, p: { period: string }) => sum + (ledger.loadResponsesByPeriod[p.period] ?? 0),
          0,
        );
        assert.ok(
          Math.abs(served - c['http.responses']) <= 2 * results.intermediate.length,
          `backend ${served} responses in the reported periods, pack ${c['http.responses']}`,
        );
        assert.match(
          run.stdout,
          /^CACHE PERFORMANCE STATISTICS {2}\(server counters over the same \d+:\d\d as the request figures\)$/m,
        );
        assert.ok(existsSync(path.join(dir, 'report.html')));
        assert.ok(run.wallMs < 60_000, `stopping took too long: ${run.wallMs} ms`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
