/**
 * The HTTP adapter: turns requests into calls on the pure parts (router, cache, handlers,
 * faults, ledger) and applies timing. Nothing here blocks the event loop: simulated costs
 * are timers, and there is no per-request logging.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { TtlCache, cacheKey } from './cache';
import { generateSeedData, startOfUtcDay } from './data';
import { ErrorInjector, addedLatencyMs, isErrorEligible, type FaultSettings } from './faults';
import { JSON_CONTENT_TYPE, parseJson, readBody, writeRaw } from './http-io';
import { POLLER_HEADER, RequestLedger, classifyClient, type ClientIdentity } from './ledger';
import { DEFAULT_OPTIONS, type ReferenceBackendOptions } from './options';
import type { RouteContext, RouteDef, RuntimeInfo } from './route-kit';
import { shapeReply } from './profile';
import { normalizePath } from './router';
import { createRouter } from './routes';
import { brokenStatsResponse, statsResponse } from './stats';
import { Store } from './store';

export interface ReferenceBackend {
  server: Server;
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  /** Live internals, for in-process tests. */
  state: {
    store: Store;
    cache: TtlCache;
    ledger: RequestLedger;
    faults: FaultSettings;
    options: ReferenceBackendOptions;
  };
}

const HIT_HEADERS = { 'X-Cache-Hit': 'true' } as const;
const MISS_HEADERS = { 'X-Cache-Hit': 'false' } as const;

