/**
 * A synchronous read for the few moments Artillery gives a plugin no chance
 * to await: the plugin constructor (pre-flight, and the snapshot taken just
 * before the first virtual user) and the `done` event, which Artillery emits
 * synchronously right before it writes the JSON report and runs ensure.
 * The read runs in a short-lived child Node process; the parent blocks for
 * at most the read's timeout plus the child's start-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HttpGetRequest, HttpGetResult } from './http-get';
import type { RawRead } from './stats-source';

/** The compiled child; from the TypeScript sources (tests, via tsx) the .ts one. */
const CHILD_ARGS = existsSync(path.join(__dirname, 'sync-probe-child.js'))
  ? [path.join(__dirname, 'sync-probe-child.js')]
  : ['--import', 'tsx', path.join(__dirname, 'sync-probe-child.ts')];
/** Node's own start-up, on top of the read's timeout. */
const CHILD_STARTUP_ALLOWANCE_MS = 3000;

export function probeSync(read: RawRead): HttpGetResult {
  const started = Date.now();
  const child = spawnSync(process.execPath, CHILD_ARGS, {
    // Credentials travel on stdin, never on the command line where `ps` would show them.
    input: JSON.stringify(read),
    encoding: 'utf8',
    timeout: read.timeoutMs + CHILD_STARTUP_ALLOWANCE_MS,
    maxBuffer: 4_000_000,
  });
  const elapsedMs = Date.now() - started;
  if (child.error) return { ok: false, reason: `probe process failed: ${child.error.message}`, elapsedMs };
  try {
    return JSON.parse(child.stdout) as HttpGetResult;
  } catch {
    return {
      ok: false,
      reason: `probe process gave no result (exit ${child.status}): ${child.stderr.trim().slice(0, 300)}`,
      elapsedMs,
    };
  }
}

/** A plain HTTP GET, synchronously (the crm plugin's health pre-flight). */
export function httpGetSync(request: HttpGetRequest): HttpGetResult {
  return probeSync({ kind: 'http', url: request.url, timeoutMs: request.timeoutMs, headers: request.headers ?? {} });
}
