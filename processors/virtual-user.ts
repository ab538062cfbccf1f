/**
 * One virtual user of a closed-model run: its type, its own random stream,
 * the leads it owns, and when it must stop. Pure state and decisions; the
 * Artillery adapter (crm.ts) wires them to the flow.
 */
import { userType, type TaskSpec, type UserTypeSpec } from '../core/user-types';
import { OwnedLeads } from './owned-leads';
import { mulberry32, seedFrom, uniform, weightedPick, type Rng } from '../core/random';

export interface VirtualUser {
  readonly type: UserTypeSpec;
  /** Unique within the run: "<worker>-<ordinal>". */
  readonly tag: string;
  readonly rng: Rng;
  readonly owned: OwnedLeads;
  /** Epoch ms after which the user starts no new task. */
  readonly endsAt: number;
  leadsCreated: number;
}

export interface NewUserInput {
  typeName: string;
  runSeed: number;
  workerId: string;
  ordinal: number;
  maxOwnedLeads: number;
  endsAt: number;
}

export function createVirtualUser(input: NewUserInput): VirtualUser {
  return {
    type: userType(input.typeName),
    tag: `${input.workerId}-${input.ordinal}`,
    rng: mulberry32(seedFrom(input.runSeed, input.workerId, input.ordinal)),
    owned: new OwnedLeads(input.maxOwnedLeads),
    endsAt: input.endsAt,
    leadsCreated: 0,
  };
}

export function hasTimeLeft(user: VirtualUser, now: number): boolean {
  return now < user.endsAt;
}

/** The next task, by task weight. */
export function nextTask(user: VirtualUser): TaskSpec {
  return weightedPick(user.rng, user.type.tasks);
}

/**
 * Think time in ms: uniform in the type's range, cut short at the end of the
 * run so that a user thinking 20 s does not hold the run open.
 */
export function thinkTimeMs(user: VirtualUser, now: number, scale = 1): number {
  const { min, max } = user.type.thinkSeconds;
  const wanted = uniform(user.rng, min, max) * 1000 * scale;
  return Math.max(0, Math.min(wanted, user.endsAt - now));
}

/**
 * The closed model's clock. A worker's load starts with its first arrival
 * (Artillery starts every worker's phases together) and lasts the sum of the
 * phases' durations; users stop starting tasks after that.
 */
export class LoadClock {
  private startedAt: number | undefined;

  endsAt(loadDurationMs: number, now: number): number {
    this.startedAt ??= now;
    return this.startedAt + loadDurationMs;
  }
}
