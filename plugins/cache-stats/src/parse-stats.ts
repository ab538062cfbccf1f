/**
 * Reading hit and miss counters out of whatever a backend's stats endpoint
 * (or Redis) returns. Pure; every failure is a reason a person can act on.
 */

import { findCounterPairs } from './counter-search';
import { looksLikePrometheus, parsePrometheusText, sumSeries, type PrometheusSample } from './prometheus-text';

export interface CacheCounters {
  hits: number;
  misses: number;
}

/**
 * Counters, and where they were found, for people: `data.cache.hits /
 * data.cache.misses`, `Prometheus cache_hits_total / cache_misses_total`.
 */
export type ParseResult = { ok: true; counters: CacheCounters; countersPath: string } | { ok: false; reason: string };

export interface CounterFields {
  /** A dotted path in JSON (`data.cache.hits`), a field of Redis INFO text, or a Prometheus metric name. */
  hits?: string | undefined;
  misses?: string | undefined;
}

/** Prometheus metric names read when hitsField / missesField are not set. */
export const PROMETHEUS_DEFAULT_NAMES = { hits: 'cache_hits_total', misses: 'cache_misses_total' } as const;

const SET_FIELDS_HINT =
  'set hitsField and missesField to where your backend puts them (dotted paths, e.g. data.cache.hits)';

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

/** The document behind a stats answer: JSON, Prometheus text, or Redis INFO text. */
export type StatsDocument =
  | { kind: 'json'; document: unknown }
  | { kind: 'redis-info'; fields: Record<string, string> }
  | { kind: 'prometheus'; samples: PrometheusSample[] };

