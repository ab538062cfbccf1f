/**
 * npm run verify: accuracy. Runs each scenario, shortened, against the
 * reference backend and compares the pack's figures with the backend's own
 * ledger, line by line: requests per endpoint and status code, the cache
 * window, the client-side cache signal, the poller. Every line must be equal;
 * every difference is printed. Exit 1 on any difference.
 */
import { launchReferenceBackend } from '../reference-backend/launch';
import { runArtillery } from './artillery-cli';
import { compareWithLedger } from './ledger-compare';
import { warmThenResetLedger } from './warm-cache';

const RUNS: Array<[string, string]> = [
  ['baseline', '0.1'],
  ['stress', '0.1'],
  ['sustained', '0.0333'],
  ['dashboard', '0.1'],
];

async function main(): Promise<number> {
  const backend = await launchReferenceBackend();
  let differences = 0;
  try {
    for (const [scenario, scale] of RUNS) {
      await warmThenResetLedger(backend);
      const run = await runArtillery({ scenario, target: backend.url, env: { LOADTEST_TIME_SCALE: scale, LOADTEST_REPORT: 'off' } });
      if (!run.report) throw new Error(`${scenario}: no results (exit ${run.exitCode})\n${run.stderr.slice(-1500)}`);
      const rows = compareWithLedger(run.report, await backend.ledger());
      const bad = rows.filter((r) => !r.equal);
      differences += bad.length;
      console.log(`\n${scenario} (LOADTEST_TIME_SCALE=${scale}, exit ${run.exitCode}): ${rows.length} figures compared, ${bad.length} differ`);
      for (const r of rows) console.log(`  ${r.equal ? '=' : '≠'} ${r.what.padEnd(62)} pack ${String(r.pack).padStart(8)}   backend ${String(r.backend).padStart(8)}`);
    }
  } finally {
    await backend.stop();
  }
  console.log(differences === 0 ? '\nverify: every figure equals the backend’s own count' : `\nverify: ${differences} figure(s) differ`);
  return differences === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`verify: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
