/**
 * During a run, through the real Artillery CLI on the reference backend:
 * the terminal's progress blocks (and Artillery's own output on request),
 * the live view (GET /live.json, the page in Debian's Chromium, the end of
 * the run), a port in use, and the cache counters pushed live by
 * publish-metrics to a Pushgateway stand-in.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import type { LiveState } from '../../report/live-protocol';
import { runArtillery, type ArtilleryRunResult } from '../../tools/artillery-cli';
import { browserSkipReason, inPage, launchChromium } from '../support/browser';
import { closedPort } from '../support/ports';

let backend: LaunchedBackend;
before(async () => {
  backend = await launchReferenceBackend();
});
after(async () => {
  await backend.stop();
});

/** 30 s of baseline: three reporting periods. */
const SHORT = { LOADTEST_TIME_SCALE: '0.1', LOADTEST_REPORT: 'off' };

const README_SCREENSHOT = path.resolve(__dirname, '../../docs/live-screenshot.png');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined; // not up yet, or gone
  }
}

/** The verdict block as the terminal printed it (from its first rule to RECOMMENDATION's last line). */
function terminalVerdict(stdout: string): string {
  const start = stdout.indexOf('================================================================\nLOAD TEST RESULTS');
  const end = stdout.indexOf('\nExit code ');
  return stdout.slice(start, end).trim();
}

describe('the terminal during a run', () => {
  test('by default: a progress block per period, no Artillery dumps, the checks and the verdict', async () => {
    const run = await runArtillery({ scenario: 'baseline', target: backend.url, env: SHORT, timeoutMs: 120_000 });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const blocks = run.stdout.match(/^\[\d+:\d\d \/ 0:30\] [█░]{20} +\d+ % {2}users \d+\/100 {2}/gm) ?? [];
    assert.ok(blocks.length >= 3, `a block per period:\n${run.stdout}`);
    assert.match(run.stdout, /^ {2}targets so far: ✓ 95th percentile/m);
    for (const artilleryLine of [/Metrics for period to/, /Phase started/, /Summary report @/, /cache_client_by_end/])
      assert.doesNotMatch(run.stdout, artilleryLine);
    assert.match(run.stdout, /^Checks:$/m, "ensure's checks still print");
    assert.match(run.stdout, /LOAD TEST RESULTS {2}baseline/);
    const lines = run.stdout.split('\n').length;
    assert.ok(lines < 70, `${lines} lines for a 30-s run`);
  });

  test("LOADTEST_CONSOLE=artillery: Artillery's dumps, real phase lengths, no per-endpoint cache timings", async () => {
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      env: { ...SHORT, LOADTEST_CONSOLE: 'artillery' },
      timeoutMs: 120_000,
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Metrics for period to/);
    assert.match(run.stdout, /Phase started: .*duration: 30s, written 300s, LOADTEST_TIME_SCALE=0\.1\)/);
    assert.doesNotMatch(run.stdout, /cache_client_by_endpoint/);
    assert.match(run.stdout, /cache_client\.hit_responses/, 'the totals stay');
  });

  test('LOADTEST_CONSOLE=verbose: exit 4 before any load', async () => {
    await backend.resetLedger();
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      env: { ...SHORT, LOADTEST_CONSOLE: 'verbose' },
      timeoutMs: 60_000,
    });
    assert.equal(run.exitCode, 4, run.stdout + run.stderr);
    assert.match(run.stderr, /LOADTEST_CONSOLE must be one of progress, artillery \(got "verbose"\)/);
    assert.equal((await backend.ledger()).requests.load, 0);
  });
});