export function parseDocument(
  body: string,
  contentType: string,
): { ok: true; document: StatsDocument } | { ok: false; reason: string } {
  if (/text\/html/i.test(contentType) || /^\s*</.test(body)) {
    return {
      ok: false,
      reason: `answered HTML, not JSON (${describe(body)}): is the path right, or is a proxy or login page in the way?`,
    };
  }
  if (/^\s*[{[]/.test(body)) {
    try {
      return { ok: true, document: { kind: 'json', document: JSON.parse(body) } };
    } catch {
      return { ok: false, reason: `answered malformed JSON (${describe(body)})` };
    }
  }
  if (looksLikePrometheus(body, contentType)) {
    const parsed = parsePrometheusText(body);
    return parsed.ok ? { ok: true, document: { kind: 'prometheus', samples: parsed.samples } } : parsed;
  }
  if (/^\s*(#|\w+:)/m.test(body) && body.includes(':'))
    return { ok: true, document: { kind: 'redis-info', fields: parseRedisInfo(body) } };
  return { ok: false, reason: `answered neither JSON, Prometheus text nor Redis INFO text (${describe(body)})` };
}

const notACounter = (path: string, raw: unknown): ParseResult => {
  const shown = raw === undefined || typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
  return { ok: false, reason: `has a counter that is not a number >= 0 (${path} = ${shown})` };
};

/** Both values at configured (or otherwise known) paths; undefined when neither is there. */
function readPair(document: unknown, hitsPath: string, missesPath: string): ParseResult | undefined {
  const rawHits = readPath(document, hitsPath);
  const rawMisses = readPath(document, missesPath);
  if (rawHits === undefined && rawMisses === undefined) return undefined;
  const hits = asCounter(rawHits);
  const misses = asCounter(rawMisses);
  if (hits === undefined) return notACounter(hitsPath, rawHits);
  if (misses === undefined) return notACounter(missesPath, rawMisses);
  return { ok: true, counters: { hits, misses }, countersPath: `${hitsPath} / ${missesPath}` };
}

/**
 * A JSON document without configured fields: the one plausible hit/miss pair
 * at any depth (see counter-search.ts for the pairing rule). Several pairs
 * are refused rather than guessed between: the wrong pair would give a
 * plausible but wrong hit rate.
 */
function searchJson(document: unknown): ParseResult {
  const pairs = findCounterPairs(document);
  const plausible = pairs.filter((p) => asCounter(p.rawHits) !== undefined && asCounter(p.rawMisses) !== undefined);
  const only = plausible[0];
  if (plausible.length === 1 && only) {
    return {
      ok: true,
      counters: { hits: asCounter(only.rawHits) as number, misses: asCounter(only.rawMisses) as number },
      countersPath: `${only.hitsPath} / ${only.missesPath}`,
    };
  }
  if (plausible.length > 1) {
    const list = plausible.map((p) => `${p.hitsPath} / ${p.missesPath}`).join(', ');
    return {
      ok: false,
      reason:
        `has ${plausible.length} plausible hit/miss counter pairs (${list}); ` +
        'set hitsField and missesField (dotted paths) to the pair to use',
    };
  }
  // A hits-like key whose value or partner is wrong: say which, it is most likely the intended one.
  const nearMiss = pairs[0];
  if (nearMiss)
    return asCounter(nearMiss.rawHits) === undefined
      ? notACounter(nearMiss.hitsPath, nearMiss.rawHits)
      : notACounter(nearMiss.missesPath, nearMiss.rawMisses);
  return {
    ok: false,
    reason:
      'has no hit/miss counters (looked at every level for sibling keys such as hits/misses, ' +
      'cache_hits/cache_misses, ' +
      `keyspace_hits/keyspace_misses, hit_count/miss_count, hitCount/missCount); ${SET_FIELDS_HINT}`,
  };
}

/**
 * Prometheus text: the configured metric names, else cache_hits_total / cache_misses_total; series of one name are
 * summed.
 */
function fromPrometheus(samples: readonly PrometheusSample[], fields: CounterFields | undefined): ParseResult {
  const names = {
    hits: fields?.hits ?? PROMETHEUS_DEFAULT_NAMES.hits,
    misses: fields?.misses ?? PROMETHEUS_DEFAULT_NAMES.misses,
  };
  const hits = sumSeries(samples, names.hits);
  const misses = sumSeries(samples, names.misses);
  if (hits === undefined || misses === undefined) {
    const absent = [hits === undefined ? names.hits : undefined, misses === undefined ? names.misses : undefined]
      .filter(Boolean)
      .join(' and ');
    return {
      ok: false,
      reason:
        `has no ${absent} series in its Prometheus text; set hitsField and missesField to the names of your hit and ` +
        `miss counter metrics`,
    };
  }
  if (asCounter(hits.total) === undefined) return notACounter(`Prometheus ${names.hits}`, hits.total);
  if (asCounter(misses.total) === undefined) return notACounter(`Prometheus ${names.misses}`, misses.total);
  return {
    ok: true,
    counters: { hits: hits.total, misses: misses.total },
    countersPath: `Prometheus ${names.hits} / ${names.misses}`,
  };
}

/**
 * Hits and misses from a parsed document: from the configured fields when
 * given (dotted paths such as `cache.hits`; metric names for Prometheus
 * text), else found in the document.
 */
export function extractCounters(document: StatsDocument, fields?: CounterFields): ParseResult {
  if (document.kind === 'prometheus') return fromPrometheus(document.samples, fields);
  const root = document.kind === 'json' ? document.document : document.fields;
  if (fields?.hits || fields?.misses) {
    const hitsPath = fields.hits ?? 'hits';
    const missesPath = fields.misses ?? 'misses';
    return (
      readPair(root, hitsPath, missesPath) ?? {
        ok: false,
        reason: `has no hit/miss counters (looked for ${hitsPath}/${missesPath}); ${SET_FIELDS_HINT}`,
      }
    );
  }
  if (document.kind === 'redis-info') {
    // Redis INFO names its counters: keyspace_hits / keyspace_misses.
    const found = readPair(root, 'keyspace_hits', 'keyspace_misses');
    if (found?.ok) return { ...found, countersPath: `Redis INFO ${found.countersPath}` };
    if (found) return found;
  }
  return searchJson(root);
}

export function parseStats(body: string, contentType: string, fields?: CounterFields): ParseResult {
  const parsed = parseDocument(body, contentType);
  return parsed.ok ? extractCounters(parsed.document, fields) : parsed;
}
