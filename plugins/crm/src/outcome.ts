/**
 * Worker side: what happened to each request, counted where Artillery's own
 * counters fall short. A request fails when its final status is not a 2xx,
 * fails an expectation (expect plugin: a status code the scenario names, the
 * new record's id), times out or cannot connect, and it counts once however
 * many of those apply. "Any 2xx" is judged here because expect's statusCode
 * check takes only exact codes, and a CRM may rightly answer 200, 201 or 204.
 *
 * Hook order (Artillery 2.0.34 engine_http.js): scenario-level afterResponse
 * hooks run in list order before the request's own, and only on the final
 * response (redirects are followed: followRedirect defaults to true, so a 302
 * to a 200 arrives here as the 200). These hooks are appended after expect's,
 * so the request's expectation results are already there.
 */
import { isSuccessStatus } from '../../../core/response-shape';
import { addScenarioHook, type ArtilleryScript, type VuEvents } from 'artillery-plugin-cache-stats';
import { CRM_METRICS, latencyBucketName } from '../../../core/metric-names';
import type { EndpointMetrics } from './other-plugins';

interface OutcomeRequest {
  name?: string;
  url?: string;
}
interface OutcomeResponse {
  statusCode: number;
  headers?: Record<string, unknown>;
  timings?: { phases?: { firstByte?: number } };
}
interface OutcomeContext {
  scenario?: { name?: string };
  /** expect's per-request results; it never trims this list, so we do. */
  expectations?: Array<{ results?: Array<{ ok: boolean }> }>;
}

export const OUTCOME_HOOKS = {
  response: 'crmRecordOutcome',
  error: 'crmRecordError',
  start: 'crmZeroCounters',
} as const;

function endpointOf(req: OutcomeRequest): string {
  return req.name ?? (req.url ? new URL(req.url, 'http://x').pathname : 'unnamed');
}

/** The kind of failure, or undefined for a success. */
export function failureKind(status: number, expectationFailed: boolean): string | undefined {
  if (!isSuccessStatus(status)) return `http_${status}`;
  return expectationFailed ? 'expectation' : undefined;
}

function countFailure(events: VuEvents, kind: string, endpoint: string): void {
  events.emit('counter', CRM_METRICS.failedRequests, 1);
  events.emit('counter', `${CRM_METRICS.failuresByKind}${kind}`, 1);
  events.emit('counter', `${CRM_METRICS.failuresByEndpoint}${kind}.${endpoint}`, 1);
}

export function recordOutcome(
  req: OutcomeRequest,
  res: OutcomeResponse,
  context: OutcomeContext,
  events: VuEvents,
  done: () => void,
): void {
  const results = context.expectations?.at(-1)?.results ?? [];
  if (context.expectations) context.expectations.length = 0; // bounded memory over a 30-minute run
  const kind = failureKind(
    res.statusCode,
    results.some((r) => !r.ok),
  );
  if (kind) countFailure(events, kind, endpointOf(req));
  const latency = res.timings?.phases?.firstByte;
  if (typeof latency === 'number') events.emit('counter', latencyBucketName(latency), 1);
  if (context.scenario?.name) events.emit('counter', `${CRM_METRICS.requestsByUserType}${context.scenario.name}`, 1);
  done();
}

export function recordError(
  error: { code?: string; name?: string; message?: string },
  req: OutcomeRequest,
  context: OutcomeContext,
  events: VuEvents,
  done: () => void,
): void {
  if (error?.name === 'FailedExpectationError') return done(); // already counted by recordOutcome
  countFailure(events, error?.code ?? error?.name ?? 'error', endpointOf(req));
  if (context.scenario?.name) events.emit('counter', `${CRM_METRICS.requestsByUserType}${context.scenario.name}`, 1);
  done();
}

/** Every user starts by emitting 0: ensure fails a check on a metric never emitted. */
export function zeroCounters(_context: unknown, events: VuEvents, done: () => void): void {
  events.emit('counter', CRM_METRICS.failedRequests, 0);
  done();
}

/** `endpointMetrics`: metrics-by-endpoint's metrics, when the crm plugin took its hooks over (other-plugins.ts). */
export function attachOutcomeHooks(script: ArtilleryScript, endpointMetrics?: EndpointMetrics): void {
  const onResponse: typeof recordOutcome = endpointMetrics
    ? (req, res, context, events, done) => {
        endpointMetrics.response(req, res, events);
        recordOutcome(req, res, context, events, done);
      }
    : recordOutcome;
  const onError: typeof recordError = endpointMetrics
    ? (error, req, context, events, done) => {
        endpointMetrics.error(req, error, events);
        recordError(error, req, context, events, done);
      }
    : recordError;
  addScenarioHook(script, 'afterResponse', OUTCOME_HOOKS.response, onResponse);
  addScenarioHook(script, 'onError', OUTCOME_HOOKS.error, onError);
  addScenarioHook(script, 'beforeScenario', OUTCOME_HOOKS.start, zeroCounters);
}
