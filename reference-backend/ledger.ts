/**
 * The backend's own count of what it served, so tests can compare Artillery's report
 * with ground truth. Every request costs a few Map increments (O(1)); the report is
 * built only when asked for.
 */
import { POLLER_ID_HEADER, POLLER_USER_AGENT } from 'artillery-plugin-cache-stats';

export type ClientKind = 'load' | 'poller' | 'other';
export const CLIENT_KINDS: readonly ClientKind[] = ['load', 'poller', 'other'];
/** The poller's own User-Agent up to its version: `artillery-plugin-cache-stats`. */
const POLLER_USER_AGENT_PREFIX = POLLER_USER_AGENT.split('/')[0] as string;
/** How Node names the poller's header on an incoming request (lower case). */
export const POLLER_HEADER = POLLER_ID_HEADER.toLowerCase();
/** Bounds the distinct poller ids kept, so a misbehaving client cannot grow memory. */
const MAX_POLLER_IDS = 1000;
/**
 * Artillery's reporting period: load responses are counted per wall-clock window of this width, as Artillery keys its
 * periods.
 */
export const LEDGER_BUCKET_MS = 10_000;
/** The buckets kept (the newest): 2,000 × 10 s is 5.5 hours, memory stays bounded on a backend that runs for days. */
const MAX_BUCKETS = 2000;

export interface RouteTally {
  count: number;
  statuses: Record<string, number>;
}

/** Shape of GET /__ref/ledger. */
export interface Ledger {
  /** ISO time of the last reset (or start). */
  since: string;
  requests: Record<ClientKind, number>;
  /** Load requests only, keyed "METHOD /template" with {id} placeholders, query string stripped. */
  byRoute: Record<string, RouteTally>;
  statusesByKind: Record<ClientKind, Record<string, number>>;
  /** Cache lookups made by load requests since reset; hitRate is null before the first lookup. */
  cache: { hits: number; misses: number; hitRate: number | null };
  pollers: { ids: string[]; statsRequests: number };
  /** Load requests to paths no route matches. */
  unknownRoutes: number;
  /**
   * ISO times of the first and last load request answered since reset (null before any): how long the load really
   * lasted.
   */
  firstLoadAt: string | null;
  lastLoadAt: string | null;
  /**
   * Load responses per 10-s wall-clock window, keyed by the window's start
   * (epoch ms, floor(ms / 10000) × 10000, as Artillery's periods): the
   * backend's side of the throughput per period. The newest 2,000 windows.
   */
  loadResponsesByPeriod: Record<string, number>;
}

type HeaderValue = string | string[] | undefined;

export interface ClientIdentity {
  kind: ClientKind;
  pollerId: string | undefined;
}

