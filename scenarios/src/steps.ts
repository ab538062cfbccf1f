/**
 * The small subset of Artillery's flow language the user types are written in.
 * Typed so that a typo in a step (a missing `name`, an unknown method) fails
 * `tsc`, not a load test half an hour in.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** One `expect` check, as artillery-plugin-expect reads it. */
export type Expectation = { statusCode: number | number[] } | { hasProperty: string } | { contentType: string };

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
  expect?: Expectation[];
  /** Processor function run just before this request (only when the request runs). */
  beforeRequest?: string;
  /** Processor function run after the response (request-level hook). */
  afterResponse?: string;
}

/**
 * A request of a task. `when` narrows the task's own condition: the request
 * runs only when the task was picked AND `when` holds (a filtrex expression
 * over the user's variables, e.g. `newLeadReady`).
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

export const ok200: Expectation[] = [{ statusCode: 200 }];
export const created201WithId: Expectation[] = [{ statusCode: 201 }, { hasProperty: 'id' }];
