/**
 * The pack's figures against the reference backend's own ledger: what must
 * be exactly equal when nothing else talks to the backend during the run.
 * Used by `npm run verify` and the acceptance tests.
 */
import { METRICS as CACHE } from 'artillery-plugin-cache-stats';
import type { Ledger } from '../reference-backend/launch';
import type { ArtilleryJsonReport } from './artillery-cli';

export interface Comparison {
  what: string;
  pack: number | string;
  backend: number | string;
  equal: boolean;
}

const ENDPOINT_CODE = /^plugins\.metrics-by-endpoint\.(.+)\.codes\.(\d+)$/;

/** Requests per endpoint and status code, from Artillery's per-endpoint counters. */
export function endpointStatuses(counters: Record<string, number>): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const [name, n] of Object.entries(counters)) {
    const match = ENDPOINT_CODE.exec(name);
    if (!match) continue;
    const [, endpoint, code] = match as unknown as [string, string, string];
    result[endpoint] = { ...result[endpoint], [code]: (result[endpoint]?.[code] ?? 0) + n };
  }
  return result;
}

export function compareWithLedger(report: ArtilleryJsonReport, ledger: Ledger): Comparison[] {
  const c = report.aggregate.counters;
  const rows: Comparison[] = [];
  const row = (what: string, pack: number | string | undefined, backend: number | string | undefined) =>
    rows.push({ what, pack: pack ?? '-', backend: backend ?? '-', equal: pack === backend });
  row('requests (all)', c['http.requests'], ledger.requests.load);
  const pack = endpointStatuses(c);
  for (const endpoint of [...new Set([...Object.keys(pack), ...Object.keys(ledger.byRoute)])].sort()) {
    const ours = pack[endpoint] ?? {};
    const theirs = ledger.byRoute[endpoint]?.statuses ?? {};
    for (const code of [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort()) {
      row(`${endpoint} → ${code}`, ours[code] ?? 0, theirs[code] ?? 0);
    }
  }
  row('cache window hits (server counters)', c[CACHE.hits], ledger.cache.hits);
  row('cache window misses (server counters)', c[CACHE.misses], ledger.cache.misses);
  row('responses with X-Cache-Hit: true', c[CACHE.clientHits] ?? 0, ledger.cache.hits);
  row('responses with X-Cache-Hit: false', c[CACHE.clientMisses] ?? 0, ledger.cache.misses);
  const rate = (h: number | undefined, m: number | undefined) => (h !== undefined && m !== undefined && h + m > 0 ? `${((100 * h) / (h + m)).toFixed(2)} %` : '-');
  row('cache window hit rate', rate(c[CACHE.hits], c[CACHE.misses]), rate(ledger.cache.hits, ledger.cache.misses));
  row('pollers seen by the backend', 1, ledger.pollers.ids.length);
  row('stats reads (polls + poll errors)', (c[CACHE.polls] ?? 0) + (c[CACHE.pollErrors] ?? 0), ledger.pollers.statsRequests);
  return rows;
}
