/**
 * npm run bench            the pack measured side by side with bare Artillery (a few minutes)
 * npm run bench -- --long  longer runs, and the sustained memory run at full length (30 min)
 *
 * Prints a table with targets and PASS/FAIL, and writes bench/RESULTS.md
 * with the date, the machine and the command. Ratios are measured in one
 * run on one machine; absolute times alone are never the result.
 */
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { launchReferenceBackend, type LaunchedBackend } from '../reference-backend/launch';
import { runSpec, totalSeconds, type RunSpec } from '../scenarios/src/runs';
import { CrmClient } from '../tools/crm-client';
import { warmCache } from '../tools/warm-cache';
import { barePhases, writeBareScript } from './bare-script';
import { fidelity } from './fidelity';
import { measuredRun, rssGrowthPct, type Measured } from './harness';
import { reportBuild } from './report-build';

const LONG = process.argv.includes('--long');
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

async function freshWindow(backend: LaunchedBackend): Promise<void> {
  await warmCache(new CrmClient(backend.url));
  await backend.resetLedger();
}

async function timedRun(backend: LaunchedBackend, label: string, run: () => Promise<Measured>): Promise<Measured & { startupMs: number }> {
  await freshWindow(backend);
  const started = Date.now();
  const m = await run();
  const ledger = await backend.ledger();
  if (m.run.exitCode !== 0 && m.run.exitCode !== 2) throw new Error(`${label} exited ${m.run.exitCode}:\n${m.run.stdout.slice(-2000)}`);
  return { ...m, startupMs: Date.parse(ledger.firstLoadAt ?? '') - started };
}

async function overheadAndFidelity(backend: LaunchedBackend): Promise<Measured & { startupMs: number }> {
  const scale = LONG ? 1 : 0.15; // baseline: 45 s by default, 5 min long
  const run = runSpec('baseline');
  const bare = writeBareScript(OUT, 'bare-baseline', { run, thinkScale: 1, iterations: 1, seconds: totalSeconds(run) * scale });
  const scaledPhases = scaledPhasesOverride(run, scale);
  const bareRun = await timedRun(backend, 'bare', () => measuredRun({ scenario: bare, target: backend.url, args: ['--overrides', scaledPhases] }, 2));
  const packRun = await timedRun(backend, 'pack', () => measuredRun({ scenario: 'baseline', target: backend.url, env: { LOADTEST_TIME_SCALE: String(scale) } }, 2));
  const ratio = packRun.cpuMsPerRequest / bareRun.cpuMsPerRequest;
  add('1. CPU per request: bare Artillery', `${f(bareRun.cpuMsPerRequest, 3)} ms (${bareRun.requests} requests)`);
  add('1. CPU per request: full pack', `${f(packRun.cpuMsPerRequest, 3)} ms (${packRun.requests} requests)`);
  add('1. Overhead: pack / bare CPU per request', `${f((ratio - 1) * 100)} %`, '≤ +5 %', ratio <= 1.05);
  add('1. Wall time of the run: pack / bare', `${f(packRun.run.wallMs / 1000)} s / ${f(bareRun.run.wallMs / 1000)} s`);
  add('5. Start-up, command to first request: pack / bare', `${f(packRun.startupMs / 1000, 2)} s / ${f(bareRun.startupMs / 1000, 2)} s`);
  const fid = fidelity(packRun.run.report);
  add('3. Closed model: measured / theoretical rate', `${f(fid.measured)} / ${f(fid.theoretical)} req/s (${fid.deviationPct >= 0 ? '+' : ''}${f(fid.deviationPct)} %)`, '±5 %', Math.abs(fid.deviationPct) <= 5);
  return packRun;
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
  const bareRun = await timedRun(backend, 'bare capacity', () => measuredRun({ scenario: bare, target: backend.url }, 2));
  const override = JSON.stringify({ config: { phases: [{ duration: seconds, arrivalRate: users * 5, rampTo: users * 5, maxVusers: users }] } });
  const packRun = await timedRun(backend, 'pack capacity', () =>
    measuredRun({ scenario: 'baseline', target: backend.url, args: ['--overrides', override], env: { LOADTEST_THINK_SCALE: '0', SLO_P95_MS: 'off', SLO_MEDIAN_MS: 'off' } }, 2),
  );
  add('2. One worker at saturation: bare Artillery', `${f(rate(bareRun), 0)} req/s (${users} users, no think)`);
  add('2. One worker at saturation: full pack', `${f(rate(packRun), 0)} req/s (pack / bare ${f((100 * rate(packRun)) / rate(bareRun), 0)} %)`);
  add('2. CPU per request at saturation: pack / bare', `${f(((rate(bareRun) / rate(packRun)) - 1) * 100)} % more (the per-request cost of processor, hooks and plugins)`);
  return Math.max(rate(packRun), rate(bareRun));
}

