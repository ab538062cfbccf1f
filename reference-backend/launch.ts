/**
 * Starts the reference backend as a child process, for tests, the demo and benchmarks.
 * Uses the compiled dist/ build when it is up to date (fast start), otherwise runs the
 * TypeScript sources through tsx, so it works right after a checkout without a build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FaultSettings } from './faults';
import type { Ledger } from './ledger';

export type { Ledger } from './ledger';
export type { FaultSettings } from './faults';

export interface LaunchedBackend {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  ledger(): Promise<Ledger>;
  resetLedger(): Promise<void>;
  setFaults(partial: Partial<FaultSettings>): Promise<FaultSettings & { cacheTtlS: number }>;
}

export interface LaunchOptions {
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string | undefined>;
  /** How long to wait for the "listening on" line (default 15 s). */
  timeoutMs?: number;
}

const LISTENING = /reference-backend listening on (http:\/\/\S+)/;
const STDERR_TAIL_CHARS = 4000;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The repository root: the nearest ancestor holding reference-backend/cli.ts (works from src and from dist). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'reference-backend', 'cli.ts'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find reference-backend/cli.ts above ${start}`);
    dir = parent;
  }
}

/** True when every source file has a compiled .js at least as new as itself. */
export function isBuildFresh(root: string): boolean {
  const sourceDir = join(root, 'reference-backend');
  const buildDir = join(root, 'dist', 'reference-backend');
  for (const name of readdirSync(sourceDir)) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const built = join(buildDir, name.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(sourceDir, name)).mtimeMs) return false;
  }
  return true;
}

function commandFor(root: string): string[] {
  if (isBuildFresh(root)) return [join(root, 'dist', 'reference-backend', 'cli.js')];
  return ['--import', 'tsx', join(root, 'reference-backend', 'cli.ts')];
}

function hasPort(args: readonly string[], env: LaunchOptions['env']): boolean {
  return args.some((arg) => arg === '--port' || arg.startsWith('--port=')) || env?.['REF_PORT'] !== undefined;
}

async function adminCall<T>(url: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`reference-backend ${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function launchReferenceBackend(args: string[] = [], opts: LaunchOptions = {}): Promise<LaunchedBackend> {
  const root = findRepoRoot();
  const fullArgs = [...commandFor(root), ...args, ...(hasPort(args, opts.env) ? [] : ['--port', '0'])];
  // cwd = repo root so `--import tsx` resolves from this repo's node_modules whatever the caller's cwd.
  const child = spawn(process.execPath, fullArgs, {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A test runner that dies must not leave backends holding ports.
    process.once('exit', () => {
      for (const proc of live) proc.kill('SIGKILL');
    });
  }

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const timeoutMs = opts.timeoutMs ?? 15_000;

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(
          `reference-backend ${reason}; command: ${process.execPath} ${fullArgs.join(' ')}; ` +
            `stderr: ${stderr.trim() || '(empty)'}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`did not print "listening on" within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(match[1]);
      }
    });
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited (code ${String(code)}, signal ${String(signal)}) before listening`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout?.resume();

  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = waitForExit(child);
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
    },
    ledger: () => adminCall<Ledger>(url, 'GET', '/__ref/ledger'),
    resetLedger: async () => {
      await adminCall(url, 'POST', '/__ref/ledger/reset');
    },
    setFaults: (partial) => adminCall(url, 'POST', '/__ref/faults', partial),
  };
}