/** setTimeout-based sleeps that close() can cancel, so a 10 s "slow" stats answer never holds the process open. */
class Sleeper {
  private readonly pending = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  /** Abandons every pending sleep; their requests are dropped with their sockets. */
  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

export function createReferenceBackend(overrides: Partial<ReferenceBackendOptions> = {}): ReferenceBackend {
  const options: ReferenceBackendOptions = { ...DEFAULT_OPTIONS, ...overrides };
  const startedAt = Date.now();
  const anchor = options.dataAnchorMs ?? startOfUtcDay(startedAt);
  const store = new Store(generateSeedData(options.seed, options, anchor));
  const cache = new TtlCache({ ttlMs: options.cacheTtlS * 1000, enabled: options.cacheEnabled });
  const ledger = new RequestLedger();
  const faults: FaultSettings = {
    latencyMs: options.latencyMs,
    heavyLatencyMs: options.heavyLatencyMs,
    errorRate: options.errorRate,
    statsMode: options.statsMode,
    statsSlowMs: options.statsSlowMs,
    statsShape: options.statsShape,
    cacheEnabled: options.cacheEnabled,
  };
  const injector = new ErrorInjector(options.seed);
  const router = createRouter();
  const routeKeys = new Map<RouteDef, string>();
  const sleeper = new Sleeper();
  let openSockets = 0;

  const runtime: RuntimeInfo = {
    uptimeS: () => Math.floor((Date.now() - startedAt) / 1000),
    cacheEnabled: () => cache.enabled,
    cacheKeys: () => cache.keyCount(),
    connectedClients: () => openSockets,
  };
  const adminDeps = { faults, cache, ledger, cacheTtlS: () => options.cacheTtlS, routeKeys: () => router.routeKeys() };

  function keyOf(route: RouteDef, method: string): string {
    if (method !== route.method) return `${method} ${route.template}`;
    let key = routeKeys.get(route);
    if (key === undefined) {
      key = `${route.method} ${route.template}`;
      routeKeys.set(route, key);
    }
    return key;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = normalizePath(queryAt === -1 ? url : url.slice(0, queryAt));
    const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
    if (path.startsWith('/__ref/')) return handleAdmin(req, res, path, adminDeps);

    const method = req.method ?? 'GET';
    const client: ClientIdentity = classifyClient(req.headers[POLLER_HEADER], req.headers['user-agent']);
    let routeKey: string | undefined;
    let isStats = false;
    let answered = false;
    const respond = (status: number, contentType: string, body: string, headers?: Record<string, string>): void => {
      if (answered) return;
      answered = true;
      ledger.record(client, routeKey, status, isStats);
      writeRaw(res, status, contentType, body, headers);
    };
    const json = (status: number, body: unknown, headers?: Record<string, string>): void =>
      respond(status, JSON_CONTENT_TYPE, JSON.stringify(body), headers);

    try {
      const match = router.match(method, path);
      if (match.kind === 'not-found') return json(404, { error: 'not found', path });
      if (match.kind === 'method-not-allowed') {
        routeKey = `${method} ${match.template}`;
        return json(405, { error: 'method not allowed', allowed: match.allowed }, { Allow: match.allowed.join(', ') });
      }
      const route = match.route;
      routeKey = keyOf(route, method);
      isStats = route.special === 'stats';
      if (options.authToken !== undefined && req.headers.authorization !== `Bearer ${options.authToken}`) {
        return json(401, { error: 'authentication required' }, { 'WWW-Authenticate': 'Bearer' });
      }

      // Decide the injected failure on arrival, so the sequence does not depend on timing.
      const inject = isErrorEligible(path) && injector.shouldFail(faults.errorRate);
      await sleeper.sleep(addedLatencyMs(faults, { path, heavy: route.heavy }));
      if (inject) return json(500, { error: 'injected failure' });

      let body: unknown;
      if (route.method === 'POST' || route.method === 'PUT') {
        const read = await readBody(req);
        if (read.kind === 'aborted') {
          answered = true;
          return;
        }
        if (read.kind === 'too-large') return json(413, { error: 'request body too large', limit_bytes: 1024 * 1024 });
        const parsed = parseJson(read.text);
        if (!parsed.ok) return json(400, { error: 'invalid JSON', details: { body: parsed.problem } });
        body = parsed.value;
      }

      if (isStats) {
        const broken = brokenStatsResponse(faults.statsMode);
        if (broken !== undefined) return respond(broken.status, broken.contentType, broken.body);
        if (faults.statsMode === 'slow') await sleeper.sleep(faults.statsSlowMs);
        if (faults.statsMode === 'reset') {
          cache.resetStats();
          faults.statsMode = 'ok';
        }
        const answer = statsResponse(faults.statsShape, cache.counters(), openSockets);
        return respond(answer.status, answer.contentType, answer.body);
      }

      const ctx = (): RouteContext => ({
        params: match.params,
        query: new URLSearchParams(rawQuery),
        body,
        store,
        nowMs: Date.now(),
        runtime,
      });
      const missCost = route.heavy ? options.heavyMissLatencyMs : options.missLatencyMs;
      // `Cache-Control: no-cache` (the seed/clean tools' listings) reads past the cache: no
      // lookup, so no hit or miss is counted; the fresh answer is still stored.
      if (route.cached) {
        const bypass = /no-cache/i.test(String(req.headers['cache-control'] ?? ''));
        const key = cacheKey(path, rawQuery);
        const cached = bypass ? undefined : cache.lookup(key);
        if (!bypass) ledger.recordCacheLookup(client, cached !== undefined);
        if (cached !== undefined) return respond(200, JSON_CONTENT_TYPE, cached, HIT_HEADERS);
        // Computed after the simulated database trip, so a write that lands meanwhile is included.
        await sleeper.sleep(missCost);
        // Shaped by the answer profile before caching, so a hit answers exactly what the miss did.
        const reply = shapeReply(route.method, route.handler(ctx()), options);
        if (reply.status === 200) cache.store(key, reply.text, route.list ? options.listCacheTtlS * 1000 : undefined);
        return respond(reply.status, JSON_CONTENT_TYPE, reply.text, MISS_HEADERS);
      }

      // Writes and heavy reports reach the database too; status/health routes are free.
      if (route.method !== 'GET' || route.heavy) await sleeper.sleep(missCost);
      const reply = route.handler(ctx());
      if (reply.invalidate !== undefined && reply.status >= 200 && reply.status < 300)
        cache.invalidate(reply.invalidate);
      const shaped = shapeReply(route.method, reply, options);
      return respond(shaped.status, JSON_CONTENT_TYPE, shaped.text);
    } catch {
      // A bug in one handler must not take the load test's target down with it.
      if (!answered && !res.headersSent) json(500, { error: 'internal error' });
      else if (!res.writableEnded) res.destroy();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.writableEnded) res.destroy();
    });
  });
  // Longer than the usual client idle timeouts, so the server never closes a socket a client is about to reuse
  // (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket) => {
    openSockets += 1;
    socket.once('close', () => {
      openSockets -= 1;
    });
  });

  return {
    server,
    state: { store, cache, ledger, faults, options },
    listen(port = options.port, host = options.host) {
      return new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      sleeper.cancelAll();
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
