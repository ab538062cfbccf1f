/**
 * Closed-model fidelity: the request rate a run should show, from its users
 * alone, against what it showed. Each user repeats: a task's requests (each
 * taking the mean response time), then a think; so one user of type t sends
 * R_t / (T_t + R_t × latency) requests per second (R_t requests per task,
 * T_t mean think). Measured over the full periods, when every user is in.
 */
import { usersByType } from '../report/breakdown';
import { meanThinkSeconds, requestsPerTask } from '../core/capacity';
import type { ArtilleryJsonReport } from '../tools/artillery-cli';
import { USER_TYPES } from '../core/user-types';

export interface Fidelity {
  measured: number;
  theoretical: number;
  deviationPct: number;
}

export function fidelity(report: ArtilleryJsonReport | undefined): Fidelity {
  if (!report) return { measured: NaN, theoretical: NaN, deviationPct: NaN };
  const counters = report.aggregate.counters;
  const latencySeconds = (report.aggregate.summaries['http.response_time']?.mean ?? 0) / 1000;
  const drawn = usersByType(counters);
  let theoretical = 0;
  for (const type of USER_TYPES) {
    const users = drawn.get(type.name) ?? 0;
    const r = requestsPerTask(type);
    theoretical += (users * r) / (meanThinkSeconds(type) + r * latencySeconds);
  }
  const periods = [...report.intermediate].sort((a, b) => Number(a.period) - Number(b.period));
  const full = periods.length > 2 ? periods.slice(1, -1) : periods;
  const requests = full.reduce((s, p) => s + (p.counters['http.requests'] ?? 0), 0);
  const measured = requests / (full.length * 10);
  return { measured, theoretical, deviationPct: (100 * (measured - theoretical)) / theoretical };
}
