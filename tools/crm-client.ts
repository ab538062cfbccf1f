/**
 * A small JSON client for the CRM API, used by the seed and warm-cache
 * tools. The auth token comes only from CRM_AUTH_TOKEN and is never printed:
 * error messages name the request, never its headers.
 */
import { findListItems, isSuccessStatus, pageCount, type ShapeOverrides } from '../core/response-shape';
import { AUTH_TOKEN_ENV, bearer } from '../core/auth';
import { readShapeOverrides } from '../core/settings';

export const TOOL_USER_AGENT = 'crm-loadtest-tools';

export interface CrmResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export class CrmRequestError extends Error {}

const NO_CACHE = { 'cache-control': 'no-cache' };

export class CrmClient {
  private readonly headers: Record<string, string>;
  /** Where this CRM's answers keep ids and list items (LOADTEST_ID_PATH / LOADTEST_LIST_PATH, else found). */
  readonly shape: ShapeOverrides;

  /** Throws when LOADTEST_ID_PATH or LOADTEST_LIST_PATH is blank or malformed. */
  constructor(
    readonly baseUrl: string,
    env: NodeJS.ProcessEnv = process.env,
    private readonly timeoutMs = 10_000,
  ) {
    this.shape = readShapeOverrides(env);
    this.headers = { 'user-agent': TOOL_USER_AGENT, accept: 'application/json' };
    const token = env[AUTH_TOKEN_ENV];
    if (token) this.headers.authorization = bearer(token);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<CrmResponse> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    const headers = {
      ...this.headers,
      ...extraHeaders,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason =
        cause === 'ECONNREFUSED'
          ? 'connection refused (is the backend running, is the port right?)'
          : (cause ?? (error as Error).message);
      throw new CrmRequestError(`${method} ${url}: ${reason}`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text, the caller decides
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** A request that must succeed with a 2xx status. */
  async expectOk(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<unknown> {
    const response = await this.request(method, path, body, extraHeaders);
    if (!isSuccessStatus(response.status)) {
      const detail =
        typeof response.body === 'string' ? response.body.slice(0, 200) : JSON.stringify(response.body)?.slice(0, 200);
      throw new CrmRequestError(`${method} ${path} answered ${response.status}: ${detail}`);
    }
    return response.body;
  }

  /** A list answer's items wherever the CRM puts them (bare array, data, data.items, results, <plural>...). */
  listItems(body: unknown, plural: string): Array<Record<string, unknown>> {
    return findListItems(body, plural, this.shape) as Array<Record<string, unknown>>;
  }

  /**
   * Every item of a paginated list, page by page, asking past any response
   * cache (`Cache-Control: no-cache`): a cached list can be a minute stale,
   * and cleaning needs the truth. Stops at a short page or at the page count
   * the answer states (`pagination.pages`, also inside an envelope).
   */
  async listAll(path: string, perPage = 100): Promise<Array<Record<string, unknown>>> {
    const plural = path.split('?')[0]?.split('/').filter(Boolean).pop() ?? '';
    const items: Array<Record<string, unknown>> = [];
    for (let page = 1; page <= 10_000; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await this.expectOk('GET', `${path}${sep}page=${page}&per_page=${perPage}`, undefined, NO_CACHE);
      const pageItems = this.listItems(body, plural);
      items.push(...pageItems);
      const pages = pageCount(body);
      if (pageItems.length < perPage || (pages !== undefined && page >= pages)) break;
    }
    return items;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(runners);
  return results;
}
