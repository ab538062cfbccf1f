/**
 * The backend dies mid-run: the reference backend is killed about 12 s into
 * a 30-s baseline. The verdict must say when it stopped answering and what
 * share of the run that was, count only responses as throughput, and say
 * that the cache figures cover part of the run only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { launchReferenceBackend, type Ledger } from '../../reference-backend/launch';
import { buildReportModel, type ResultsFile } from '../../report/model';
import { runArtillery } from '../../tools/artillery-cli';
import { comparePeakWithLedger } from '../../tools/ledger-compare';
import { warmThenResetLedger } from '../../tools/warm-cache';

const KILL_AFTER_MS = 12_000;
/** Responses the pack may count beyond the ledger read just before the kill: those answered in the few ms between. */
const RACE_RESPONSES = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (clock: string) => {
  const [m, s] = clock.split(':').map(Number);
  return (m as number) * 60 + (s as number);
};

test(
  'the backend killed at 0:12 of a 0:30 baseline: when it stopped, its share, throughput of ' +
    'responses, the cache window’s part',
  async () => {
    const backend = await launchReferenceBackend();
    const dir = mkdtempSync(path.join(tmpdir(), 'crm-backend-dies-'));
    let ledger: Ledger | undefined;
    try {
      await warmThenResetLedger(backend);
      // Killed 12 s after the first load request the backend saw (Artillery's start-up takes a few seconds).
      const killer = (async () => {
        let first: string | null = null;
        while (first === null) {
          await sleep(200);
          first = (await backend.ledger()).firstLoadAt;
        }
        await sleep(Math.max(0, Date.parse(first) + KILL_AFTER_MS - Date.now()));
        ledger = await backend.ledger();
        process.kill(backend.pid, 'SIGKILL');
      })();
      const run = await runArtillery({
        scenario: 'baseline',
        target: backend.url,
        env: { LOADTEST_TIME_SCALE: '0.1', LOADTEST_SEED: '7', LOADTEST_REPORT_DIR: dir },
        timeoutMs: 120_000,
      });
      await killer;
      const out = `${run.stdout}\n${run.stderr}`;
      assert.ok(ledger, 'the ledger was read before the kill');
      assert.notEqual(run.exitCode, 0, out.slice(-3000));

      // When it stopped answering, and the share of the run without a response.
      const stopped = new RegExp(
        [
          /^❌ The target stopped answering at (\d+:\d\d) of (\d+:\d\d): /.source,
          /no response for the last (\d+) % of the run \(([\d,]+) connection errors: ECONNREFUSED/.source,
        ].join(''),
        'm',
      ).exec(run.stdout);
      assert.ok(stopped, run.stdout.slice(-4000));
      const [, at, of, share] = stopped as unknown as [string, string, string, string];
      assert.ok(seconds(at) >= 10 && seconds(at) <= 15, `stopped at ${at}`);
      assert.ok(seconds(of) >= 28 && seconds(of) <= 33, `run of ${of}`);
      const expectedShare = (100 * (seconds(of) - seconds(at))) / seconds(of);
      assert.ok(Math.abs(Number(share) - expectedShare) <= 4, `${share} % vs ${expectedShare.toFixed(0)} %`);

      // Throughput counts responses only: the pack's responses are what the backend served before the kill.
      const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsFile;
      const counters = results.aggregate.counters ?? {};
      const responses = counters['http.responses'] ?? 0;
      assert.ok(
        responses >= ledger.requests.load && responses <= ledger.requests.load + RACE_RESPONSES,
        `pack ${responses} responses, backend ${ledger.requests.load}`,
      );
      assert.ok((counters['http.requests'] ?? 0) > responses + 100, 'attempts after the kill were refused');
      const model = buildReportModel(results);
      const throughput = /^ {2}Requests\/second: +([\d.]+) average, ([\d.]+) peak of full 10-s periods$/m.exec(
        run.stdout,
      );
      assert.ok(throughput, run.stdout.slice(-4000));
      const [, average, peak] = throughput as unknown as [string, string, string];
      const duration = model.verdict.measured.durationSeconds ?? 0;
      assert.ok(
        Math.abs(Number(average) - responses / duration) < 0.1,
        `average ${average} vs ${responses} responses / ${duration} s`,
      );
      assert.equal(Number(peak), results.aggregate.rates?.['crm.peak_request_rate'], 'the peak ensure checks');
      assert.equal(Number(peak), model.throughput.peak, 'the report’s peak');
      const fullPeriodResponses = model.timeline.filter((p) => p.full).map((p) => p.responses);
      assert.ok(fullPeriodResponses.length >= 1 && Number(peak) === Math.max(...fullPeriodResponses) / 10);
      for (const row of comparePeakWithLedger(
        { aggregate: results.aggregate, intermediate: results.intermediate } as never,
        ledger,
      )) {
        assert.ok(row.equal, `${row.what}: pack ${row.pack}, backend ${row.backend}`);
      }

      // The cache counters stopped with the backend: the section says which part of the run they cover.
      const cache = new RegExp(
        [
          /^CACHE PERFORMANCE STATISTICS {2}/.source,
          /\(server counters (\d+:\d\d)–(\d+:\d\d) of (\d+:\d\d), (\d+) % of the run\)$/.source,
        ].join(''),
        'm',
      ).exec(run.stdout);
      assert.ok(cache, run.stdout.slice(-3000));
      const [, , until, , pct] = cache as unknown as [string, string, string, string, string];
      assert.ok(seconds(until) <= seconds(at) + 1, `cache window to ${until}, stopped at ${at}`);
      assert.ok(Number(pct) < 60, `${pct} % of the run`);
      assert.ok(
        model.verdict.outage && model.verdict.cacheCoverage && !model.verdict.cacheCoverage.full,
        'the model has both',
      );
      assert.match(readFileSync(path.join(dir, 'report.html'), 'utf8'), /id="banner-outage"/);
    } finally {
      await backend.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
