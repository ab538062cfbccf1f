/**
 * The pack's figures against the reference backend's own ledger: what must
 * be exactly equal when nothing else talks to the backend during the run,
 * and the peak of full 10-s periods, equal within a stated tolerance (a
 * response sent at the end of one 10-s window can arrive in the next).
 * Used by `npm run verify` and the acceptance tests.
 */
import { hitRatePct, METRICS as CACHE } from 'artillery-plugin-cache-stats';
import type { Ledger } from '../reference-backend/launch';
import { isFullPeriod, loadSpan, PERIOD_MS, periodStart, type PeriodLike } from '../report/timeline';
import type { ArtilleryJsonReport } from './artillery-cli';

export interface Comparison {
  what: string;
  pack: number | string;
  backend: number | string;
  /** True when equal, or within the tolerance the row's label states. */
  equal: boolean;
}

/**
 * Responses per period the pack and the backend may differ by: those the
 * backend sent just before a 10-s boundary and the client counted just after
 * it. Such a response was in flight across the boundary, so it arrived no
 * later than the period's slowest response time after it, and was counted
 * once the worker's event loop got to it: at the period's rate, at most
 * count × (max latency + scheduling delay) ÷ 10 s of them. Seen: 38 apart in
 * 2,856 responses of a stress period, two runs sharing 2 cores (a fixed 1 %
 * allowed only 31); 12 apart in 526 at 52 responses/s with a quick backend
 * in CI (two test files, each with its backend and Artillery, on 2 cores):
 * about 230 ms of responses, hence 250 ms of scheduling delay. Without a
 * latency summary, 1 % of the count. Plus 2 for the arrivals right at the edge.
 */
export const PERIOD_TOLERANCE = { responses: 2, shareWithoutLatency: 0.01, schedulingDelayMs: 250 } as const;
const TOLERANCE_TEXT = '±(2 + responses in flight across a boundary: count × (max latency + 250 ms) ÷ 10 s) per period';

export function periodTolerance(backendResponses: number, maxLatencyMs?: number): number {
  const share =
    typeof maxLatencyMs === 'number' && maxLatencyMs >= 0
      ? (maxLatencyMs + PERIOD_TOLERANCE.schedulingDelayMs) / PERIOD_MS
      : PERIOD_TOLERANCE.shareWithoutLatency;
  return PERIOD_TOLERANCE.responses + Math.ceil(Math.min(1, share) * backendResponses);
}

/**
 * The pack's peak of full 10-s periods (responses) against the backend's
 * count over the same periods, and each full period within the tolerance.
 */
export function comparePeakWithLedger(report: ArtilleryJsonReport, ledger: Ledger): Comparison[] {
  const periods = report.intermediate as PeriodLike[];
  const span = loadSpan(report.aggregate, periods);
  const full = span ? periods.filter((p) => isFullPeriod(periodStart(p), span)) : [];
  const pairs = full.map((p) => {
    const backend = ledger.loadResponsesByPeriod[String(periodStart(p))] ?? 0;
    const allowance = periodTolerance(backend, p.summaries?.['http.response_time']?.max);
    return { pack: p.counters?.['http.responses'] ?? 0, backend, allowance };
  });
  const within = pairs.filter((x) => Math.abs(x.pack - x.backend) <= x.allowance).length;
  const peakOf = (responses: number[]) => (responses.length > 0 ? Math.max(...responses) : undefined);
  const packPeak = peakOf(pairs.map((x) => x.pack));
  const backendPeak = peakOf(pairs.map((x) => x.backend));
  // The peak periods' own allowances: the two peaks may sit in neighbouring periods.
  const peakAllowance = Math.max(
    0,
    ...pairs.filter((x) => x.pack === packPeak || x.backend === backendPeak).map((x) => x.allowance),
  );
  const perSecond = (responses: number | undefined) => (responses === undefined ? '-' : responses / 10);
  return [
    {
      what: `peak of full 10-s periods, responses/s (${TOLERANCE_TEXT})`,
      pack: perSecond(packPeak),
      backend: perSecond(backendPeak),
      equal:
        packPeak !== undefined && backendPeak !== undefined
          ? Math.abs(packPeak - backendPeak) <= peakAllowance
          : packPeak === backendPeak,
    },
    {
      what: `full 10-s periods within ${TOLERANCE_TEXT} of the backend's count`,
      pack: full.length,
      backend: within,
      equal: within === full.length,
    },
  ];
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
  const rate = (h: number | undefined, m: number | undefined) => hitRatePct(h, m)?.toFixed(2).concat(' %') ?? '-';
  row('cache window hit rate', rate(c[CACHE.hits], c[CACHE.misses]), rate(ledger.cache.hits, ledger.cache.misses));
  row('pollers seen by the backend', 1, ledger.pollers.ids.length);
  // A read still in flight when the window closed reached the backend too: it counts as a read.
  const statsReads = (c[CACHE.polls] ?? 0) + (c[CACHE.pollErrors] ?? 0) + (c[CACHE.pollsAbandoned] ?? 0);
  row('stats reads (polls + poll errors + abandoned)', statsReads, ledger.pollers.statsRequests);
  rows.push(...comparePeakWithLedger(report, ledger));
  return rows;
}
