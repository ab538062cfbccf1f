/**
 * Reading hit and miss counters out of whatever a backend's stats endpoint
 * (or Redis) returns. Pure; every failure is a reason a person can act on.
 */

export interface CacheCounters {
  hits: number;
  misses: number;
}

export type ParseResult = { ok: true; counters: CacheCounters; shape: string } | { ok: false; reason: string };

/** Where real backends put the counters, tried in order when no field is configured. */
export const KNOWN_SHAPES: ReadonlyArray<{ name: string; hits: string; misses: string }> = [
  { name: 'flat', hits: 'hits', misses: 'misses' },
  { name: 'nested cache.*', hits: 'cache.hits', misses: 'cache.misses' },
  { name: 'nested stats.*', hits: 'stats.hits', misses: 'stats.misses' },
  { name: 'redis INFO', hits: 'keyspace_hits', misses: 'keyspace_misses' },
  { name: 'nested redis.*', hits: 'redis.keyspace_hits', misses: 'redis.keyspace_misses' },
  { name: 'flask-caching style', hits: 'cache_hits', misses: 'cache_misses' },
];

export function readPath(value: unknown, dottedPath: string): unknown {
  let current = value;
  for (const key of dottedPath.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A counter: a finite number >= 0, or a string of digits (Redis and some APIs send strings). */
function asCounter(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Redis INFO text: `keyspace_hits:123` lines. */
export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

function describe(body: string): string {
  const sample = body.trim().slice(0, 60).replace(/\s+/g, ' ');
  return sample === '' ? 'an empty body' : `"${sample}${body.trim().length > 60 ? '...' : ''}"`;
}

/** The document behind a stats answer: JSON, or Redis INFO text. */
export function parseDocument(body: string, contentType: string): { ok: true; document: unknown } | { ok: false; reason: string } {
  if (/text\/html/i.test(contentType) || /^\s*</.test(body)) {
    return { ok: false, reason: `answered HTML, not JSON (${describe(body)}): is the path right, or is a proxy or login page in the way?` };
  }
  if (/^\s*[{[]/.test(body)) {
    try {
      return { ok: true, document: JSON.parse(body) };
    } catch {
      return { ok: false, reason: `answered malformed JSON (${describe(body)})` };
    }
  }
  if (/^\s*(#|\w+:)/m.test(body) && body.includes(':')) return { ok: true, document: parseRedisInfo(body) };
  return { ok: false, reason: `answered neither JSON nor Redis INFO text (${describe(body)})` };
}

/**
 * Hits and misses from a parsed document: from the configured fields when
 * given (dotted paths such as `cache.hits`), else from the first known shape
 * that has both.
 */
export function extractCounters(document: unknown, fields?: { hits?: string; misses?: string }): ParseResult {
  const candidates =
    fields?.hits || fields?.misses
      ? [{ name: 'configured', hits: fields.hits ?? 'hits', misses: fields.misses ?? 'misses' }]
      : KNOWN_SHAPES;
  for (const shape of candidates) {
    const rawHits = readPath(document, shape.hits);
    const rawMisses = readPath(document, shape.misses);
    if (rawHits === undefined && rawMisses === undefined) continue;
    const hits = asCounter(rawHits);
    const misses = asCounter(rawMisses);
    if (hits === undefined || misses === undefined) {
      const bad = hits === undefined ? `${shape.hits} = ${JSON.stringify(rawHits)}` : `${shape.misses} = ${JSON.stringify(rawMisses)}`;
      return { ok: false, reason: `has a counter that is not a number >= 0 (${bad})` };
    }
    return { ok: true, counters: { hits, misses }, shape: shape.name };
  }
  const looked = candidates.map((s) => `${s.hits}/${s.misses}`).join(', ');
  return {
    ok: false,
    reason: `has no hit/miss counters (looked for ${looked}); set hitsField and missesField to where your backend puts them`,
  };
}

export function parseStats(body: string, contentType: string, fields?: { hits?: string; misses?: string }): ParseResult {
  const parsed = parseDocument(body, contentType);
  return parsed.ok ? extractCounters(parsed.document, fields) : parsed;
}
