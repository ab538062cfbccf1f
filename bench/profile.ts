/**
 * npx tsx bench/profile.ts [pack|bare] [--seconds 60] [--heap-at 40] [--window 15,55] [--pool 100]
 *
 * Where the load generator's CPU and memory go at the baseline load (100
 * users, the guide's ramp and think times), as in bench/run.ts's Locust
 * comparison, on the reference backend: Artillery's CLI runs under
 * `node --cpu-prof` (one profile per thread: main and worker) and
 * bench/memory-preload.cjs (each thread's V8 heap every 5 s, the process's
 * RSS split into anonymous and file-backed pages, and with --heap-at a heap
 * snapshot of each thread at that second). Prints the CPU summary
 * (bench/profile-summary.ts), the memory samples, and writes everything
 * under test-output/bench/profile-<kind>/. Not part of npm run bench: the
 * profiler itself costs CPU.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { launchReferenceBackend } from '../reference-backend/launch';
import { runSpec } from '../core/runs';
import { warmThenResetLedger } from '../tools/warm-cache';
import { writeBareScript } from './bare-script';
import { ARTILLERY_BIN, scenarioPath } from '../tools/artillery-cli';
import { measuredProcess } from './harness';
import { summarize, type CpuProfile } from './profile-summary';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};

async function main(): Promise<void> {
  const kind = process.argv[2] === 'bare' ? 'bare' : 'pack';
  const seconds = arg('--seconds', 60);
  const heapAt = arg('--heap-at', 0);
  // --window 15,55: profile each thread from 15 s to 55 s only (the steady load),
  // with the inspector instead of --cpu-prof.
  const windowArg = process.argv.indexOf('--window');
  const window = windowArg < 0 ? undefined : (process.argv[windowArg + 1] ?? '').split(',').map(Number);
  const dir = path.join(__dirname, '..', 'test-output', 'bench', `profile-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const run = runSpec('baseline');
  const users = run.steps[0]?.users ?? 100;
  const ramp = run.rampUsersPerSecond;
  // --pool N: Artillery's config.http.pool (one shared keep-alive agent of N sockets instead of
  // one agent per user), to try socket reuse across think times.
  const pool = arg('--pool', 0);
  const http = pool > 0 ? { http: { timeout: 10, pool } } : {};
  const phases = JSON.stringify({
    config: { phases: [{ duration: seconds, arrivalRate: ramp, rampTo: ramp, maxVusers: users }], ...http },
  });
  const backend = await launchReferenceBackend();
  try {
    await warmThenResetLedger(backend);
    // --cpu-prof is not allowed in NODE_OPTIONS: Artillery's CLI is started here with it
    // (workers inherit it: one profile per thread).
    const env = {
      ARTILLERY_DISABLE_TELEMETRY: 'true',
      BENCH_MEMORY_DIR: dir,
      ...(window
        ? {
            BENCH_CPU_PROFILE_DIR: dir,
            BENCH_CPU_PROFILE_FROM_S: String(window[0]),
            BENCH_CPU_PROFILE_TO_S: String(window[1]),
          }
        : {}),
      ...(heapAt > 0 ? { BENCH_HEAP_SNAPSHOT_AT_S: String(heapAt) } : {}),
      LOADTEST_REPORT: kind === 'pack' ? 'on' : 'off',
      LOADTEST_REPORT_DIR: path.join(dir, 'report'),
    };
    const script =
      kind === 'pack'
        ? scenarioPath('baseline')
        : writeBareScript(dir, 'bare', { run, thinkScale: 1, iterations: 1, seconds });
    const preloads = [
      'usage-preload.cjs',
      'memory-preload.cjs',
      ...(window ? ['cpu-profile-preload.cjs'] : []),
    ].flatMap((f) => ['--require', path.join(__dirname, f)]);
    const nodeArgs = [...(window ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`]), ...preloads];
    const cliArgs = [
      ARTILLERY_BIN,
      'run',
      '-t',
      backend.url,
      '-o',
      path.join(dir, 'results.json'),
      ...(kind === 'pack' || pool > 0
        ? ['--overrides', kind === 'pack' ? phases : JSON.stringify({ config: http })]
        : []),
      script,
    ];
    const m = await measuredProcess(process.execPath, [...nodeArgs, ...cliArgs], env, 2);
    if (m.exitCode !== 0 && m.exitCode !== 2)
      throw new Error(`artillery exited ${m.exitCode}:\n${m.stdout.slice(-2000)}\n${m.stderr.slice(-2000)}`);
    const ledger = await backend.ledger();
    console.log(
      `profile ${kind}: ${ledger.requests.load} load requests, CPU ${m.cpuSeconds.toFixed(2)} s ` +
        `(${((1000 * m.cpuSeconds) / ledger.requests.load).toFixed(3)} ms per request with start-up, ` +
        `profiler included, if any), peak RSS ${m.maxRssMb.toFixed(0)} MB`,
    );
  } finally {
    await backend.stop();
  }
  const profiles = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of profiles) {
    const s = summarize([JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile]);
    console.log(`\n${file}: ${(s.totalMs / 1000).toFixed(2)} s on CPU`);
    for (const x of s.byModuleInclusive.slice(0, 12))
      console.log(`  ${(x.ms / 1000).toFixed(2).padStart(6)} s incl.  ${x.name}`);
  }
  console.log(
    `\nfull summary: npx tsx bench/profile-summary.ts ` +
      profiles.map((f) => path.join(path.relative(process.cwd(), dir), f)).join(' '),
  );
  console.log(`memory samples: ${path.relative(process.cwd(), path.join(dir, 'memory.jsonl'))}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
