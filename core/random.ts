/**
 * Seedable randomness for the virtual users. Each user draws from its own
 * stream (seeded from the run seed and the user's ordinal), so with
 * LOADTEST_SEED set a user's sequence of tasks, think times and payloads is
 * the same on every run, whatever the other users do meanwhile.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for load shaping (not for crypto). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: a stable 32-bit seed from a run seed and an ordinal. */
export function seedFrom(...parts: Array<string | number>): number {
  let hash = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Uniform in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** Uniform integer in [min, max] (both ends included). */
export function integerBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pickOne<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pickOne: no items to pick from');
  return items[Math.floor(rng() * items.length)] as T;
}

/** True with the given probability. */
export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

/**
 * Weighted choice, as Locust's `@task(weight)` picks: the probability of an
 * item is its weight over the sum. Items of weight 0 are never chosen.
 */
export function weightedPick<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + Math.max(0, item.weight), 0);
  if (!(total > 0)) throw new Error('weightedPick: the weights add up to 0');
  let remaining = rng() * total;
  for (const item of items) {
    remaining -= Math.max(0, item.weight);
    if (remaining < 0) return item;
  }
  // Floating-point leftovers land on the last item with a positive weight.
  return [...items].reverse().find((item) => item.weight > 0) as T;
}
