/**
 * Runs one measured Artillery run (or another load generator's process):
 * CPU time of the whole load generator (all threads, from inside the
 * process), RSS sampled from /proc every few seconds, wall time, and the
 * time from command to first request.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runArtillery, type ArtilleryRunOptions, type ArtilleryRunResult } from '../tools/artillery-cli';

export interface Measured {
  run: ArtilleryRunResult;
  cpuSeconds: number;
  maxRssMb: number;
  /** [seconds since start, RSS MB] every sampleSeconds. */
  rss: Array<[number, number]>;
  /** [epoch ms, CPU seconds of all threads so far] every CPU_SAMPLE_MS: to split start-up from load. */
  cpu: Array<[number, number]>;
  requests: number;
  cpuMsPerRequest: number;
}

const CPU_SAMPLE_MS = 100;
/** Linux reports utime and stime in clock ticks: 100 per second on every kernel config Node supports here. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (utime + stime, all threads) from the text of /proc/<pid>/stat; undefined when unreadable. */
export function procStatCpuSeconds(stat: string): number | undefined {
  // Fields after the command name (which may hold spaces and parentheses, so split after its
  // last ')'): utime is the 12th, stime the 13th.
  const after = stat.slice(stat.lastIndexOf(')') + 2);
  const fields = after.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return stat.includes(')') && Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
}

function readCpuSeconds(pid: number): number | undefined {
  try {
    return procStatCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the run had used by `epochMs`: the last sample at or before it;
 * 0 before the first, and for an unknown moment (NaN: no request reached the
 * backend), so that nothing is taken off the load's share.
 */
export function cpuSecondsAt(samples: ReadonlyArray<[number, number]>, epochMs: number): number {
  if (!Number.isFinite(epochMs)) return 0;
  let used = 0;
  for (const [at, seconds] of samples) {
    if (at > epochMs) break;
    used = seconds;
  }
  return used;
}

function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** What a measured process wrote at exit (bench/usage-preload.cjs for Node, bench/locustfile.py for Locust). */
interface UsageFile {
  userCpuUs: number;
  systemCpuUs: number;
  maxRssKb: number;
}

interface Samplers {
  rss: Array<[number, number]>;
  cpu: Array<[number, number]>;
  stop(): void;
}

/** RSS every sampleSeconds and CPU every CPU_SAMPLE_MS of one process, from /proc. */
function sample(pid: number | undefined, started: number, sampleSeconds: number): Samplers {
  const rss: Array<[number, number]> = [];
  const cpu: Array<[number, number]> = [];
  const rssTimer = setInterval(() => {
    const mb = pid ? rssMb(pid) : undefined;
    if (mb !== undefined) rss.push([(Date.now() - started) / 1000, mb]);
  }, sampleSeconds * 1000);
  const cpuTimer = setInterval(() => {
    const used = pid ? readCpuSeconds(pid) : undefined;
    if (used !== undefined) cpu.push([Date.now(), used]);
  }, CPU_SAMPLE_MS);
  return {
    rss,
    cpu,
    stop: () => {
      clearInterval(rssTimer);
      clearInterval(cpuTimer);
    },
  };
}

function readUsage(usageFile: string, exitCode: number | null, stderr: string): UsageFile {
  if (!existsSync(usageFile))
    throw new Error(`the measured run wrote no usage (exit ${exitCode}):\n${stderr.slice(-1500)}`);
  return JSON.parse(readFileSync(usageFile, 'utf8')) as UsageFile;
}

export async function measuredRun(options: ArtilleryRunOptions, sampleSeconds = 5): Promise<Measured> {
  const usageFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'usage.json');
  const started = Date.now();
  let samplers: Samplers | undefined;
  const run = await runArtillery({
    ...options,
    env: {
      LOADTEST_REPORT: 'off',
      ...options.env,
      // The repo's own (.npmrc's node-options, which npm puts in NODE_OPTIONS) unless the run names its own.
      NODE_OPTIONS: [
        options.env && 'NODE_OPTIONS' in options.env ? options.env.NODE_OPTIONS : process.env.NODE_OPTIONS,
        `--require ${path.join(__dirname, 'usage-preload.cjs')}`,
      ]
        .filter(Boolean)
        .join(' '),
      BENCH_USAGE_FILE: usageFile,
    },
    onStart: (child) => {
      samplers = sample(child.pid, started, sampleSeconds);
      options.onStart?.(child);
    },
  });
  samplers?.stop();
  const usage = readUsage(usageFile, run.exitCode, run.stderr);
  const cpuSeconds = (usage.userCpuUs + usage.systemCpuUs) / 1e6;
  const requests = run.report?.aggregate.counters['http.requests'] ?? 0;
  const { rss = [], cpu = [] } = samplers ?? {};
  return {
    run,
    cpuSeconds,
    maxRssMb: usage.maxRssKb / 1024,
    rss,
    cpu,
    requests,
    cpuMsPerRequest: requests > 0 ? (1000 * cpuSeconds) / requests : NaN,
  };
}

export interface MeasuredProcess {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuSeconds: number;
  maxRssMb: number;
  cpu: Array<[number, number]>;
  rss: Array<[number, number]>;
}

/**
 * Any other load generator (Locust): spawned as given, sampled as an
 * Artillery run is, its exact CPU time and peak RSS read from the usage file
 * it writes at exit (path in BENCH_USAGE_FILE).
 */
export async function measuredProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  sampleSeconds = 5,
): Promise<MeasuredProcess> {
  const usageFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'usage.json');
  const started = Date.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const samplers = sample(child.pid, started, sampleSeconds);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  samplers.stop();
  const usage = readUsage(usageFile, exitCode, stderr);
  return {
    exitCode,
    stdout,
    stderr,
    wallMs: Date.now() - started,
    cpuSeconds: (usage.userCpuUs + usage.systemCpuUs) / 1e6,
    maxRssMb: usage.maxRssKb / 1024,
    cpu: samplers.cpu,
    rss: samplers.rss,
  };
}

/**
 * Growth of RSS after warm-up: the mean of the last quarter of the samples
 * against the mean of the first quarter after the warm-up, in percent.
 */
export function rssGrowthPct(samples: ReadonlyArray<[number, number]>, warmUpSeconds: number): number | undefined {
  const steady = samples.filter(([t]) => t >= warmUpSeconds).map(([, mb]) => mb);
  if (steady.length < 8) return undefined;
  const quarter = Math.floor(steady.length / 4);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const first = mean(steady.slice(0, quarter));
  const last = mean(steady.slice(-quarter));
  return (100 * (last - first)) / first;
}
