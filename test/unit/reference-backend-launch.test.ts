import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, isBuildFresh, launchReferenceBackend } from '../../reference-backend/launch';

describe('launch helpers', () => {
  it('finds the repo root from the sources', () => {
    assert.equal(findRepoRoot(join(__dirname, '../../reference-backend')), join(__dirname, '../..'));
  });

  it('uses dist only when every source has a newer compiled file', () => {
    const root = mkdtempSync(join(tmpdir(), 'rb-fresh-'));
    try {
      mkdirSync(join(root, 'reference-backend'));
      mkdirSync(join(root, 'dist', 'reference-backend'), { recursive: true });
      const source = join(root, 'reference-backend', 'cli.ts');
      const built = join(root, 'dist', 'reference-backend', 'cli.js');
      writeFileSync(source, '');
      assert.equal(isBuildFresh(root), false, 'no build yet');
      writeFileSync(built, '');
      utimesSync(source, new Date(1_000_000), new Date(1_000_000));
      utimesSync(built, new Date(2_000_000), new Date(2_000_000));
      assert.equal(isBuildFresh(root), true);
      utimesSync(source, new Date(3_000_000), new Date(3_000_000));
      assert.equal(isBuildFresh(root), false, 'source edited after the build');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('launchReferenceBackend (child process)', () => {
  it('starts on a free port, exposes ledger and faults, and stops cleanly', async () => {
    const backend = await launchReferenceBackend(['--leads', '20', '--customers', '5', '--projects', '5'], {
      env: { REF_MISS_LATENCY_MS: '0' },
    });
    try {
      assert.match(backend.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(backend.port > 0 && backend.pid > 0);
      const leads = (await (
        await fetch(`${backend.url}/api/leads?per_page=100`, {
          headers: { 'user-agent': 'Artillery (https://artillery.io)' },
        })
      ).json()) as { pagination: { total: number } };
      assert.equal(leads.pagination.total, 20, 'flags reach the child');
      const ledger = await backend.ledger();
      assert.equal(ledger.requests.load, 1);
      assert.deepEqual(ledger.byRoute['GET /api/leads'], { count: 1, statuses: { '200': 1 } });
      await backend.resetLedger();
      assert.equal((await backend.ledger()).requests.load, 0);
      const faults = await backend.setFaults({ errorRate: 1 });
      assert.equal(faults.errorRate, 1);
      assert.equal((await fetch(`${backend.url}/api/leads`)).status, 500);
      await assert.rejects(backend.setFaults({ errorRate: 3 }), /400/);
    } finally {
      await backend.stop();
    }
    await assert.rejects(fetch(`${backend.url}/health`), 'the port is closed after stop()');
    await backend.stop();
  });

  it('rejects with the child stderr when the options are bad', async () => {
    await assert.rejects(
      launchReferenceBackend(['--error-rate', '2']),
      /exited \(code 2.*--error-rate must be between 0 and 1 \(got 2\)/s,
    );
  });
});
