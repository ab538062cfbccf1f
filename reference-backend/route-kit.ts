/**
 * The contract between the HTTP adapter (server.ts) and the route handlers, plus small
 * reply helpers. Handlers are synchronous functions of (request data, store) → reply;
 * timing, caching, faults and counting all live in the adapter.
 */
import type { Invalidation } from './cache';
import { listBody } from './profile';
import type { Store } from './store';
import type { Details } from './validation';

export interface RuntimeInfo {
  uptimeS(): number;
  cacheEnabled(): boolean;
  cacheKeys(): number;
  connectedClients(): number;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined for methods without one). */
  body: unknown;
  store: Store;
  nowMs: number;
  runtime: RuntimeInfo;
}

export interface Reply {
  status: number;
  body: unknown;
  /** Cache entries this write made stale; applied only when the reply is a 2xx. */
  invalidate?: readonly Invalidation[];
}

export type Handler = (ctx: RouteContext) => Reply;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  /** Behind the response cache (GET reads only). */
  cached: boolean;
  /** Heavy analytics: pays heavy miss latency and --heavy-latency-ms. */
  heavy: boolean;
  /**
   * A list or search: cached with its own, shorter TTL (--list-cache-ttl-s) and
   * not invalidated by writes (the CRM accepts lists up to a minute stale;
   * dropping every list variant on every write would leave them never cached).
   */
  list?: true;
  /** GET /api/cache/stats is answered by the adapter itself (modes, shapes, no counting). */
  special?: 'stats';
  handler: Handler;
}

type RouteOptions = Partial<Pick<RouteDef, 'cached' | 'heavy' | 'special' | 'list'>>;

/** GET routes are cached unless told otherwise; writes never are. */
export function route(
  method: RouteDef['method'],
  template: string,
  handler: Handler,
  options: RouteOptions = {},
): RouteDef {
  return {
    method,
    template,
    cached: options.cached ?? method === 'GET',
    heavy: options.heavy ?? false,
    handler,
    ...(options.special === undefined ? {} : { special: options.special }),
    ...(options.list ? { list: true as const } : {}),
  };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
/**
 * A list answer: shaped by the answer profile (profile.ts), `{"data": [...], ...extra}` by
 * default. `plural` is the collection's name (`leads`), the key --list-key leads uses.
 */
export const okList = (plural: string, items: readonly unknown[], extra: Record<string, unknown> = {}): Reply =>
  ok(listBody(plural, items, extra));
/** One page of a paginated list (query.ts paginate): the items, with their pagination beside them. */
export const okPage = (plural: string, page: { data: readonly unknown[]; pagination: unknown }): Reply =>
  okList(plural, page.data, { pagination: page.pagination });
export const created = (body: unknown, invalidate: readonly Invalidation[]): Reply => ({
  status: 201,
  body,
  invalidate,
});
export const badRequest = (error: string, details: Details = {}): Reply => ({ status: 400, body: { error, details } });
export const notFound = (what: string): Reply => ({ status: 404, body: { error: `${what} not found` } });
export const conflict = (field: string): Reply => ({
  status: 409,
  body: { error: `${field} already exists`, details: { [field]: 'already exists' } },
});

/** Positive integer id from the path; anything else cannot name a record, so it is a 404. */
export function idParam(ctx: RouteContext): number | undefined {
  const raw = ctx.params['id'] ?? '';
  const id = Number(raw);
  return /^[0-9]+$/.test(raw) && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export function isoNow(ctx: RouteContext): string {
  return new Date(ctx.nowMs).toISOString();
}
