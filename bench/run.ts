/**
 * npm run bench            the pack measured side by side with bare Artillery (a few minutes)
 * npm run bench -- --long  longer runs, and the sustained memory run at full length (30 min)
 *
 * Prints a table with targets and PASS/FAIL, and writes bench/RESULTS.md
 * with the date, the machine and the command. Ratios are measured in one
 * run on one machine; absolute times alone are never the result.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { launchReferenceBackend, type LaunchedBackend } from '../reference-backend/launch';
import { runSpec, totalSeconds, type RunSpec } from '../core/runs';
import { warmThenResetLedger } from '../tools/warm-cache';
import { barePhases, writeBareScript } from './bare-script';
import { fidelity } from './fidelity';
import { cpuSecondsAt, measuredProcess, measuredRun, rssGrowthPct, type Measured } from './harness';
import { describeCost, findOnPath, locustArgs, non2xx, perRequest, times, type GeneratorCost } from './locust';
import { reportBuild } from './report-build';
import { liveCost } from './live-cost';
import { keptNotes } from './results-notes';

const LONG = process.argv.includes('--long');
const SECTIONS = ['overhead', 'capacity', 'memory', 'locust', 'live'] as const;
/** `--only overhead,capacity`: a subset while working on one measure; RESULTS.md is then left alone. */
const ONLY = onlySections(process.argv);
const wanted = (section: (typeof SECTIONS)[number]) => !ONLY || ONLY.has(section);

