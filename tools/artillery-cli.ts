/**
 * Runs the real Artillery CLI on one of the pack's scenarios: used by the
 * demo, the acceptance tests and the benchmarks, so all three run the load
 * exactly as a user's `npx artillery run` does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(
  __dirname,
  '..',
  ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
);
export const ARTILLERY_BIN = path.join(REPO_ROOT, 'node_modules', 'artillery', 'bin', 'run');

export interface ArtilleryRunOptions {
  /** A scenario name (baseline, stress, ...) or a path to a script. */
  scenario: string;
  target?: string;
  /** Extra environment (telemetry is always disabled). */
  env?: Record<string, string | undefined>;
  /** Extra CLI arguments, e.g. ['--scenario-name', 'DashboardUser']. */
  args?: string[];
  /** Where Artillery writes its JSON report; a temp file by default. */
  outputFile?: string;
  /** Echo Artillery's output while it runs. */
  echo?: boolean;
  /** Kill the run after this long (ms). */
  timeoutMs?: number;
  /** Called with the child process once started (e.g. to send SIGINT). */
  onStart?: (child: import('node:child_process').ChildProcess) => void;
}

export interface ArtilleryRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  outputFile: string;
  /** The parsed JSON report, when Artillery wrote one. */
  report: ArtilleryJsonReport | undefined;
}

export interface ArtilleryJsonReport {
  aggregate: {
    counters: Record<string, number>;
    rates: Record<string, number>;
    summaries: Record<string, Record<string, number>>;
    firstMetricAt?: number;
    lastMetricAt?: number;
    [key: string]: unknown;
  };
  intermediate: Array<ArtilleryJsonReport['aggregate']>;
}

export function scenarioPath(scenario: string): string {
  return /[/\\]|\.ya?ml$/.test(scenario)
    ? path.resolve(scenario)
    : path.join(REPO_ROOT, 'scenarios', `${scenario}.yml`);
}

export function runArtillery(options: ArtilleryRunOptions): Promise<ArtilleryRunResult> {
  const outputFile = options.outputFile ?? path.join(mkdtempSync(path.join(tmpdir(), 'crm-loadtest-')), 'results.json');
  const args = [ARTILLERY_BIN, 'run', ...(options.target ? ['-t', options.target] : []), '-o', outputFile];
  args.push(...(options.args ?? []), scenarioPath(options.scenario));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onStart?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (options.echo) process.stderr.write(chunk);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`artillery did not finish within ${options.timeoutMs} ms\n${stdout}\n${stderr}`));
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      let report: ArtilleryJsonReport | undefined;
      try {
        report = JSON.parse(readFileSync(outputFile, 'utf8')) as ArtilleryJsonReport;
      } catch {
        report = undefined;
      }
      resolve({ exitCode, signal, stdout, stderr, wallMs: Date.now() - started, outputFile, report });
    });
  });
}