function firstValue(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** poller: X-Cache-Stats-Poller header or the plugin's User-Agent; load: Artillery's User-Agent; other: anyone else. */
export function classifyClient(pollerHeader: HeaderValue, userAgent: HeaderValue): ClientIdentity {
  const pollerId = firstValue(pollerHeader);
  const agent = firstValue(userAgent) ?? '';
  if (pollerId !== undefined || agent.startsWith(POLLER_USER_AGENT_PREFIX)) return { kind: 'poller', pollerId };
  if (agent.includes('Artillery')) return { kind: 'load', pollerId: undefined };
  return { kind: 'other', pollerId: undefined };
}

function tallyTo(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries(map);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export class RequestLedger {
  private since = new Date();
  private readonly requests = { load: 0, poller: 0, other: 0 };
  private readonly byRoute = new Map<string, { count: number; statuses: Map<string, number> }>();
  private readonly statusesByKind = {
    load: new Map<string, number>(),
    poller: new Map<string, number>(),
    other: new Map<string, number>(),
  };
  private readonly pollerIds = new Set<string>();
  private cacheHits = 0;
  private cacheMisses = 0;
  private statsRequests = 0;
  private unknownRoutes = 0;
  private firstLoadAt: Date | null = null;
  private lastLoadAt: Date | null = null;
  private readonly responsesByBucket = new Map<number, number>();

  constructor(private readonly now: () => Date = () => new Date()) {
    this.since = now();
  }

  /**
   * Records one answered request. `routeKey` is "METHOD /template" for a known path
   * (including a 405 for a wrong method), undefined for an unknown path.
   */
  record(client: ClientIdentity, routeKey: string | undefined, status: number, isStatsRequest: boolean): void {
    const statusKey = String(status);
    this.requests[client.kind] += 1;
    bump(this.statusesByKind[client.kind], statusKey);
    if (client.kind === 'poller') {
      if (client.pollerId !== undefined && this.pollerIds.size < MAX_POLLER_IDS) this.pollerIds.add(client.pollerId);
      if (isStatsRequest) this.statsRequests += 1;
      return;
    }
    if (client.kind !== 'load') return;
    this.lastLoadAt = this.now();
    this.firstLoadAt ??= this.lastLoadAt;
    this.countResponse(this.lastLoadAt.getTime());
    if (routeKey === undefined) {
      this.unknownRoutes += 1;
      return;
    }
    let tally = this.byRoute.get(routeKey);
    if (tally === undefined) {
      tally = { count: 0, statuses: new Map() };
      this.byRoute.set(routeKey, tally);
    }
    tally.count += 1;
    bump(tally.statuses, statusKey);
  }

  private countResponse(ms: number): void {
    const bucket = Math.floor(ms / LEDGER_BUCKET_MS) * LEDGER_BUCKET_MS;
    this.responsesByBucket.set(bucket, (this.responsesByBucket.get(bucket) ?? 0) + 1);
    // Buckets arrive in time order, so the Map's first key is the oldest.
    if (this.responsesByBucket.size > MAX_BUCKETS)
      this.responsesByBucket.delete(this.responsesByBucket.keys().next().value as number);
  }

  /** A cache lookup made on behalf of a load request. */
  recordCacheLookup(client: ClientIdentity, hit: boolean): void {
    if (client.kind !== 'load') return;
    if (hit) this.cacheHits += 1;
    else this.cacheMisses += 1;
  }

  reset(): void {
    this.since = this.now();
    this.requests.load = 0;
    this.requests.poller = 0;
    this.requests.other = 0;
    this.byRoute.clear();
    for (const kind of CLIENT_KINDS) this.statusesByKind[kind].clear();
    this.pollerIds.clear();
    this.cacheHits = 0;
    this.cacheMisses = 0;
    this.statsRequests = 0;
    this.unknownRoutes = 0;
    this.firstLoadAt = null;
    this.lastLoadAt = null;
    this.responsesByBucket.clear();
  }

  report(): Ledger {
    const lookups = this.cacheHits + this.cacheMisses;
    const byRoute: Record<string, RouteTally> = {};
    for (const key of [...this.byRoute.keys()].sort()) {
      const tally = this.byRoute.get(key);
      if (tally !== undefined) byRoute[key] = { count: tally.count, statuses: tallyTo(tally.statuses) };
    }
    return {
      since: this.since.toISOString(),
      requests: { ...this.requests },
      byRoute,
      statusesByKind: {
        load: tallyTo(this.statusesByKind.load),
        poller: tallyTo(this.statusesByKind.poller),
        other: tallyTo(this.statusesByKind.other),
      },
      cache: {
        hits: this.cacheHits,
        misses: this.cacheMisses,
        hitRate: lookups === 0 ? null : this.cacheHits / lookups,
      },
      pollers: { ids: [...this.pollerIds].sort(), statsRequests: this.statsRequests },
      unknownRoutes: this.unknownRoutes,
      firstLoadAt: this.firstLoadAt?.toISOString() ?? null,
      lastLoadAt: this.lastLoadAt?.toISOString() ?? null,
      loadResponsesByPeriod: Object.fromEntries([...this.responsesByBucket].map(([bucket, n]) => [String(bucket), n])),
    };
  }
}
