/**
 * Several Artillery worker threads: metrics still add up. Artillery runs
 * os.cpus().length - 1 local workers (1 on this 2-core machine) and has no
 * setting for it, so the test preloads test/support/more-cpus.cjs, which
 * makes the CLI see 4 CPUs: 3 workers.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { runArtillery, type ArtilleryJsonReport } from '../../tools/artillery-cli';
import { compareWithLedger } from '../../tools/ledger-compare';
import { warmThenResetLedger } from '../../tools/warm-cache';

let backend: LaunchedBackend;
before(async () => {
  backend = await launchReferenceBackend();
});
after(async () => backend?.stop());

test('3 workers: totals equal the backend’s, one poller, the hit rate is not double counted', async () => {
  await warmThenResetLedger(backend);
  const run = await runArtillery({
    scenario: 'baseline',
    target: backend.url,
    env: {
      NODE_OPTIONS: `--require ${path.join(__dirname, '../support/more-cpus.cjs')}`,
      LOADTEST_FAKE_CPUS: '4',
      DEBUG: 'platform:local',
      LOADTEST_TIME_SCALE: '0.1',
      LOADTEST_REPORT: 'off',
    },
    timeoutMs: 120_000,
  });
  const ledger = await backend.ledger();
  assert.equal(run.exitCode, 0, run.stdout.slice(-3000));
  assert.equal((`${run.stdout}${run.stderr}`.match(/worker init ok/g) ?? []).length, 3, 'three workers ran');

  const counters = run.report?.aggregate.counters ?? {};
  assert.equal(counters['vusers.created'], 100, 'the user cap is split across workers, not multiplied');
  // Totals, per endpoint and status, the cache window (one poller, in the main process)
  // and the client-side signal (each response counted once, by the worker that got it).
  const differences = compareWithLedger(run.report as ArtilleryJsonReport, ledger).filter((r) => !r.equal);
  assert.deepEqual(differences, []);

  const loadMs = Date.parse(ledger.lastLoadAt ?? '') - Date.parse(ledger.firstLoadAt ?? '');
  assert.ok(loadMs <= 34_000, `load lasted ${loadMs} ms for a 30 s run`);
});
