/**
 * Metrics the crm plugin adds (workers count outcomes; the main process adds
 * the peak rate). ensure replaces metric names inside expressions by plain
 * substring search, so no name may be a substring of another: bucket names
 * end in "ms" for that reason (le_10ms is not inside le_100ms).
 */
export const CRM_METRICS = {
  /**
   * Requests that failed: a final status other than 2xx, a failed expectation, a timeout, a connection error (once
   * per request).
   */
  failedRequests: 'crm.failed_requests',
  /** Prefix: failures by kind (http_503, expectation, ETIMEDOUT, ECONNREFUSED, ...). */
  failuresByKind: 'crm.failures.',
  /** Prefix: failures by endpoint and kind: crm.endpoint_failures.<kind>.<endpoint>. */
  failuresByEndpoint: 'crm.endpoint_failures.',
  /** Prefix: requests by user type (share of traffic). */
  requestsByUserType: 'crm.user_type_requests.',
  /** Prefix: response-time histogram buckets: crm.latency_bucket.le_<n>ms and gt_<max>ms. */
  latencyBucket: 'crm.latency_bucket.',
  /**
   * Responses per second of the best full 10-s reporting period (main process, at the end; absent without a full
   * period).
   */
  peakRequestRate: 'crm.peak_request_rate',
} as const;

/** Artillery's own failure counters, for runs without the crm plugin: 5xx codes and network errors. */
export function artilleryFailureKind(counterName: string): string | undefined {
  if (counterName.startsWith('errors.')) return counterName.slice('errors.'.length);
  const code = /^http\.codes\.(5\d\d)$/.exec(counterName)?.[1];
  return code ? `http_${code}` : undefined;
}

/**
 * Failed requests: the crm counter; from status codes and error counters when it is absent (a run without the crm
 * plugin).
 */
export function failedRequests(counters: Record<string, number>): number {
  const counted = counters[CRM_METRICS.failedRequests];
  if (counted !== undefined) return counted;
  return Object.entries(counters)
    .filter(([name]) => artilleryFailureKind(name) !== undefined)
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Upper bounds (ms) of the response-time histogram's buckets. */
export const LATENCY_BUCKETS_MS = [
  5, 10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000,
] as const;

export function latencyBucketName(ms: number): string {
  const bound = LATENCY_BUCKETS_MS.find((b) => ms <= b);
  const largest = LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
  const bucket = bound === undefined ? `gt_${largest}ms` : `le_${bound}ms`;
  return `${CRM_METRICS.latencyBucket}${bucket}`;
}

/** Artillery's per-endpoint response-time summary (metrics-by-endpoint, useOnlyRequestNames). */
export const endpointLatencyMetric = (endpoint: string) => `plugins.metrics-by-endpoint.response_time.${endpoint}`;