function onlySections(argv: string[]): Set<string> | undefined {
  const at = argv.indexOf('--only');
  if (at < 0) return undefined;
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    console.error(
      `bench: --only takes a comma-separated list of ${SECTIONS.join(', ')}` +
        (unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
    process.exit(2);
  }
  return new Set(names);
}
const OUT = path.join(__dirname, '..', 'test-output', 'bench');

interface Row {
  name: string;
  value: string;
  target: string;
  status: 'PASS' | 'FAIL' | 'INFO';
}
const rows: Row[] = [];
const add = (name: string, value: string, target = '', pass?: boolean) =>
  rows.push({ name, value, target, status: pass === undefined ? 'INFO' : pass ? 'PASS' : 'FAIL' });
const f = (n: number, digits = 1) => n.toFixed(digits);

/** The bare script's ramp, shortened as LOADTEST_TIME_SCALE shortens the pack's, as an --overrides argument. */
function scaledPhasesOverride(run: RunSpec, scale: number): string {
  return JSON.stringify({ config: { phases: barePhases(run, scale) } });
}

interface TimedRun extends Measured {
  startupMs: number;
  /** CPU used before the first load request reached the backend: loading Artillery, plugins, processors. */
  startupCpuSeconds: number;
  /** CPU from the first load request to exit (the end-of-run verdict and report included), per request. */
  loadCpuMsPerRequest: number;
}

async function timedRun(backend: LaunchedBackend, label: string, run: () => Promise<Measured>): Promise<TimedRun> {
  await warmThenResetLedger(backend);
  const started = Date.now();
  const m = await run();
  const ledger = await backend.ledger();
  if (m.run.exitCode !== 0 && m.run.exitCode !== 2)
    throw new Error(`${label} exited ${m.run.exitCode}:\n${m.run.stdout.slice(-2000)}`);
  const firstLoadAt = Date.parse(ledger.firstLoadAt ?? '');
  const startupCpuSeconds = cpuSecondsAt(m.cpu, firstLoadAt);
  console.log(
    `bench: ${label}: ${m.requests} requests in ${f(m.run.wallMs / 1000)} s; ` +
      `CPU ${f(startupCpuSeconds, 2)} s to the first request, ` +
      `${f(m.cpuSeconds - startupCpuSeconds, 2)} s after it`,
  );
  return {
    ...m,
    startupMs: firstLoadAt - started,
    startupCpuSeconds,
    loadCpuMsPerRequest: m.requests > 0 ? (1000 * (m.cpuSeconds - startupCpuSeconds)) / m.requests : NaN,
  };
}

/** CPU per request under load over several runs: the summed load CPU over the summed requests. */
function pooledLoadCpuMs(runs: readonly TimedRun[]): number {
  const cpuMs = runs.reduce((sum, m) => sum + 1000 * (m.cpuSeconds - m.startupCpuSeconds), 0);
  const requests = runs.reduce((sum, m) => sum + m.requests, 0);
  return requests > 0 ? cpuMs / requests : NaN;
}

/** Bare and pack take turns, OVERHEAD_ROUNDS times each: one run of each differs from the next by a few percent. */
const OVERHEAD_ROUNDS = 2;

async function overheadAndFidelity(backend: LaunchedBackend): Promise<void> {
  const scale = LONG ? 1 : 0.15; // baseline: 45 s a run by default, 5 min long
  const run = runSpec('baseline');
  const bare = writeBareScript(OUT, 'bare-baseline', {
    run,
    thinkScale: 1,
    iterations: 1,
    seconds: totalSeconds(run) * scale,
  });
  const scaledPhases = scaledPhasesOverride(run, scale);
  // The full pack: its report too (the bench's other runs turn it off).
  const packEnv = {
    LOADTEST_TIME_SCALE: String(scale),
    LOADTEST_REPORT: 'on',
    LOADTEST_REPORT_DIR: path.join(OUT, 'overhead-report'),
  };
  const bareRuns: TimedRun[] = [];
  const packRuns: TimedRun[] = [];
  for (let round = 1; round <= OVERHEAD_ROUNDS; round++) {
    bareRuns.push(
      await timedRun(backend, 'bare', () =>
        measuredRun({ scenario: bare, target: backend.url, args: ['--overrides', scaledPhases] }, 2),
      ),
    );
    packRuns.push(
      await timedRun(backend, 'pack', () =>
        measuredRun({ scenario: 'baseline', target: backend.url, env: packEnv }, 2),
      ),
    );
  }
  const [bareMs, packMs] = [pooledLoadCpuMs(bareRuns), pooledLoadCpuMs(packRuns)];
  const ratio = packMs / bareMs;
  const perRequest = (ms: number, runs: TimedRun[]) =>
    `${f(ms, 3)} ms (${runs.map((m) => f(m.loadCpuMsPerRequest, 3)).join(' and ')} in ${runs.length} runs ` +
    `of ${runs.map((m) => m.requests).join(' and ')} requests)`;
  add('1. CPU per request under load: bare Artillery', perRequest(bareMs, bareRuns));
  add('1. CPU per request under load: full pack', perRequest(packMs, packRuns));
  add('1. Overhead: pack / bare CPU per request under load', `${f((ratio - 1) * 100)} %`, '≤ +5 %', ratio <= 1.05);
  const [firstBare, firstPack] = [bareRuns[0], packRuns[0]];
  if (!firstBare || !firstPack) return;
  add(
    '1. Wall time of a run: pack / bare',
    `${f(firstPack.run.wallMs / 1000)} s / ${f(firstBare.run.wallMs / 1000)} s ` +
      '(bare users run whole rounds: they cannot stop on time)',
  );
  add(
    '5. CPU before the first request: pack / bare',
    `${f(firstPack.startupCpuSeconds, 2)} s / ${f(firstBare.startupCpuSeconds, 2)} s`,
  );
  add(
    '5. Start-up, command to first request: pack / bare',
    `${f(firstPack.startupMs / 1000, 2)} s / ${f(firstBare.startupMs / 1000, 2)} s`,
  );
  const fid = fidelity(firstPack.run.report);
  add(
    '3. Closed model: measured / theoretical rate',
    `${f(fid.measured)} / ${f(fid.theoretical)} req/s (${fid.deviationPct >= 0 ? '+' : ''}${f(fid.deviationPct)} %)`,
    '±5 %',
    Math.abs(fid.deviationPct) <= 5,
  );
}

async function capacity(backend: LaunchedBackend): Promise<number> {
  const users = 50;
  const seconds = LONG ? 60 : 20;
  const run = { ...runSpec('baseline'), steps: [{ users, seconds }], rampUsersPerSecond: users * 5 };
  const bare = writeBareScript(OUT, 'bare-capacity', { run, thinkScale: 0, iterations: LONG ? 600 : 200, seconds });
  const rate = (m: Measured) => {
    const a = m.run.report?.aggregate;
    return a && a.lastMetricAt && a.firstMetricAt ? m.requests / ((a.lastMetricAt - a.firstMetricAt) / 1000) : NaN;
  };
  const bareRun = await timedRun(backend, 'bare capacity', () =>
    measuredRun({ scenario: bare, target: backend.url }, 2),
  );
  const override = JSON.stringify({
    config: { phases: [{ duration: seconds, arrivalRate: users * 5, rampTo: users * 5, maxVusers: users }] },
  });
  const packRun = await timedRun(backend, 'pack capacity', () =>
    measuredRun(
      {
        scenario: 'baseline',
        target: backend.url,
        args: ['--overrides', override],
        env: { LOADTEST_THINK_SCALE: '0', SLO_P95_MS: 'off', SLO_MEDIAN_MS: 'off' },
      },
      2,
    ),
  );
  add(
    '2. One worker at saturation: bare Artillery',
    `${f(rate(bareRun), 0)} req/s (${users} users, no think; ${f(bareRun.loadCpuMsPerRequest, 3)} ms CPU per request)`,
  );
  add(
    '2. One worker at saturation: full pack',
    `${f(rate(packRun), 0)} req/s (pack / bare ${f((100 * rate(packRun)) / rate(bareRun), 0)} %; ` +
      `${f(packRun.loadCpuMsPerRequest, 3)} ms CPU per request)`,
  );
  // Rates alone would blame the pack for its heavier mix (writes with bodies cost the shared
  // backend too): CPU per request says what the generator pays.
  const extraPct = (packRun.loadCpuMsPerRequest / bareRun.loadCpuMsPerRequest - 1) * 100;
  add(
    '2. CPU per request at saturation: pack / bare',
    `${extraPct >= 0 ? '+' : ''}${f(extraPct)} % (processor, expect, hooks and plugins)`,
  );
  return Math.max(rate(packRun), rate(bareRun));
}

async function backendAlone(backend: LaunchedBackend, loadGenRate: number): Promise<void> {
  const result = await autocannon({
    url: `${backend.url}/api/analytics/dashboard`,
    connections: 50,
    duration: LONG ? 15 : 5,
    headers: { 'user-agent': 'bench' },
  });
  const rps = result.requests.average;
  add(
    '2. Reference backend alone (autocannon, 50 connections, cached read)',
    `${f(rps, 0)} req/s`,
    '≥ 3 × the load generator',
    rps >= 3 * loadGenRate,
  );
}

async function memory(backend: LaunchedBackend): Promise<void> {
  const scale = LONG ? 1 : 0.0667; // sustained: 2 min by default, the full 30 min long
  const run = runSpec('sustained');
  const minutes = f((totalSeconds(run) * scale) / 60, 0);
  const warmUp = LONG ? 120 : 30;
  const bare = writeBareScript(OUT, 'bare-sustained', {
    run,
    thinkScale: 1,
    iterations: 1,
    seconds: totalSeconds(run) * scale,
  });
  const phases = scaledPhasesOverride(run, scale);
  const bareRun = await timedRun(backend, 'bare sustained', () =>
    measuredRun({ scenario: bare, target: backend.url, args: ['--overrides', phases] }, 2),
  );
  const packRun = await timedRun(backend, 'pack sustained', () =>
    measuredRun({ scenario: 'sustained', target: backend.url, env: { LOADTEST_TIME_SCALE: String(scale) } }, 2),
  );
  const describe = (m: Measured) => {
    const growth = rssGrowthPct(m.rss, warmUp);
    return { growth, text: growth === undefined ? 'too few samples' : `${f(growth)} % (peak ${f(m.maxRssMb, 0)} MB)` };
  };
  add(`4. RSS growth after warm-up, sustained ${minutes} min: bare Artillery`, describe(bareRun).text);
  const pack = describe(packRun);
  add(
    `4. RSS growth after warm-up, sustained ${minutes} min: full pack`,
    pack.text,
    '< 10 %',
    pack.growth !== undefined && pack.growth < 10,
  );
  try {
    const long = JSON.parse(readFileSync(path.join(__dirname, 'long-memory.json'), 'utf8')) as {
      date: string;
      growthPct: number;
      maxRssMb: number;
      requests: number;
    };
    add(
      '4. Same, full 30-minute run (bench/long-memory.json)',
      `${f(long.growthPct)} % (peak ${f(long.maxRssMb, 0)} MB, ${long.requests} requests, ${long.date.slice(0, 10)})`,
      '< 10 %',
      long.growthPct < 10,
    );
  } catch {
    add('4. Full 30-minute run', 'not measured yet: npx tsx bench/memory-long.ts');
  }
}

/**
 * One load generator's run for the Locust comparison: the cache warmed and the
 * ledger reset first, then its cost, with the requests the backend answered
 * (its ledger counts every generator the same way) and CPU split at the first
 * load request the backend saw.
 */
async function generatorRun(
  backend: LaunchedBackend,
  label: string,
  run: () => Promise<{ cpuSeconds: number; maxRssMb: number; cpu: Array<[number, number]>; wallMs: number }>,
): Promise<GeneratorCost> {
  await warmThenResetLedger(backend);
  const m = await run();
  const ledger = await backend.ledger();
  const cost: GeneratorCost = {
    label,
    requests: ledger.requests.load,
    failed: non2xx(ledger.statusesByKind.load),
    cpuSeconds: m.cpuSeconds,
    startupCpuSeconds: cpuSecondsAt(m.cpu, Date.parse(ledger.firstLoadAt ?? '')),
    maxRssMb: m.maxRssMb,
    wallMs: m.wallMs,
  };
  console.log(`bench: ${label}: ${describeCost(cost)}`);
  return cost;
}

/**
 * Locust, the full pack and bare Artillery on the same backend: baseline's
 * 100 users at its ramp (10/s), the guide's think times, 60 s (5 min long).
 * Locust (bench/locustfile.py) is the named baseline: the ratios are against it.
 */
/** Returns the full pack's CPU ms per 10-s period after start-up, for line 7 (undefined when skipped). */
async function locustComparison(backend: LaunchedBackend): Promise<number | undefined> {
  const locust = findOnPath('locust');
  if (!locust) {
    const why = '`locust` is not on PATH (Debian: apt-get install python3-locust)';
    console.log(`bench: locust comparison skipped: ${why}`);
    add('6. Locust comparison', `skipped: ${why}`);
    return undefined;
  }
  const seconds = LONG ? 300 : 60;
  const run = runSpec('baseline');
  const users = run.steps[0]?.users ?? 100;
  const ramp = run.rampUsersPerSecond;
  // The pack and bare Artillery with the guide's ramp over `seconds`
  // (not LOADTEST_TIME_SCALE, which would ramp faster too).
  const phases = JSON.stringify({
    config: { phases: [{ duration: seconds, arrivalRate: ramp, rampTo: ramp, maxVusers: users }] },
  });
  const bare = writeBareScript(OUT, 'bare-locust', { run, thinkScale: 1, iterations: 1, seconds });
  const locustRun = await generatorRun(backend, 'Locust', async () => {
    const m = await measuredProcess(
      locust,
      locustArgs({
        locustfile: path.join(__dirname, 'locustfile.py'),
        target: backend.url,
        users,
        spawnRate: ramp,
        seconds,
      }),
      { PYTHONDONTWRITEBYTECODE: '1' },
      2,
    );
    if (m.exitCode !== 0 && m.exitCode !== 1) throw new Error(`locust exited ${m.exitCode}:\n${m.stderr.slice(-2000)}`);
    return m;
  });
  const artillery = async (m: Promise<Measured>) => {
    const done = await m;
    if (done.run.exitCode !== 0 && done.run.exitCode !== 2)
      throw new Error(`artillery exited ${done.run.exitCode}:\n${done.run.stdout.slice(-2000)}`);
    return { ...done, wallMs: done.run.wallMs };
  };
  const packEnv = { LOADTEST_REPORT: 'on', LOADTEST_REPORT_DIR: path.join(OUT, 'locust-pack-report') };
  const packRun = await generatorRun(backend, 'full pack', () =>
    artillery(
      measuredRun({ scenario: 'baseline', target: backend.url, args: ['--overrides', phases], env: packEnv }, 2),
    ),
  );
  const bareRun = await generatorRun(backend, 'bare Artillery', () =>
    artillery(measuredRun({ scenario: bare, target: backend.url }, 2)),
  );
  // What .npmrc's young-generation cap buys: the pack again with Node's defaults.
  const defaultHeapRun = await generatorRun(backend, 'full pack, default heap', () =>
    artillery(
      measuredRun(
        {
          scenario: 'baseline',
          target: backend.url,
          args: ['--overrides', phases],
          env: { ...packEnv, NODE_OPTIONS: '' },
        },
        2,
      ),
    ),
  );
  const [l, p, b] = [perRequest(locustRun), perRequest(packRun), perRequest(bareRun)];
  const load = `${users} users, ${seconds} s`;
  add(`6. Locust (the baseline), ${load}`, describeCost(locustRun));
  add(`6. Full pack, ${load}`, describeCost(packRun));
  add(`6. Bare Artillery, ${load}`, describeCost(bareRun));
  add(`6. Full pack with Node's default heap (no NODE_OPTIONS), ${load}`, describeCost(defaultHeapRun));
  add(
    '6. CPU per request with start-up: pack / Locust',
    `${times(p.totalMs, l.totalMs)} (bare / Locust ${times(b.totalMs, l.totalMs)})`,
    '≤ 1×',
    p.totalMs <= l.totalMs,
  );
  add(
    '6. CPU per request after start-up: pack / Locust',
    `${times(p.loadMs, l.loadMs)} (bare / Locust ${times(b.loadMs, l.loadMs)})`,
  );
  add(
    '6. Peak RSS: full pack',
    `${f(packRun.maxRssMb, 0)} MB (pack / Locust ${times(packRun.maxRssMb, locustRun.maxRssMb)}; ` +
      `bare ${f(bareRun.maxRssMb, 0)} MB, bare / Locust ${times(bareRun.maxRssMb, locustRun.maxRssMb)})`,
    '< 200 MB',
    packRun.maxRssMb < 200,
  );
  return (p.loadMs * packRun.requests) / (seconds / 10);
}

/** Line 7: the CPU the terminal's progress block and the live view add per period (bench/live-cost.ts). */
function watchingCost(packMsPerPeriod: number | undefined): void {
  const cost = liveCost();
  const share = (ms: number) =>
    packMsPerPeriod === undefined ? '' : ` = ${f((100 * ms) / packMsPerPeriod, 2)} % of the pack's`;
  const base =
    packMsPerPeriod === undefined ? '' : ` (the pack spends ${f(packMsPerPeriod, 0)} ms per period at line 6's load)`;
  add(
    '7. Progress block (the default terminal), CPU per 10-s period',
    `${f(cost.progressMs.mean, 1)} ms mean, ${f(cost.progressMs.last, 1)} ms at period ${cost.periods}` +
      `${share(cost.progressMs.mean)}${base}`,
  );
  add(
    '7. Live view (LOADTEST_LIVE_PORT, a page open, /live.json polled each second), CPU per 10-s period',
    `${f(cost.liveMs.mean, 1)} ms mean, ${f(cost.liveMs.last, 1)} ms at period ${cost.periods}` +
      share(cost.liveMs.mean),
    '< 2 % of the pack’s CPU',
    packMsPerPeriod === undefined ? undefined : cost.liveMs.mean < 0.02 * packMsPerPeriod,
  );
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The Node options every Artillery run here gets (from .npmrc via npm), shown with the results. */
function nodeOptions(): string {
  const options = (process.env.NODE_OPTIONS ?? '').trim();
  return options ? `NODE_OPTIONS \`${options}\`` : "no NODE_OPTIONS (run through npm to get .npmrc's)";
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const artillery = (
    JSON.parse(readFileSync(path.join(__dirname, '..', 'node_modules', 'artillery', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return (
    `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, ` +
    `Node ${process.version}, Artillery ${artillery}`
  );
}

function table(): string {
  const header = '| measure | value | target | result |\n|---|---|---|---|';
  return [header, ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.target} | ${r.status} |`)].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const backend = await launchReferenceBackend();
  try {
    console.log(`bench: ${machine()}; ${nodeOptions()}`);
    console.log(`bench: reference backend at ${backend.url}${LONG ? ' (long)' : ''}`);
    if (wanted('overhead')) await overheadAndFidelity(backend);
    if (wanted('capacity')) await backendAlone(backend, await capacity(backend));
    if (wanted('memory')) await memory(backend);
    const packMsPerPeriod = wanted('locust') ? await locustComparison(backend) : undefined;
    if (wanted('live')) watchingCost(packMsPerPeriod);
  } finally {
    await backend.stop();
  }
  if (ONLY) {
    console.log(`\n${table()}\n\n(--only ${[...ONLY].join(',')}: bench/RESULTS.md keeps the last full run)`);
    if (rows.some((r) => r.status === 'FAIL')) process.exitCode = 1;
    return;
  }
  const build = reportBuild();
  add(
    '5. report.html of a 30-minute run: build time',
    `${build.ms} ms (${build.periods} periods)`,
    '< 2 s',
    build.ms < 2000,
  );
  add(
    '5. report.html of a 30-minute run: size',
    `${f(build.bytes / 1024 / 1024, 2)} MB`,
    '< 2 MB',
    build.bytes < 2 * 1024 * 1024,
  );
  const text = table();
  console.log(`\n${text}\n`);
  const command = `npm run bench${LONG ? ' -- --long' : ''}`;
  const md = [
    '# Benchmark results',
    '',
    `Last run: ${started.toISOString()} (${Math.round((Date.now() - started.getTime()) / 1000)} s), ` +
      `command \`${command}\`, commit ${gitCommit()}.`,
    `Machine: ${machine()}. Load generator and reference backend share the machine. ` +
      `Artillery runs with ${nodeOptions()}.`,
    '',
    text,
    '',
    'How each line is measured: bench/README.md.',
    '',
  ].join('\n');
  const resultsFile = path.join(__dirname, 'RESULTS.md');
  writeFileSync(resultsFile, md + keptNotes(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : ''));
  console.log(`wrote bench/RESULTS.md`);
  if (rows.some((r) => r.status === 'FAIL')) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
