/**
 * The full route table of the imitated CRM API: the domain routes plus the system ones
 * (health, cache, realtime), which are never cached because they report live state.
 */
import { analyticsRoutes } from './routes-analytics';
import { catalogRoutes } from './routes-catalog';
import { leadRoutes } from './routes-leads';
import { ok, route, type RouteDef } from './route-kit';
import { Router } from './router';

const NOT_CACHED = { cached: false } as const;

const systemRoutes: RouteDef[] = [
  route(
    'GET',
    '/health',
    ({ runtime }) => ok({ status: 'healthy', service: 'reference-backend', uptime_s: runtime.uptimeS() }),
    NOT_CACHED,
  ),
  route(
    'GET',
    '/api/cache/health',
    ({ runtime }) => ok({ status: 'healthy', cache_enabled: runtime.cacheEnabled(), keys: runtime.cacheKeys() }),
    NOT_CACHED,
  ),
  // Answered by the adapter (stats modes and shapes need the cache and the fault settings).
  route('GET', '/api/cache/stats', () => ok({}), { cached: false, special: 'stats' }),
  route('GET', '/api/realtime/ping', ({ nowMs }) => ok({ pong: true, ts: nowMs }), NOT_CACHED),
  route(
    'GET',
    '/api/realtime/status',
    ({ runtime }) => ok({ connected_clients: runtime.connectedClients(), status: 'ok' }),
    NOT_CACHED,
  ),
];

export const ALL_ROUTES: readonly RouteDef[] = [...systemRoutes, ...leadRoutes, ...catalogRoutes, ...analyticsRoutes];

export function createRouter(): Router<RouteDef> {
  return new Router(ALL_ROUTES);
}
