/**
 * One reading of the cache counters from the configured source, in the two
 * forms the plugin needs: async (periodic polls) and sync (the snapshots
 * Artillery gives no chance to await; see sync-probe.ts).
 */
import { randomBytes } from 'node:crypto';
import { describeSource, statsUrl, type CacheStatsOptions } from './config';
import { httpGet, type HttpGetResult } from './http-get';
import { parseStats, type CacheCounters } from './parse-stats';
import { readRedisInfoStats } from './redis-info';
import { probeSync } from './sync-probe';

export type RawRead =
  | { kind: 'http'; url: string; timeoutMs: number; headers: Record<string, string> }
  | { kind: 'redis'; redisUrl: string; timeoutMs: number };

export type Reading =
  | {
      ok: true;
      counters: CacheCounters;
      at: number;
      /** Where in the answer the counters were, for people. */ countersPath: string;
    }
  | { ok: false; reason: string; at: number };

/**
 * JSON first; Prometheus' text format for a /metrics-style endpoint that negotiates (never protobuf or OpenMetrics).
 */
const ACCEPT = 'application/json, text/plain;version=0.0.4;q=0.9, */*;q=0.5';

export const POLLER_USER_AGENT = 'artillery-plugin-cache-stats/0.1';
/** Sent with every poll so a backend (and our tests) can tell the poller from load, and count pollers. */
export const POLLER_ID_HEADER = 'X-Cache-Stats-Poller';

export function newPollerId(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function rawReadFor(
  options: CacheStatsOptions,
  target: string,
  pollerId: string,
  env: NodeJS.ProcessEnv = process.env,
): RawRead {
  if (options.source === 'redis')
    return { kind: 'redis', redisUrl: options.redisUrl as string, timeoutMs: options.timeoutMs };
  const headers: Record<string, string> = {
    'user-agent': POLLER_USER_AGENT,
    [POLLER_ID_HEADER]: pollerId,
    accept: ACCEPT,
  };
  const token = env[options.authTokenEnv];
  if (token) headers[options.authHeader] = options.authScheme ? `${options.authScheme} ${token}` : token;
  return { kind: 'http', url: statsUrl(options, target), timeoutMs: options.timeoutMs, headers };
}

/** Performs a raw read; Redis answers are shaped like an HTTP 200 with INFO text. */
export async function performRawRead(read: RawRead): Promise<HttpGetResult> {
  if (read.kind === 'http') return httpGet(read);
  const started = Date.now();
  const info = await readRedisInfoStats(read.redisUrl, read.timeoutMs);
  const elapsedMs = Date.now() - started;
  return info.ok
    ? { ok: true, status: 200, contentType: 'text/plain', body: info.text, elapsedMs }
    : { ok: false, reason: info.reason, elapsedMs };
}

/** Counters from a raw answer, or the reason there are none. */
export function toReading(result: HttpGetResult, options: CacheStatsOptions, at: number): Reading {
  if (!result.ok) return { ok: false, reason: result.reason, at };
  if (result.status !== 200) {
    const body = result.body.trim().slice(0, 80).replace(/\s+/g, ' ');
    return { ok: false, reason: `answered HTTP ${result.status}${body ? ` (${body})` : ''}`, at };
  }
  const parsed = parseStats(result.body, result.contentType, { hits: options.hitsField, misses: options.missesField });
  return parsed.ok
    ? { ok: true, counters: parsed.counters, at, countersPath: parsed.countersPath }
    : { ok: false, reason: parsed.reason, at };
}

export class StatsSource {
  readonly description: string;
  private readonly read: RawRead;

  constructor(
    private readonly options: CacheStatsOptions,
    target: string,
    readonly pollerId: string,
  ) {
    this.read = rawReadFor(options, target, pollerId);
    this.description = describeSource(options, target);
  }

  async readAsync(): Promise<Reading> {
    const result = await performRawRead(this.read);
    return toReading(result, this.options, Date.now());
  }

  readSync(): Reading {
    const result = probeSync(this.read);
    return toReading(result, this.options, Date.now());
  }
}
