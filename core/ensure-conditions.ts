/**
 * Targets as ensure conditions: what ensure checks and what the verdict
 * prints come from the same targets, so they cannot disagree. Conditions the
 * pack writes carry an `slo` key (ensure ignores it); conditions a user adds
 * by hand have none and are left alone.
 */
import { hitRateCondition } from 'artillery-plugin-cache-stats';
import { throughputUncheckableReason, type Ceiling } from './capacity';
import { CRM_METRICS, endpointLatencyMetric } from './metric-names';
import { LATENCY_STATISTIC, TARGET_SPECS, type EndpointTargetKey, type TargetKey, type TargetsConfig } from './targets';

export interface EnsureCondition {
  slo?: string;
  expression: string;
  strict: boolean;
}

/** The metric expression a target compares (its left-hand side). */
export const TARGET_EXPRESSIONS: Record<Exclude<TargetKey, 'cache_hit_rate_pct'>, string> = {
  p95_ms: `http.response_time.${LATENCY_STATISTIC.p95_ms}`,
  median_ms: `http.response_time.${LATENCY_STATISTIC.median_ms}`,
  p99_ms: `http.response_time.${LATENCY_STATISTIC.p99_ms}`,
  mean_ms: `http.response_time.${LATENCY_STATISTIC.mean_ms}`,
  error_rate_pct: `${CRM_METRICS.failedRequests} / http.requests * 100`,
  throughput_rps: CRM_METRICS.peakRequestRate,
};

export function ensureConditions(targets: TargetsConfig, ceiling: Ceiling | undefined): EnsureCondition[] {
  const conditions: EnsureCondition[] = [];
  for (const spec of TARGET_SPECS) {
    const limit = targets[spec.key];
    if (limit === null || limit === undefined) continue;
    // A throughput target is checked only where the run can reach it, for long enough.
    if (spec.key === 'throughput_rps' && throughputUncheckableReason(limit, ceiling) !== undefined) continue;
    const expression =
      spec.key === 'cache_hit_rate_pct'
        ? hitRateCondition(limit)
        : `${TARGET_EXPRESSIONS[spec.key]} ${spec.direction === 'below' ? '<' : '>'} ${limit}`;
    conditions.push({ slo: spec.key, expression, strict: true });
  }
  for (const [endpoint, limits] of Object.entries(targets.endpoints ?? {})) {
    for (const [key, limit] of Object.entries(limits)) {
      if (limit === undefined) continue;
      const aggregation = LATENCY_STATISTIC[key as EndpointTargetKey];
      conditions.push({
        slo: `${endpoint} ${key}`,
        expression: `${endpointLatencyMetric(endpoint)}.${aggregation} < ${limit}`,
        strict: true,
      });
    }
  }
  return conditions;
}

/** Replaces the pack's conditions in an ensure config, in place, keeping hand-written ones. */
export function replacePackConditions(
  ensureConfig: { conditions?: EnsureCondition[] },
  conditions: EnsureCondition[],
): void {
  const handWritten = (ensureConfig.conditions ?? []).filter((c) => c.slo === undefined);
  ensureConfig.conditions = [...conditions, ...handWritten];
}
