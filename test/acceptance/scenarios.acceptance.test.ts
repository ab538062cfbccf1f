/**
 * The four scenarios, shortened with LOADTEST_TIME_SCALE, through the real
 * Artillery CLI against the reference backend; what Artillery reports is
 * compared with what the backend itself counted (its ledger).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CRM_METRICS } from '../../core/metric-names';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { runArtillery, type ArtilleryJsonReport } from '../../tools/artillery-cli';
import { compareWithLedger } from '../../tools/ledger-compare';
import { warmThenResetLedger } from '../../tools/warm-cache';
import { DASHBOARD_RUN_ROUTES, MIXED_RUN_ROUTES, USER_TYPE_WEIGHTS } from '../support/behaviour-routes';
import { closedPort } from '../support/ports';
import { userTypeShareTolerance } from '../support/report-reading';

let backend: LaunchedBackend;
before(async () => {
  backend = await launchReferenceBackend();
});
after(async () => {
  await backend?.stop();
});

interface Case {
  scenario: string;
  scale: number;
  /** Scaled run length, seconds. */
  seconds: number;
  routes: readonly string[];
  weights: Record<string, number>;
}

// Routes a shortened run cannot be sure to reach: DELETE needs a user holding
// more than 5 leads of its own (3 creates in 25 tasks), which takes a couple
// of minutes of a user's time; the 90-second sustained run gets there.
const withoutDelete = MIXED_RUN_ROUTES.filter((r) => r !== 'DELETE /api/leads/{id}');

const CASES: Case[] = [
  { scenario: 'baseline', scale: 0.1, seconds: 30, routes: withoutDelete, weights: USER_TYPE_WEIGHTS },
  { scenario: 'stress', scale: 0.1, seconds: 30, routes: withoutDelete, weights: USER_TYPE_WEIGHTS },
  { scenario: 'sustained', scale: 0.05, seconds: 90, routes: MIXED_RUN_ROUTES, weights: USER_TYPE_WEIGHTS },
  { scenario: 'dashboard', scale: 0.1, seconds: 30, routes: DASHBOARD_RUN_ROUTES, weights: { DashboardUser: 1 } },
];

/** Allowed overrun of the run's length: the last task's requests plus Artillery's 1-2 s polling of finished users. */
const END_SLACK_MS = 4000;

