/** Reading Artillery's JSON report in tests. */

/**
 * How far a type's share of users may stray from its weight: Artillery picks
 * each arriving user's type at random by weight, so with n users the share
 * is binomial. Four standard deviations (a false alarm about once in 16,000
 * checks) plus one user for rounding.
 */
export function userTypeShareTolerance(expectedShare: number, users: number): number {
  return 4 * Math.sqrt((expectedShare * (1 - expectedShare)) / users) + 1 / users;
}
