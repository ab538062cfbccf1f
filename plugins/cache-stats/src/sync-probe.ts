/**
 * A synchronous HTTP GET for the few moments Artillery gives a plugin no
 * chance to await: the plugin constructor (pre-flight and the snapshot taken
 * before the first virtual user) and the `done` event, which Artillery emits
 * synchronously right before it writes the JSON report and runs ensure.
 * The request runs in a short-lived child Node process; the parent blocks
 * for at most the timeout plus the child's start-up.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { HttpGetRequest, HttpGetResult } from './http-get';

const CHILD = path.join(__dirname, 'sync-probe-child.js');
/** Node's own start-up, on top of the request's timeout. */
const CHILD_STARTUP_ALLOWANCE_MS = 3000;

export function httpGetSync(request: HttpGetRequest): HttpGetResult {
  const started = Date.now();
  const child = spawnSync(process.execPath, [CHILD], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: request.timeoutMs + CHILD_STARTUP_ALLOWANCE_MS,
    // The child inherits the environment (an auth token header is passed
    // in the request, never on the command line, so `ps` cannot show it).
    env: process.env,
    maxBuffer: 4_000_000,
  });
  const elapsedMs = Date.now() - started;
  if (child.error) return { ok: false, reason: `probe process failed: ${child.error.message}`, elapsedMs };
  try {
    return JSON.parse(child.stdout) as HttpGetResult;
  } catch {
    return { ok: false, reason: `probe process gave no result (exit ${child.status}): ${child.stderr.trim()}`, elapsedMs };
  }
}
