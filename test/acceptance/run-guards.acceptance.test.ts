/**
 * What the crm plugin refuses before any load, through the real Artillery
 * CLI: a mistyped --scenario-name, a blank variable, and a /health that
 * wants the CRM's token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { runArtillery } from '../../tools/artillery-cli';

let backend: LaunchedBackend;
before(async () => {
  backend = await launchReferenceBackend();
});
after(async () => {
  await backend.stop();
});

const SHORT = { LOADTEST_TIME_SCALE: '0.02', LOADTEST_REPORT: 'off' };

describe('refused before any load', () => {
  test('a mistyped --scenario-name: exit 4, the user types named, the closest suggested, no request sent', async () => {
    await backend.resetLedger();
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      args: ['--scenario-name', 'DashbordUser'],
      env: SHORT,
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        [
          /--scenario-name "DashbordUser" is not a user type of this run\. /.source,
          /The user types of this run: DashboardUser, LeadManagementUser/.source,
        ].join(''),
      ),
    );
    assert.match(run.stderr, /Did you mean DashboardUser\?/);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
    assert.equal((await backend.ledger()).requests.load, 0, 'no load was sent');
  });

  test('a blank LOADTEST_TIME_SCALE is an error, not the default', async () => {
    await backend.resetLedger();
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      env: { ...SHORT, LOADTEST_TIME_SCALE: ' ' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4, run.stdout + run.stderr);
    assert.match(run.stderr, /LOADTEST_TIME_SCALE is set but blank\. Unset it to use the default, or give a value/);
    assert.equal((await backend.ledger()).requests.load, 0, 'no load was sent');
  });
});

describe('a CRM behind auth, /health included', () => {
  const TOKEN = 'tok-3f9c2e7a-never-printed';
  let guarded: LaunchedBackend;
  before(async () => {
    guarded = await launchReferenceBackend([], { env: { REF_AUTH_TOKEN: TOKEN } });
  });
  after(async () => {
    await guarded.stop();
  });

  test('without CRM_AUTH_TOKEN the pre-flight says what to set (exit 3, no load)', async () => {
    await guarded.resetLedger();
    const run = await runArtillery({ scenario: 'baseline', target: guarded.url, env: SHORT, timeoutMs: 60_000 });
    assert.equal(run.exitCode, 3, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /GET http:\/\/127\.0\.0\.1:\d+\/health answered 401; the backend wants credentials: set CRM_AUTH_TOKEN\./,
    );
    assert.equal((await guarded.ledger()).requests.load, 0);
  });

  test('with it: pre-flight, load and the stats poller all authenticate, and the token appears nowhere', async () => {
    await guarded.resetLedger();
    const reportDir = path.join(mkdtempSync(path.join(tmpdir(), 'crm-auth-')), 'report');
    const run = await runArtillery({
      scenario: 'baseline',
      target: guarded.url,
      env: { LOADTEST_TIME_SCALE: '0.02', CRM_AUTH_TOKEN: TOKEN, LOADTEST_REPORT_DIR: reportDir },
      timeoutMs: 90_000,
    });
    const ledger = await guarded.ledger();
    assert.ok(run.exitCode === 0 || run.exitCode === 2, `exit ${run.exitCode}: ${run.stderr.slice(-2000)}`);
    assert.ok(ledger.requests.load > 0, 'load was sent');
    const unauthorised = Object.values(ledger.statusesByKind).reduce((n, statuses) => n + (statuses['401'] ?? 0), 0);
    assert.equal(unauthorised, 0, 'no request was refused: load, pre-flight and poller sent the token');
    assert.notEqual(
      run.report?.aggregate.counters['cache_stats.hits'],
      undefined,
      'the poller read the protected stats endpoint',
    );
    const written = readdirSync(reportDir).map((name) => readFileSync(path.join(reportDir, name), 'utf8'));
    for (const text of [run.stdout, run.stderr, readFileSync(run.outputFile, 'utf8'), ...written]) {
      assert.ok(!text.includes(TOKEN), 'the token is never printed or written');
    }
  });
});