describe('scenarios, shortened, against the reference backend', () => {
  for (const c of CASES) {
    test(`${c.scenario} (×${c.scale}, ${c.seconds} s): Artillery's numbers equal the backend's ledger`, async () => {
      await warmThenResetLedger(backend); // the guide's pre-test checklist
      const run = await runArtillery({
        scenario: c.scenario,
        target: backend.url,
        env: { LOADTEST_TIME_SCALE: String(c.scale), LOADTEST_SEED: '20261125' },
        timeoutMs: (c.seconds + 60) * 1000,
      });
      const ledger = await backend.ledger();
      assert.equal(
        run.exitCode,
        0,
        `exit code ${run.exitCode}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`,
      );
      const counters = run.report?.aggregate.counters ?? {};

      // Every request Artillery sent, the backend received, route by route and status by
      // status; the cache window and the client-side signal equal the backend's own count.
      assert.equal(counters['http.requests'], ledger.requests.load, 'total requests');
      const differences = compareWithLedger(run.report as ArtilleryJsonReport, ledger).filter((r) => !r.equal);
      assert.deepEqual(differences, [], 'every figure equals the backend’s ledger');

      for (const route of c.routes) assert.ok(ledger.byRoute[route]?.count, `route never hit: ${route}`);

      // No 404 from another user deleting "my" lead, and no other failure.
      const statuses = Object.values(ledger.byRoute).flatMap((r) => Object.keys(r.statuses));
      assert.deepEqual(
        [...new Set(statuses)].filter((s) => Number(s) >= 400),
        [],
        'error statuses',
      );

      // Each user type's share of users, within 4 binomial standard deviations.
      const created = counters['vusers.created'] ?? 0;
      const total = Object.values(c.weights).reduce((s, w) => s + w, 0);
      for (const [type, weight] of Object.entries(c.weights)) {
        const expected = weight / total;
        const share = (counters[`vusers.created_by_name.${type}`] ?? 0) / created;
        const tolerance = userTypeShareTolerance(expected, created);
        assert.ok(
          Math.abs(share - expected) <= tolerance,
          `${type}: share ${share.toFixed(3)}, expected ${expected.toFixed(3)} ± ${tolerance.toFixed(3)}`,
        );
      }

      // The closed model ends on time.
      const loadMs = Date.parse(ledger.lastLoadAt ?? '') - Date.parse(ledger.firstLoadAt ?? '');
      assert.ok(loadMs <= c.seconds * 1000 + END_SLACK_MS, `load lasted ${loadMs} ms for a ${c.seconds} s run`);
      assert.ok(loadMs >= c.seconds * 1000 - END_SLACK_MS, `load stopped early: ${loadMs} ms for a ${c.seconds} s run`);
      assert.equal(counters['vusers.failed'] ?? 0, 0, 'no user failed');
    });
  }

  test('--scenario-name runs one user type alone', async () => {
    await backend.resetLedger();
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      args: ['--scenario-name', 'AnalyticsUser'],
      env: { LOADTEST_TIME_SCALE: '0.02' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const counters = run.report?.aggregate.counters ?? {};
    assert.equal(counters['vusers.created_by_name.AnalyticsUser'], counters['vusers.created']);
    const routes = Object.keys((await backend.ledger()).byRoute);
    assert.ok(
      routes.every((r) => /analytics|custom-report/.test(r)),
      routes.join(', '),
    );
  });
});

describe('what counts as success', () => {
  /**
   * A CRM that redirects: /old → 302 → /new (200), /gone → 302 → /missing (404),
   * /made → 204. Artillery follows redirects (followRedirect defaults to true), so
   * the pack judges the final status: the first and the last succeed, the second is
   * a 404 failure.
   */
  test('a 302 to a 200 and a 204 count as success, a 302 to a 404 as a failure http_404', async () => {
    const seen: Record<string, number> = {};
    const server = createServer((req, res) => {
      const url = req.url ?? '/';
      seen[url] = (seen[url] ?? 0) + 1;
      if (url === '/old') res.writeHead(302, { location: '/new' }).end();
      else if (url === '/gone') res.writeHead(302, { location: '/missing' }).end();
      else if (url === '/made') res.writeHead(204).end();
      else if (url === '/new' || url === '/health')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'crm-redirect-')), 'redirect.yml');
    writeFileSync(
      script,
      [
        'config:',
        '  phases: [{ duration: 1, arrivalRate: 3 }]',
        '  plugins:',
        '    expect: { outputFormat: silent }',
        '    crm: { run: redirect-check, report: false }',
        '    metrics-by-endpoint: { useOnlyRequestNames: true, suppressOutput: true }',
        'scenarios:',
        '  - flow:',
        '      - get: { url: /old, name: GET /old }',
        '      - get: { url: /gone, name: GET /gone }',
        '      - delete: { url: /made, name: DELETE /made }',
      ].join('\n'),
    );
    try {
      const run = await runArtillery({
        scenario: script,
        target: url,
        env: { LOADTEST_REPORT: 'off' },
        timeoutMs: 60_000,
      });
      const counters = run.report?.aggregate.counters ?? {};
      const users = counters['vusers.created'] ?? 0;
      assert.ok(users > 0, run.stderr.slice(-2000));
      assert.deepEqual(
        [seen['/old'], seen['/new'], seen['/gone'], seen['/missing'], seen['/made']],
        [users, users, users, users, users],
        'every redirect followed',
      );
      assert.equal(counters[CRM_METRICS.failedRequests], users, 'one failure per user: the 404 at the end of /gone');
      assert.equal(counters[`${CRM_METRICS.failuresByKind}http_404`], users);
      assert.equal(counters[`${CRM_METRICS.failuresByEndpoint}http_404.GET /gone`], users);
    } finally {
      server.close();
    }
  });
});

describe('bad input', () => {
  test('a target refusing connections stops the run in seconds with the reason, before any load', async () => {
    const port = await closedPort();
    const run = await runArtillery({ scenario: 'baseline', target: `http://127.0.0.1:${port}`, timeoutMs: 60_000 });
    assert.equal(run.exitCode, 3, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`pre-flight failed, no load was sent: GET http://127\\.0\\.0\\.1:${port}/health: connection refused`),
    );
    assert.ok(run.wallMs < 15_000, `took ${run.wallMs} ms`);
    assert.equal(run.report, undefined, 'no report of a run that never started');
  });

  test('a bad LOADTEST_TIME_SCALE is named in the error', async () => {
    const run = await runArtillery({
      scenario: 'baseline',
      target: 'http://127.0.0.1:9',
      env: { LOADTEST_TIME_SCALE: 'fast' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4);
    assert.match(run.stderr, /LOADTEST_TIME_SCALE must be a number above 0/);
  });

  test('a bad processor setting is named before any load', async () => {
    const run = await runArtillery({
      scenario: 'baseline',
      target: 'http://127.0.0.1:9',
      env: { LOADTEST_SEED: 'lucky' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4);
    assert.match(run.stderr, /LOADTEST_SEED must be an integer/);
  });

  test('a malformed LOADTEST_ID_PATH is named before any load', async () => {
    const run = await runArtillery({
      scenario: 'baseline',
      target: 'http://127.0.0.1:9',
      env: { LOADTEST_ID_PATH: 'data..id' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4);
    assert.match(run.stderr, /LOADTEST_ID_PATH must be a dotted path/);
  });
});
