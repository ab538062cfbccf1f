/**
 * The small subset of Artillery's flow language the user types are written in.
 * Typed so that a typo in a step (a missing `name`, an unknown method) fails
 * `tsc`, not a load test half an hour in.
 */

import { idExpectation, type IdExpectation } from './response-shape';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/**
 * One `expect` check, as artillery-plugin-expect reads it (the generator writes them from `statuses` and
 * `returnsIdOf`).
 */
export type Expectation = { statusCode: number | number[] } | IdExpectation;

export interface RequestSpec {
  /** Path with Artillery templates, e.g. `/api/leads/{{ leadId }}`. */
  url: string;
  /**
   * The endpoint's stable name, e.g. `GET /api/leads/{id}`: per-endpoint
   * metrics, the report and the backend's ledger all group by it.
   */
  name: string;
  /** JSON body: a template naming a variable that a processor function filled. */
  json?: string;
  /**
   * The status codes this endpoint must answer, where the guide names one (an
   * expect `statusCode` check). Absent: any 2xx is a success, which the crm
   * plugin's outcome hook judges (expect's statusCode check cannot say "2xx").
   */
  statuses?: number[];
  /**
   * The answer must hold the id of the new record of this kind (`lead`): an
   * expect `jmespath` check over the same candidate paths the processor reads
   * (core/response-shape.ts), so `{"data": {"id": 7}}` passes too.
   */
  returnsIdOf?: string;
  /**
   * false: judge the redirect itself, not where it leads. Artillery follows
   * redirects by default (as Locust did), and the final status is judged.
   */
  followRedirect?: false;
  /** Processor function run just before this request (only when the request runs). */
  beforeRequest?: string;
  /** Processor function run after the response (request-level hook). */
  afterResponse?: string;
}

/**
 * A request of a task. `when` narrows the task's own condition: the request
 * runs only when the task was picked AND `when` holds: a flag of the user's,
 * or `not` and a flag (`leadReady`, `not leadReady`), which step-conditions.ts
 * turns into a processor function the step's `ifTrue` names.
 *
 * There are no free-standing function steps: Artillery runs a `function:`
 * step unconditionally, so per-task preparation happens in the processor's
 * task preparers (run by pickTask) or in a request's own beforeRequest.
 */
export interface TaskStep {
  method: HttpMethod;
  spec: RequestSpec;
  when?: string;
}

export const request = (method: HttpMethod, spec: RequestSpec, when?: string): TaskStep => ({
  method,
  spec,
  ...(when ? { when } : {}),
});
export const get = (spec: RequestSpec, when?: string) => request('get', spec, when);
export const post = (spec: RequestSpec, when?: string) => request('post', spec, when);
export const put = (spec: RequestSpec, when?: string) => request('put', spec, when);
export const del = (spec: RequestSpec, when?: string) => request('delete', spec, when);

/** The expect checks of a request: its named statuses, then its id check. */
export function expectationsOf(spec: RequestSpec): Expectation[] {
  const checks: Expectation[] = [];
  if (spec.statuses && spec.statuses.length > 0)
    checks.push({ statusCode: spec.statuses.length === 1 ? spec.statuses[0]! : spec.statuses });
  if (spec.returnsIdOf) checks.push(idExpectation(spec.returnsIdOf));
  return checks;
}
