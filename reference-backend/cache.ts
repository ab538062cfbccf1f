/**
 * TTL cache standing in for the CRM's Redis response cache. It owns the cumulative
 * hit/miss counters that GET /api/cache/stats reports, so the counters mean exactly
 * "lookups that found a fresh entry" vs "lookups that did not", as Redis keyspace_hits /
 * keyspace_misses do.
 */

export type Invalidation =
  /** The key for this path, with or without a query string. */
  | { kind: 'path'; path: string }
  /** Every key whose path starts with this string ("/api/projects" also drops "/api/projects/7?x=1"). */
  | { kind: 'prefix'; prefix: string };

export interface CacheOptions {
  ttlMs: number;
  enabled: boolean;
  /** Bound on entries so random query strings cannot grow memory without limit. */
  maxEntries?: number;
  /** Expired entries are swept at most this often (key counts are read by every stats poll). */
  sweepIntervalMs?: number;
  now?: () => number;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 before the first lookup, as Redis-based dashboards show it. */
  hit_rate: number;
  keys: number;
  evictions: number;
  bytes: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** Key = path + sorted query string, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function cacheKey(path: string, rawQuery: string): string {
  if (rawQuery === '') return path;
  const pairs = rawQuery.split('&').filter((pair) => pair !== '');
  if (pairs.length === 0) return path;
  if (pairs.length > 1) pairs.sort();
  return `${path}?${pairs.join('&')}`;
}

/** The path part of a key: what invalidation rules are matched against. */
export function keyPath(key: string): string {
  const queryAt = key.indexOf('?');
  return queryAt === -1 ? key : key.slice(0, queryAt);
}

export function matchesInvalidation(key: string, rule: Invalidation): boolean {
  const path = keyPath(key);
  return rule.kind === 'prefix' ? path.startsWith(rule.prefix) : path === rule.path;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Keys grouped by path, so a lead write drops "/api/leads?…" variants with one lookup
   * instead of scanning every key (writes are frequent in the CRUD scenarios).
   */
  private readonly keysByPath = new Map<string, Set<string>>();
  private readonly maxEntries: number;
  private readonly sweepIntervalMs: number;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private ttlMs: number;
  private enabledFlag: boolean;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private bytes = 0;

  constructor(options: CacheOptions) {
    this.ttlMs = options.ttlMs;
    this.enabledFlag = options.enabled;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.enabledFlag;
  }

  /** Turning the cache off drops its entries, so re-enabling never serves data from before. */
  setEnabled(enabled: boolean): void {
    if (!enabled) this.clear();
    this.enabledFlag = enabled;
  }

  setTtlMs(ttlMs: number): void {
    this.ttlMs = ttlMs;
  }

  /** Counts a hit when a fresh entry exists, otherwise a miss (a disabled cache always misses). */
  lookup(key: string): string | undefined {
    if (this.enabledFlag) {
      const entry = this.entries.get(key);
      if (entry !== undefined) {
        if (entry.expiresAt > this.now()) {
          this.hits += 1;
          return entry.value;
        }
        this.remove(key, entry);
        this.evictions += 1;
      }
    }
    this.misses += 1;
    return undefined;
  }

  /** Stores an entry for `ttlMs` (the cache's TTL unless given). */
  store(key: string, value: string, ttlMs: number = this.ttlMs): void {
    if (!this.enabledFlag || ttlMs <= 0) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.bytes += key.length + value.length;
    const path = keyPath(key);
    let bucket = this.keysByPath.get(path);
    if (bucket === undefined) {
      bucket = new Set();
      this.keysByPath.set(path, bucket);
    }
    bucket.add(key);
  }

  /** Drops the entries the rules name; returns how many were dropped. */
  invalidate(rules: readonly Invalidation[]): number {
    let dropped = 0;
    for (const rule of rules) {
      if (rule.kind === 'path') {
        dropped += this.dropBucket(rule.path);
        continue;
      }
      // Prefix rules scan distinct paths, not keys; they come from the rarer customer/project writes.
      for (const path of [...this.keysByPath.keys()])
        if (path.startsWith(rule.prefix)) dropped += this.dropBucket(path);
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.keysByPath.clear();
    this.bytes = 0;
  }

  /** Zeroes the cumulative counters, as a Redis restart (or CONFIG RESETSTAT) would. */
  resetStats(): void {
    this.hits = 0;
    this.misses = 0;
    this.evictions = 0;
  }

  /** Live key count; expired entries are swept first (at most once per sweep interval, as the sweep is O(keys)). */
  keyCount(): number {
    const now = this.now();
    if (now - this.lastSweep >= this.sweepIntervalMs) {
      this.lastSweep = now;
      for (const [key, entry] of this.entries) {
        if (entry.expiresAt <= now) {
          this.remove(key, entry);
          this.evictions += 1;
        }
      }
    }
    return this.entries.size;
  }

  counters(): CacheCounters {
    const keys = this.keyCount();
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      hit_rate: lookups === 0 ? 0 : this.hits / lookups,
      keys,
      evictions: this.evictions,
      bytes: this.bytes,
    };
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= key.length + entry.value.length;
    const path = keyPath(key);
    const bucket = this.keysByPath.get(path);
    if (bucket !== undefined) {
      bucket.delete(key);
      if (bucket.size === 0) this.keysByPath.delete(path);
    }
  }

  private dropBucket(path: string): number {
    const bucket = this.keysByPath.get(path);
    if (bucket === undefined) return 0;
    let dropped = 0;
    for (const key of [...bucket]) {
      const entry = this.entries.get(key);
      if (entry !== undefined) {
        this.remove(key, entry);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Map iteration order is insertion order, so the first key is the oldest write. */
  private evictOldest(): void {
    const oldest = this.entries.entries().next();
    if (oldest.done === true) return;
    const [key, entry] = oldest.value;
    this.remove(key, entry);
    this.evictions += 1;
  }
}
