/**
 * npm run warm-cache -- -t URL
 *
 * Fills the CRM's cache before a test, as the guide's warm_cache.py does:
 * requests every cacheable read route once, with every query variant the
 * load tests use (so a run starts with no cold misses on them), then one
 * item of each detail route. Reports how many entries it warmed (answers
 * with X-Cache-Hit: false, now cached), how many were warm already, and how
 * many routes answered without the header.
 */
import { parseArgs } from 'node:util';
import {
  allLeadListQueries,
  allProjectListQueries,
  allProjectValueRanges,
  FUNNEL_DAYS,
  LEAD_SEARCH_TERMS,
  REVENUE_PERIODS,
} from '../processors/payloads';
import { isSuccessStatus, itemId } from '../core/response-shape';
import { CrmClient, CrmRequestError, inParallel } from './crm-client';
import { BadInputError, defaultTarget, exitWith, TOOL_EXIT } from './tool-cli';

/** The read routes of behaviour.md with the query variants the scenarios send. */
export function warmUpPaths(): string[] {
  return [
    '/api/analytics/dashboard',
    '/api/business-metrics/summary',
    '/api/analytics/recent-activity?limit=20',
    '/api/analytics/projects-summary',
    '/api/analytics/team-performance',
    '/api/enhanced-analytics/lead-source-performance',
    '/api/enhanced-analytics/geographic-heatmap',
    ...FUNNEL_DAYS.map((d) => `/api/enhanced-analytics/conversion-funnel?days=${d}`),
    ...REVENUE_PERIODS.map((p) => `/api/analytics/revenue-trends?period=${p}`),
    '/api/leads?per_page=10',
    '/api/leads?status=new&per_page=20',
    ...allLeadListQueries().map((q) => `/api/leads?${q}`),
    ...LEAD_SEARCH_TERMS.map((q) => `/api/leads/search?q=${encodeURIComponent(q)}`),
    '/api/projects?per_page=10',
    '/api/projects?status=in_progress',
    ...allProjectListQueries().map((q) => `/api/projects?${q}`),
    ...allProjectValueRanges().map((r) => `/api/projects?min_value=${r.minValue}&max_value=${r.maxValue}`),
    '/api/customers?per_page=10',
    '/api/interactions?recent=true&limit=10',
  ];
}

export interface WarmUpResult {
  requested: number;
  warmed: number;
  alreadyCached: number;
  withoutHeader: number;
  failed: Array<{ path: string; status: number }>;
}

/**
 * A clean window for comparing the pack with the reference backend's ledger:
 * every cacheable read warmed (the guide's pre-test checklist), then the
 * ledger zeroed so the warm-up's requests are not counted.
 */
export async function warmThenResetLedger(backend: { url: string; resetLedger(): Promise<void> }): Promise<void> {
  await warmCache(new CrmClient(backend.url));
  await backend.resetLedger();
}

export async function warmCache(client: CrmClient, concurrency = 8): Promise<WarmUpResult> {
  const result: WarmUpResult = { requested: 0, warmed: 0, alreadyCached: 0, withoutHeader: 0, failed: [] };
  const visit = async (path: string) => {
    const response = await client.request('GET', path);
    result.requested++;
    // Any 2xx is an answer (the load counts it a success too); only those can have been cached.
    if (!isSuccessStatus(response.status)) {
      result.failed.push({ path, status: response.status });
      return response;
    }
    const header = response.headers.get('x-cache-hit');
    if (header === 'false') result.warmed++;
    else if (header === 'true') result.alreadyCached++;
    else result.withoutHeader++;
    return response;
  };
  const paths = warmUpPaths();
  const lists = await inParallel(paths, concurrency, visit);
  // One detail of each kind, from the first page the users list too.
  // The list is found wherever this CRM puts it (bare array, data, data.items, results, ...).
  const firstIds = (path: string, plural: string) =>
    client
      .listItems(lists[paths.indexOf(path)]?.body, plural)
      .map(itemId)
      .filter((id) => id !== undefined);
  const details = [
    ...firstIds('/api/leads?per_page=10', 'leads').map((id) => `/api/leads/${id}`),
    ...firstIds('/api/projects?per_page=10', 'projects').map((id) => `/api/projects/${id}`),
    ...firstIds('/api/customers?per_page=10', 'customers').map((id) => `/api/customers/${id}/projects`),
  ];
  await inParallel(details, concurrency, visit);
  return result;
}

const USAGE = `usage: npm run warm-cache -- [-t URL] [--concurrency N]

  -t, --target URL   the CRM (default: CRM_TARGET or http://localhost:8000)
  --concurrency N    requests in flight (default 8)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', short: 't' },
      concurrency: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return TOOL_EXIT.ok;
  }
  const target = values.target ?? defaultTarget();
  const started = Date.now();
  let client: CrmClient;
  try {
    client = new CrmClient(target);
  } catch (error) {
    throw new BadInputError((error as Error).message); // a malformed LOADTEST_LIST_PATH: exit 4, before any request
  }
  const result = await warmCache(client, Math.max(1, Number(values.concurrency) || 8));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `warmed ${result.warmed} cache entries on ${target} ` +
      `(${result.requested} requests: ${result.alreadyCached} already cached, ` +
      `${result.withoutHeader} without X-Cache-Hit, ${result.failed.length} failed) in ${seconds} s`,
  );
  for (const f of result.failed.slice(0, 10)) console.log(`  failed: GET ${f.path} answered ${f.status}`);
  if (result.requested > 0 && result.failed.length === result.requested)
    throw new CrmRequestError(`every warm-up request failed on ${target}`);
  return result.failed.length > 0 ? TOOL_EXIT.requestFailed : TOOL_EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), exitWith(USAGE));
}
