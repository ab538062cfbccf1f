/**
 * A real short run, end to end: Artillery's terminal verdict and the
 * report.html it left behind, opened in headless Chromium, say the same.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { runArtillery } from '../../tools/artillery-cli';
import {
  browserSkipReason,
  canvasStates,
  launchChromium,
  openReport,
  verdictRows,
  waitForCharts,
} from '../support/browser';
import { TEST_OUTPUT } from '../support/fixtures';

const skip = browserSkipReason();
if (skip) console.log(`# skipping the real-run browser test: ${skip}`);

/** Terminal verdict lines → the verdict key they judge. */
const TERMINAL_LINES: Record<string, string> = {
  'Error Rate:': 'error_rate_pct',
  '  Median:': 'median_ms',
  '  Average:': 'mean_ms',
  '  95th Percentile:': 'p95_ms',
  '  99th Percentile:': 'p99_ms',
  '  Peak vs target:': 'throughput_rps',
  'Hit Rate:': 'cache_hit_rate_pct',
};
const STATUS = /(PASS|FAIL|NO DATA|NOT CHECKED|WARN)/;

let backend: LaunchedBackend;
let browser: Browser;
before(async () => {
  if (skip) return;
  backend = await launchReferenceBackend(['--latency-ms', '5']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await backend?.stop();
});

test('the verdict in report.html equals the verdict Artillery printed', { skip }, async () => {
  const dir = path.join(TEST_OUTPUT, 'reports', 'real-run');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // SLO_MEDIAN_MS=1 makes one line fail, so the comparison covers both outcomes.
  const run = await runArtillery({
    scenario: 'dashboard',
    target: backend.url,
    env: { LOADTEST_TIME_SCALE: '0.04', LOADTEST_REPORT_DIR: dir, SLO_MEDIAN_MS: '1' },
    timeoutMs: 90_000,
  });
  assert.equal(run.exitCode, 2, run.stdout.slice(-2500));

  const terminal: Record<string, string> = {};
  for (const line of run.stdout.split('\n')) {
    for (const [prefix, key] of Object.entries(TERMINAL_LINES)) {
      const status = STATUS.exec(line)?.[1];
      if (line.startsWith(prefix) && status) terminal[key] = status;
    }
  }
  assert.ok(Object.keys(terminal).length >= 5, JSON.stringify(terminal));

  const report = await openReport(browser, path.join(dir, 'report.html'));
  try {
    const charts = await waitForCharts(report.page);
    assert.ok(charts >= 5, `${charts} charts`);
    assert.ok(
      (await canvasStates(report.page)).every((c) => c.drawn),
      'every chart drew',
    );
    const judged = new Set<string>(Object.values(TERMINAL_LINES));
    const rows = await verdictRows(report.page);
    const page = Object.fromEntries(rows.filter((r) => judged.has(r.key)).map((r) => [r.key, r.status]));
    assert.deepEqual(page, terminal);
    assert.equal(page.median_ms, 'FAIL');
    assert.deepEqual([report.foreignRequests, report.consoleErrors, report.pageErrors], [[], [], []]);
    await report.page.screenshot({ path: path.join(TEST_OUTPUT, 'screenshots', 'real-run.png'), fullPage: true });
  } finally {
    await report.page.context().close();
  }
});