async function backendAlone(backend: LaunchedBackend, loadGenRate: number): Promise<void> {
  const result = await autocannon({ url: `${backend.url}/api/analytics/dashboard`, connections: 50, duration: LONG ? 15 : 5, headers: { 'user-agent': 'bench' } });
  const rps = result.requests.average;
  add('2. Reference backend alone (autocannon, 50 connections, cached read)', `${f(rps, 0)} req/s`, '≥ 3 × the load generator', rps >= 3 * loadGenRate);
}

async function memory(backend: LaunchedBackend): Promise<void> {
  const scale = LONG ? 1 : 0.0667; // sustained: 2 min by default, the full 30 min long
  const run = runSpec('sustained');
  const minutes = f((totalSeconds(run) * scale) / 60, 0);
  const warmUp = LONG ? 120 : 30;
  const bare = writeBareScript(OUT, 'bare-sustained', { run, thinkScale: 1, iterations: 1, seconds: totalSeconds(run) * scale });
  const phases = scaledPhasesOverride(run, scale);
  await freshWindow(backend);
  const bareRun = await measuredRun({ scenario: bare, target: backend.url, args: ['--overrides', phases] }, 2);
  await freshWindow(backend);
  const packRun = await measuredRun({ scenario: 'sustained', target: backend.url, env: { LOADTEST_TIME_SCALE: String(scale) } }, 2);
  const describe = (m: Measured) => {
    const growth = rssGrowthPct(m.rss, warmUp);
    return { growth, text: growth === undefined ? 'too few samples' : `${f(growth)} % (peak ${f(m.maxRssMb, 0)} MB)` };
  };
  add(`4. RSS growth after warm-up, sustained ${minutes} min: bare Artillery`, describe(bareRun).text);
  const pack = describe(packRun);
  add(`4. RSS growth after warm-up, sustained ${minutes} min: full pack`, pack.text, '< 10 %', pack.growth !== undefined && pack.growth < 10);
  try {
    const long = JSON.parse(readFileSync(path.join(__dirname, 'long-memory.json'), 'utf8')) as { date: string; growthPct: number; maxRssMb: number; requests: number };
    add('4. Same, full 30-minute run (bench/long-memory.json)', `${f(long.growthPct)} % (peak ${f(long.maxRssMb, 0)} MB, ${long.requests} requests, ${long.date.slice(0, 10)})`, '< 10 %', long.growthPct < 10);
  } catch {
    add('4. Full 30-minute run', 'not measured yet: npx tsx bench/memory-long.ts');
  }
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const artillery = (JSON.parse(readFileSync(path.join(__dirname, '..', 'node_modules', 'artillery', 'package.json'), 'utf8')) as { version: string }).version;
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, Artillery ${artillery}`;
}

function table(): string {
  const header = '| measure | value | target | result |\n|---|---|---|---|';
  return [header, ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.target} | ${r.status} |`)].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const backend = await launchReferenceBackend();
  try {
    console.log(`bench: ${machine()}\nbench: reference backend at ${backend.url}${LONG ? ' (long)' : ''}`);
    await overheadAndFidelity(backend);
    const loadGen = await capacity(backend);
    await backendAlone(backend, loadGen);
    await memory(backend);
  } finally {
    await backend.stop();
  }
  const build = reportBuild();
  add('5. report.html of a 30-minute run: build time', `${build.ms} ms (${build.periods} periods)`, '< 2 s', build.ms < 2000);
  add('5. report.html of a 30-minute run: size', `${f(build.bytes / 1024 / 1024, 2)} MB`, '< 2 MB', build.bytes < 2 * 1024 * 1024);
  const text = table();
  console.log(`\n${text}\n`);
  const command = `npm run bench${LONG ? ' -- --long' : ''}`;
  const md = [
    '# Benchmark results',
    '',
    `Last run: ${started.toISOString()} (${Math.round((Date.now() - started.getTime()) / 1000)} s), command \`${command}\`, commit ${gitCommit()}.`,
    `Machine: ${machine()}. Load generator and reference backend share the machine.`,
    '',
    text,
    '',
    'How each line is measured: bench/README.md.',
    '',
  ].join('\n');
  writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
  console.log(`wrote bench/RESULTS.md`);
  if (rows.some((r) => r.status === 'FAIL')) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
