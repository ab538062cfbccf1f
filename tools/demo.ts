/**
 * npm run demo: the main job against the embedded reference backend.
 * Starts the backend on a free port, warms its cache (the guide's pre-test
 * checklist), runs the baseline mix against it (shortened:
 * LOADTEST_TIME_SCALE, default 0.1 = 30 s), prints Artillery's output with
 * the verdict, stops the backend, and exits with the run's code.
 */
import { launchReferenceBackend } from '../reference-backend/launch';
import { runArtillery } from './artillery-cli';
import { CrmClient } from './crm-client';
import { warmCache } from './warm-cache';

const DEMO_TIME_SCALE = '0.1';

async function main(): Promise<number> {
  const scale = process.env.LOADTEST_TIME_SCALE ?? DEMO_TIME_SCALE;
  const scenario = process.argv[2] ?? 'baseline';
  console.log(`demo: starting the reference backend...`);
  const backend = await launchReferenceBackend();
  const stop = () => void backend.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const warm = await warmCache(new CrmClient(backend.url));
    console.log(`demo: ${backend.url} is up; warmed ${warm.warmed} cache entries`);
    console.log(`demo: running scenarios/${scenario}.yml with LOADTEST_TIME_SCALE=${scale}\n`);
    const run = await runArtillery({ scenario, target: backend.url, env: { LOADTEST_TIME_SCALE: scale }, echo: true });
    const verdict = run.exitCode === 0 ? 'PASS' : run.exitCode === 130 ? 'INTERRUPTED' : 'FAIL';
    const report = /^Report: (.+)$/m.exec(run.stdout)?.[1];
    const reportNote = report ?? 'not written (LOADTEST_REPORT=off?)';
    console.log(`\ndemo: verdict ${verdict} (exit code ${run.exitCode}); report: ${reportNote}`);
    return run.exitCode ?? 1;
  } finally {
    await backend.stop();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`demo: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
