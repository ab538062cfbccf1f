import { pickOne, type Rng } from '../core/random';

/** A lead id as the CRM returns it (integers in the reference backend, maybe UUIDs elsewhere). */
export type LeadId = string | number;

/**
 * The leads one virtual user created and may still touch.
 *
 * The Locust original kept created ids in one list shared by all users and
 * never trimmed it, so users updated and deleted each other's leads (404s
 * from the race) and the list grew for the whole run. Here each user owns
 * its list, and the list is bounded: past `capacity` the oldest id is
 * forgotten (the lead stays in the CRM, in the test e-mail domain, for
 * `npm run seed -- --clean` to remove).
 */
export class OwnedLeads {
  private readonly ids: LeadId[] = [];
  forgotten = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`OwnedLeads: capacity must be a positive integer (got ${capacity})`);
    }
  }

  get count(): number {
    return this.ids.length;
  }

  add(id: LeadId): void {
    this.ids.push(id);
    while (this.ids.length > this.capacity) {
      this.ids.shift();
      this.forgotten++;
    }
  }

  has(id: LeadId): boolean {
    return this.ids.includes(id);
  }

  /** One of this user's leads, or undefined while it has none. */
  pick(rng: Rng): LeadId | undefined {
    return this.ids.length === 0 ? undefined : pickOne(rng, this.ids);
  }

  /**
   * A lead to delete, removed from the list now so no later task of this
   * user reads it: only while the user holds more than `keepAtLeast`
   * (the guide deletes only when a user has more than 5).
   */
  takeForDeletion(rng: Rng, keepAtLeast: number): LeadId | undefined {
    if (this.ids.length <= keepAtLeast) return undefined;
    const index = Math.floor(rng() * this.ids.length);
    return this.ids.splice(index, 1)[0];
  }

  snapshot(): readonly LeadId[] {
    return [...this.ids];
  }
}
