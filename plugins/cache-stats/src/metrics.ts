/**
 * The metric names this plugin adds to Artillery's report. ensure matches
 * names inside its expressions by plain substring replacement, so no name
 * here may be a substring of another (a unit test checks it).
 */
export const METRICS = {
  /** Window increase of the server's hit counter (sum of intervals, across restarts). */
  hits: 'cache_stats.hits',
  misses: 'cache_stats.misses',
  /** Successful reads of the counters (snapshots). */
  polls: 'cache_stats.polls',
  pollErrors: 'cache_stats.poll_errors',
  /**
   * Reads still in flight when the window closed (sent, answer unused). Not
   * "polls_abandoned": "cache_stats.polls" would be a substring of it.
   */
  pollsAbandoned: 'cache_stats.abandoned_reads',
  /** Times the counters went down (cache restarted) during the window. */
  resets: 'cache_stats.counter_resets',
  /** 1 when there was no window data and onNoData is "warn": the cache check then passes with a warning. */
  noDataWaived: 'cache_stats.no_data_waived',
  /** Responses whose X-Cache-Hit said true / false (counted in the workers). */
  clientHits: 'cache_client.hit_responses',
  clientMisses: 'cache_client.miss_responses',
  /** Response time (time to first byte) of cached and uncached responses. */
  clientLatencyHit: 'cache_client.latency_hit',
  clientLatencyMiss: 'cache_client.latency_miss',
} as const;

/** Per-endpoint response time of cached / uncached responses: prefix + endpoint name. */
export const ENDPOINT_LATENCY_PREFIX = {
  hit: 'cache_client_by_endpoint.hit.',
  miss: 'cache_client_by_endpoint.miss.',
} as const;

/** Key of the detail object (intervals, warnings) the plugin adds to the aggregate report. */
export const REPORT_DETAIL_KEY = 'cache-stats';

/**
 * The ensure condition for a hit-rate target: a ratio of counters, so it
 * stays right when reports of several load generators are merged (each
 * measured the same window: numerator and denominator scale together).
 */
export function hitRateCondition(minPercent: number): string {
  return (
    `${METRICS.noDataWaived} == 1 or ` + `${METRICS.hits} / (${METRICS.hits} + ${METRICS.misses}) * 100 > ${minPercent}`
  );
}
