/** Reading Artillery's JSON report in tests. */

const ENDPOINT_CODE = /^plugins\.metrics-by-endpoint\.(.+)\.codes\.\d+$/;

/** Requests per endpoint name, summed over status codes (the per-endpoint counters Artillery always keeps). */
export function endpointCounts(counters: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    const endpoint = ENDPOINT_CODE.exec(name)?.[1];
    if (endpoint) counts[endpoint] = (counts[endpoint] ?? 0) + value;
  }
  return counts;
}

/**
 * How far a type's share of users may stray from its weight: Artillery picks
 * each arriving user's type at random by weight, so with n users the share
 * is binomial. Four standard deviations (a false alarm about once in 16,000
 * checks) plus one user for rounding.
 */
export function userTypeShareTolerance(expectedShare: number, users: number): number {
  return 4 * Math.sqrt((expectedShare * (1 - expectedShare)) / users) + 1 / users;
}