describe('the live view (LOADTEST_LIVE_PORT)', () => {
  test('/live.json advances during the run, the page follows it in Chromium, then shows the verdict', async (t) => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const skip = browserSkipReason();
    if (skip) t.diagnostic(`the browser part is skipped: ${skip}`);
    const browser = skip ? undefined : await launchChromium();
    const snapshots: LiveState[] = [];
    const pageChecks: Array<{ periods: number; requests: number; live: LiveState | undefined }> = [];
    let finalBanner: { state: string; title: string; verdict: string } | undefined;
    let running = true;
    const runDone: Promise<ArtilleryRunResult> = runArtillery({
      scenario: 'baseline',
      target: backend.url,
      env: { ...SHORT, LOADTEST_LIVE_PORT: String(port) },
      timeoutMs: 120_000,
    }).finally(() => (running = false));

    const poll = (async () => {
      while (running) {
        const state = await getJson<LiveState>(`${base}/live.json`);
        if (state && state.periods !== snapshots.at(-1)?.periods) snapshots.push(state);
        await sleep(500);
      }
    })();
    const watch = (async () => {
      if (!browser) return;
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      while (running) {
        try {
          await page.goto(`${base}/`, { waitUntil: 'load', timeout: 5_000 });
          break;
        } catch {
          await sleep(300); // the server is not up yet
        }
      }
      // The page reloads itself on every period; read it, and /live.json, whenever it has one.
      while (running) {
        try {
          const shown = await inPage<{ periods: number; requests: number; state: string }>(
            page,
            `(function(b){return {periods: Number(b.dataset.periods), requests: Number(b.dataset.requests),
              state: b.dataset.state};})(document.getElementById('live-banner'))`,
          );
          if (shown.state === 'final') break;
          if (shown.periods > 0 && shown.periods !== pageChecks.at(-1)?.periods) {
            pageChecks.push({ ...shown, live: await getJson<LiveState>(`${base}/live.json`) });
            // UPDATE_README_SCREENSHOT=1: the top of the live page in its second period, for the README.
            if (process.env.UPDATE_README_SCREENSHOT && pageChecks.length === 2)
              await page.screenshot({ path: README_SCREENSHOT, clip: { x: 0, y: 0, width: 1280, height: 900 } });
          }
        } catch {
          // reloading
        }
        await sleep(300);
      }
      // Polled with page.evaluate: waitForFunction would need eval, which the page's CSP forbids.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const state = await inPage<string>(page, "document.getElementById('live-banner').dataset.state").catch(
          () => '',
        );
        if (state === 'final') break;
        await sleep(200);
      }
      finalBanner = await inPage(
        page,
        `(function(b){return {state: b.dataset.state, title: b.querySelector('[data-live="title"]').textContent,
          verdict: b.querySelector('[data-live="verdict"]').textContent};})(document.getElementById('live-banner'))`,
      );
    })();

    const run = await runDone;
    await Promise.all([poll, watch.finally(() => browser?.close())]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`live view at ${base}/ \\(GET /live\\.json for scripts\\)`));

    assert.ok(snapshots.length >= 2, `snapshots from more than one period: ${JSON.stringify(snapshots)}`);
    for (let i = 1; i < snapshots.length; i++) {
      const [before, now] = [snapshots[i - 1]!, snapshots[i]!];
      assert.ok(now.periods > before.periods && now.requests > before.requests, 'the figures advance');
      assert.ok(now.elapsedSeconds >= before.elapsedSeconds);
    }
    const last = snapshots.at(-1)!;
    assert.equal(last.run, 'baseline');
    assert.equal(last.users.planned, 100);
    assert.equal(last.plannedSeconds, 30);
    assert.ok(last.targets.some((target) => target.key === 'p95_ms' && target.status === 'on track'));
    assert.ok(last.cacheHitRatePct !== undefined && last.cacheHitRatePct > 0, 'the cache window so far');

    if (browser) {
      assert.ok(pageChecks.length >= 2, `the page advanced: ${JSON.stringify(pageChecks)}`);
      for (const check of pageChecks)
        if (check.live?.periods === check.periods)
          assert.equal(check.requests, check.live.requests, 'the page shows what /live.json says');
      assert.equal(finalBanner?.state, 'final');
      assert.match(finalBanner?.title ?? '', /^Run ended: PASS \(exit code 0\)$/);
      assert.equal(finalBanner?.verdict.trim(), terminalVerdict(run.stdout), "the page's verdict is the terminal's");
    }
  });

  test('Ctrl-C: an open page is told the run was interrupted (exit 130), then the server stops', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const events: string[] = [];
    let stream: http.ClientRequest | undefined;
    const run = await runArtillery({
      scenario: 'baseline',
      target: backend.url,
      env: { ...SHORT, LOADTEST_TIME_SCALE: '0.5', LOADTEST_LIVE_PORT: String(port) },
      timeoutMs: 120_000,
      onStart: (child) => {
        const open = () => {
          stream = http.get(`${base}/events`, (res) => res.on('data', (chunk: Buffer) => events.push(String(chunk))));
          stream.on('error', () => setTimeout(open, 300)); // not up yet
        };
        setTimeout(open, 500);
        setTimeout(() => child.kill('SIGINT'), 25_000);
      },
    });
    stream?.destroy();
    assert.equal(run.exitCode, 130, run.stdout.slice(-2000) + run.stderr.slice(-1000));
    const final = /event: final\ndata: (.+)\n/.exec(events.join(''))?.[1];
    assert.ok(final, `a final event: ${events.join('').slice(-500)}`);
    const state = JSON.parse(final) as LiveState;
    assert.equal(state.final?.exitCode, 130);
    assert.equal(state.final?.interrupted, true);
    assert.equal(state.final?.result, 'INTERRUPTED');
    assert.equal(await getJson(`${base}/live.json`), undefined, 'the server stopped with the run');
  });

  test('a port in use: exit 4 before any load, saying so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await backend.resetLedger();
      const run = await runArtillery({
        scenario: 'baseline',
        target: backend.url,
        env: { ...SHORT, LOADTEST_LIVE_PORT: String(port) },
        timeoutMs: 60_000,
      });
      assert.equal(run.exitCode, 4, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`LOADTEST_LIVE_PORT=${port}: cannot serve the live view on 127\\.0\\.0\\.1: the port is in use`),
      );
      assert.equal((await backend.ledger()).requests.load, 0, 'no load was sent');
    } finally {
      blocker.close();
    }
  });
});

describe('the cache counters as live metrics', () => {
  test('publish-metrics pushes the cache counters to a Pushgateway during the run', async () => {
    const pushes: Array<{ at: number; body: string }> = [];
    const gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        pushes.push({ at: Date.now(), body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as net.AddressInfo;
    try {
      const publish = { 'publish-metrics': [{ type: 'prometheus', pushgateway: `http://127.0.0.1:${port}` }] };
      const run = await runArtillery({
        scenario: 'baseline',
        target: backend.url,
        args: ['--overrides', JSON.stringify({ config: { plugins: publish } })],
        env: SHORT,
        timeoutMs: 120_000,
      });
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);
      const ended = Date.now();
      const hits = (body: string) =>
        Number(/artillery_counters\{metric="cache_stats_hits"[^}]*\} (\d+)/.exec(body)?.[1]);
      const withHits = pushes.filter((p) => hits(p.body) > 0);
      assert.ok(withHits.length >= 2, `pushes with cache hits: ${withHits.length} of ${pushes.length}`);
      assert.ok(withHits[0]!.at < ended - 8_000, 'the first one at least a period before the end');
      assert.match(withHits.at(-1)!.body, /artillery_counters\{metric="cache_stats_misses"[^}]*\} \d+/);
    } finally {
      gateway.close();
    }
  });
});
