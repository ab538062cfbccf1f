/**
 * What a closed-model run can deliver at most: each user makes one task's
 * requests, then thinks, so with zero latency the request rate is
 *   users × (requests per task ÷ think time), averaged over the user mix.
 * Measured throughput can only approach this; a throughput target above it
 * says nothing about the backend, only about the run.
 */
import { USER_TYPES, type UserTypeSpec } from './user-types';

export interface Ceiling {
  /** Requests per second the users can send at most (latency ignored). */
  rps: number;
  users: number;
  /** Requests per task, averaged over the mix. */
  requestsPerTask: number;
  /** The think time that, with requestsPerTask, gives rps: requestsPerTask / (rps per user). */
  meanThinkSeconds: number;
  /** How long the run holds its peak users, when known (seconds). */
  peakHoldSeconds?: number;
}

/**
 * Throughput is judged on the best 10-second reporting period, so the peak
 * users must be held long enough for at least one whole period to fall
 * inside: two periods' worth.
 */
export const MIN_PEAK_HOLD_SECONDS = 20;

export function requestsPerTask(type: UserTypeSpec): number {
  const total = type.tasks.reduce((s, t) => s + t.weight, 0);
  return type.tasks.reduce((sum, task) => sum + (task.weight / total) * (task.meanRequests ?? task.steps.length), 0);
}

/** A user's mean think between tasks: the think is uniform over the type's range. */
export function meanThinkSeconds(type: UserTypeSpec): number {
  return (type.thinkSeconds.min + type.thinkSeconds.max) / 2;
}

/**
 * The ceiling for `users` users of the given mix (user type name → weight).
 * Undefined when the mix names a type the catalog does not know (a custom
 * script) or has no positive weight.
 */
export function throughputCeiling(
  mix: Record<string, number>,
  users: number,
  peakHoldSeconds?: number,
): Ceiling | undefined {
  const entries = Object.entries(mix).filter(([, w]) => w > 0);
  const totalWeight = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length === 0 || !(users > 0)) return undefined;
  let perUserRps = 0;
  let perTask = 0;
  for (const [name, weight] of entries) {
    const type = USER_TYPES.find((t) => t.name === name);
    if (!type) return undefined;
    const share = weight / totalWeight;
    const perTaskOfType = requestsPerTask(type);
    perUserRps += (share * perTaskOfType) / meanThinkSeconds(type);
    perTask += share * perTaskOfType;
  }
  return {
    rps: users * perUserRps,
    users,
    requestsPerTask: perTask,
    meanThinkSeconds: perTask / perUserRps,
    ...(peakHoldSeconds === undefined ? {} : { peakHoldSeconds }),
  };
}

/**
 * The endpoints a mix of user types calls, or undefined when the mix names a
 * type the catalog does not know (then nothing can be ruled out).
 */
export function endpointsOfMix(mix: Record<string, number>): Set<string> | undefined {
  const names = Object.entries(mix)
    .filter(([, w]) => w > 0)
    .map(([name]) => name);
  const types = names.map((name) => USER_TYPES.find((t) => t.name === name));
  if (types.some((t) => t === undefined)) return undefined;
  return new Set(
    types.flatMap((t) => (t as UserTypeSpec).tasks.flatMap((task) => task.steps.map((step) => step.spec.name))),
  );
}

export function describeCeiling(c: Ceiling): string {
  return (
    `${c.rps.toFixed(0)} req/s = ${c.users} users × ${c.requestsPerTask.toFixed(2)} requests per task ` +
    `÷ ${c.meanThinkSeconds.toFixed(2)} s mean think`
  );
}

/** Why a throughput target cannot be judged in this run, or undefined when it can. */
export function throughputUncheckableReason(target: number, c: Ceiling | undefined): string | undefined {
  if (!c) return undefined;
  if (c.rps < target) {
    return (
      `the target is above what this run can send (ceiling ${c.rps.toFixed(0)} req/s as planned): ` +
      'run stress, or more users, to test it'
    );
  }
  if (c.peakHoldSeconds !== undefined && c.peakHoldSeconds < MIN_PEAK_HOLD_SECONDS) {
    return (
      `the run holds its ${c.users} users for ${c.peakHoldSeconds.toFixed(0)} s, ` +
      `less than the ${MIN_PEAK_HOLD_SECONDS} s a full reporting period needs`
    );
  }
  return undefined;
}
