/**
 * Runs one measured Artillery run: CPU time of the whole load generator
 * (all threads, from inside the process), RSS sampled from /proc every few
 * seconds, wall time, and the time from command to first request.
 */
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

function readCpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its ')'): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
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

export async function measuredRun(options: ArtilleryRunOptions, sampleSeconds = 5): Promise<Measured> {
  const usageFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'usage.json');
  const rss: Array<[number, number]> = [];
  const cpu: Array<[number, number]> = [];
  const started = Date.now();
  let sampler: NodeJS.Timeout | undefined;
  let cpuSampler: NodeJS.Timeout | undefined;
  const run = await runArtillery({
    ...options,
    env: {
      LOADTEST_REPORT: 'off',
      ...options.env,
      NODE_OPTIONS: `--require ${path.join(__dirname, 'usage-preload.cjs')}`,
      BENCH_USAGE_FILE: usageFile,
    },
    onStart: (child) => {
      sampler = setInterval(() => {
        const mb = child.pid ? rssMb(child.pid) : undefined;
        if (mb !== undefined) rss.push([(Date.now() - started) / 1000, mb]);
      }, sampleSeconds * 1000);
      cpuSampler = setInterval(() => {
        const used = child.pid ? readCpuSeconds(child.pid) : undefined;
        if (used !== undefined) cpu.push([Date.now(), used]);
      }, CPU_SAMPLE_MS);
      options.onStart?.(child);
    },
  });
  if (sampler) clearInterval(sampler);
  if (cpuSampler) clearInterval(cpuSampler);
  if (!existsSync(usageFile)) throw new Error(`the measured run wrote no usage (exit ${run.exitCode}):\n${run.stderr.slice(-1500)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCpuUs: number; systemCpuUs: number; maxRssKb: number };
  const cpuSeconds = (usage.userCpuUs + usage.systemCpuUs) / 1e6;
  const requests = run.report?.aggregate.counters['http.requests'] ?? 0;
  return { run, cpuSeconds, maxRssMb: usage.maxRssKb / 1024, rss, cpu, requests, cpuMsPerRequest: requests > 0 ? (1000 * cpuSeconds) / requests : NaN };
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
