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
  requests: number;
  cpuMsPerRequest: number;
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
  const started = Date.now();
  let sampler: NodeJS.Timeout | undefined;
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
      options.onStart?.(child);
    },
  });
  if (sampler) clearInterval(sampler);
  if (!existsSync(usageFile)) throw new Error(`the measured run wrote no usage (exit ${run.exitCode}):\n${run.stderr.slice(-1500)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCpuUs: number; systemCpuUs: number; maxRssKb: number };
  const cpuSeconds = (usage.userCpuUs + usage.systemCpuUs) / 1e6;
  const requests = run.report?.aggregate.counters['http.requests'] ?? 0;
  return { run, cpuSeconds, maxRssMb: usage.maxRssKb / 1024, rss, requests, cpuMsPerRequest: requests > 0 ? (1000 * cpuSeconds) / requests : NaN };
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
