/**
 * Finding hit/miss counters anywhere in a JSON document, so a backend's own
 * envelope (`{"success": true, "data": {"cache": {...}}}`) needs no
 * configuration. Pure.
 *
 * The pairing rule: a key is hits-like when exactly one of its words is
 * `hit` or `hits` (words split at `_`, `-`, `.`, spaces and camelCase), and
 * none is a rate word (rate, ratio, percent, percentage, pct: `hit_rate` is
 * not a counter). Its partner is the same key with that word turned into
 * `miss` / `misses`, in the same letter case, in the same object:
 * hits/misses, cache_hits/cache_misses, keyspace_hits/keyspace_misses,
 * hit_count/miss_count, hitCount/missCount, cacheHits/cacheMisses.
 */

/** One hits-like key and its partner, found in one object. */
export interface CounterPair {
  /** Dotted paths from the document's root (array items by index). */
  hitsPath: string;
  missesPath: string;
  rawHits: unknown;
  /** undefined when the object has no partner key. */
  rawMisses: unknown;
}

const RATE_WORDS = new Set(['rate', 'ratio', 'percent', 'percentage', 'pct']);
const MISS_WORD: Readonly<Record<string, string>> = {
  hit: 'miss',
  hits: 'misses',
  Hit: 'Miss',
  Hits: 'Misses',
  HIT: 'MISS',
  HITS: 'MISSES',
};

/** The words of a key: `cacheHitCount` → cache, Hit, Count; `keyspace_hits` → keyspace, hits. */
export function keyWords(key: string): string[] {
  return key.split(/[_\-. ]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w !== '');
}

/** The misses key that pairs with `key`, or undefined when `key` is not hits-like. */
export function missesKeyFor(key: string): string | undefined {
  const words = keyWords(key);
  if (words.some((w) => RATE_WORDS.has(w.toLowerCase()))) return undefined;
  const hitWords = words.filter((w) => w in MISS_WORD);
  if (hitWords.length !== 1) return undefined;
  const hitWord = hitWords[0] as string;
  // Replace that word where it stands as a word, keeping the separators around it;
  // only a capitalised word may start right after a lower-case letter (camelCase).
  const before = /^[A-Z]/.test(hitWord) ? '(^|[_\\-. ]|(?<=[a-z0-9]))' : '(^|[_\\-. ])';
  const at = new RegExp(`${before}${hitWord}(?=$|[_\\-. ]|[A-Z0-9])`).exec(key);
  if (!at) return undefined;
  const start = at.index + (at[1] as string).length;
  return key.slice(0, start) + MISS_WORD[hitWord] + key.slice(start + hitWord.length);
}

/** Every hits-like key in the document, at any depth, with its partner's value. */
export function findCounterPairs(document: unknown): CounterPair[] {
  const pairs: CounterPair[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (value === null || typeof value !== 'object') return;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>);
    const object = value as Record<string, unknown>;
    for (const [key, child] of entries) {
      const missesKey = Array.isArray(value) ? undefined : missesKeyFor(key);
      if (missesKey !== undefined) {
        pairs.push({
          hitsPath: [...path, key].join('.'),
          missesPath: [...path, missesKey].join('.'),
          rawHits: child,
          rawMisses: object[missesKey],
        });
      }
      visit(child, [...path, key]);
    }
  };
  visit(document, []);
  return pairs;
}
