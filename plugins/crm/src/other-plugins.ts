/**
 * Worker side: what the crm plugin changes in the plugins Artillery
 * constructed before it (the scenarios list expect and metrics-by-endpoint
 * ahead of crm), and why. Each change keeps what the other plugin reports and
 * removes work it does on every request for nothing (bench/RESULTS.md,
 * "What the pack's CPU goes to").
 *
 * - expect: its scenario-wide afterResponse hook JSON-parses every response
 *   body, lists of 100 leads included, though only a request with `expect:`
 *   checks anything; it now runs on those only. Its onError hook prints every
 *   connection error on its own line; the verdict reports them counted, once.
 * - metrics-by-endpoint (which Artillery adds to every script): three hooks per
 *   request, two `url.parse` calls each, to find a name the request already
 *   has (useOnlyRequestNames). When it is configured so, the crm plugin takes
 *   its hooks off and emits the same metrics, under the same names, from its
 *   own outcome hook (endpointMetrics below).
 */
import type { ArtilleryScript, VuEvents } from 'artillery-plugin-cache-stats';

const EXPECT_CHECK = 'expectationsPluginCheckExpectations';
const EXPECT_ERROR_LOGGER = 'expectationsPluginOnError';
const BY_ENDPOINT_HOOKS = [
  'metricsByEndpoint_beforeRequest',
  'metricsByEndpoint_afterResponse',
  'metricsByEndpoint_onError',
] as const;
const BY_ENDPOINT_PREFIX = 'plugins.metrics-by-endpoint';

type Hook = (req: { expect?: unknown }, ...rest: unknown[]) => unknown;

interface EndpointRequest {
  name?: string;
  url?: string;
}

/** The per-endpoint metrics metrics-by-endpoint would have emitted, emitted by the crm plugin instead. */
export interface EndpointMetrics {
  response(req: EndpointRequest, res: EndpointResponse, events: VuEvents): void;
  error(req: EndpointRequest, error: { code?: string; name?: string }, events: VuEvents): void;
}

interface EndpointResponse {
  statusCode: number;
  headers?: Record<string, unknown>;
  timings?: { phases?: { firstByte?: number } };
}

function pluginOptions(script: ArtilleryScript, name: string): Record<string, unknown> | undefined {
  const options = script.config.plugins?.[name];
  return options && typeof options === 'object' ? (options as Record<string, unknown>) : undefined;
}

const isOn = (value: unknown) => value === true || value === 'true';

function hasExpectations(expect: unknown): boolean {
  if (Array.isArray(expect)) return expect.length > 0;
  return expect !== null && typeof expect === 'object' && Object.keys(expect).length > 0;
}

/** expect's checks only on requests that have any (unless expectDefault200 makes every request one). */
export function scopeExpect(script: ArtilleryScript): void {
  const options = pluginOptions(script, 'expect');
  for (const scenario of script.scenarios ?? []) {
    if (Array.isArray(scenario.onError))
      scenario.onError = scenario.onError.filter((hook) => hook !== EXPECT_ERROR_LOGGER);
  }
  const processor = script.config.processor as Record<string, unknown> | undefined;
  const check = processor?.[EXPECT_CHECK];
  if (!processor || typeof check !== 'function' || isOn(options?.expectDefault200)) return;
  processor[EXPECT_CHECK] = function checkOnlyWhereExpected(this: unknown, req, ...rest) {
    const done = rest.at(-1) as () => void;
    return hasExpectations(req?.expect) ? (check as Hook).call(this, req, ...rest) : done();
  } as Hook;
}

/** Server-Timing's `total;dur=` in ms, -1 without one (metrics-by-endpoint's rule). */
export function serverTimingTotal(header: string): number {
  const match = /total;dur=([0-9.]+)/i.exec(header);
  return match ? Number(match[1] || 0) : -1;
}

function endpointName(req: EndpointRequest): string {
  if (req.name) return req.name;
  // stripQueryString, as the pack configures it; the host is the target's, so left out
  return req.url ? decodeURIComponent(new URL(req.url, 'http://target').pathname) : '';
}

const ENDPOINT_METRICS: EndpointMetrics = {
  response(req, res, events) {
    const name = endpointName(req);
    if (!name) return;
    const serverTiming = res.headers?.['server-timing'];
    if (typeof serverTiming === 'string')
      events.emit('histogram', `${BY_ENDPOINT_PREFIX}.server-timing.${name}`, serverTimingTotal(serverTiming));
    events.emit('counter', `${BY_ENDPOINT_PREFIX}.${name}.codes.${res.statusCode}`, 1);
    const firstByte = res.timings?.phases?.firstByte;
    if (typeof firstByte === 'number')
      events.emit('histogram', `${BY_ENDPOINT_PREFIX}.response_time.${name}`, firstByte);
  },
  error(req, error, events) {
    const name = endpointName(req);
    if (name) events.emit('counter', `${BY_ENDPOINT_PREFIX}.${name}.errors.${error.code || error.name}`, 1);
  },
};

/**
 * Takes metrics-by-endpoint's hooks off every scenario and returns the
 * emitter that replaces them; undefined (its hooks left in place) unless it
 * names requests by their names without the query string, as the pack's
 * scenarios configure it, and was constructed before this plugin.
 */
export function takeOverEndpointMetrics(script: ArtilleryScript): EndpointMetrics | undefined {
  const options = pluginOptions(script, 'metrics-by-endpoint');
  const sameNaming =
    options &&
    isOn(options.useOnlyRequestNames) &&
    isOn(options.stripQueryString) &&
    options.metricsNamespace === undefined &&
    options.ignoreUnnamedRequests === undefined;
  const scenarios = script.scenarios ?? [];
  const installed = scenarios.some((s) => [s.afterResponse].flat().includes(BY_ENDPOINT_HOOKS[1]));
  if (!sameNaming || !installed) return undefined;
  for (const scenario of scenarios) {
    for (const hook of ['beforeRequest', 'afterResponse', 'onError'] as const) {
      const list = scenario[hook];
      if (Array.isArray(list))
        scenario[hook] = list.filter((name) => !(BY_ENDPOINT_HOOKS as readonly unknown[]).includes(name));
    }
  }
  return ENDPOINT_METRICS;
}
