import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyWords, missesKeyFor } from '../src/counter-search';
import { parseStats, type CounterFields } from '../src/parse-stats';
import { looksLikePrometheus, parseSampleLine } from '../src/prometheus-text';

const JSON_TYPE = 'application/json';
const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PROMETHEUS_PLAIN = [
  '# HELP cache_hits_total Cache hits.',
  '# TYPE cache_hits_total counter',
  'cache_hits_total 1500',
  '# HELP cache_misses_total Cache misses.',
  '# TYPE cache_misses_total counter',
  'cache_misses_total 250',
  '# TYPE process_open_fds gauge',
  'process_open_fds 42',
].join('\n');

const PROMETHEUS_LABELLED = [
  '# TYPE cache_hits_total counter',
  'cache_hits_total{cache="leads",instance="a:8000"} 100',
  'cache_hits_total{cache="analytics",note="x}y \\"quoted\\""} 20 1700000000000',
  '# TYPE cache_misses_total counter',
  'cache_misses_total{cache="leads",instance="a:8000"} 3.0',
  'cache_misses_total{cache="analytics",note="x}y \\"quoted\\""} 7e0',
].join('\n');

interface OkCase {
  name: string;
  body: string;
  type?: string;
  fields?: CounterFields;
  hits: number;
  misses: number;
  path: string;
}

describe('parseStats finds the counters in every ordinary shape, and says where', () => {
  const ok: OkCase[] = [
    {
      name: 'flat',
      body: '{"hits": 120, "misses": 30, "hit_rate": 0.8}',
      hits: 120,
      misses: 30,
      path: 'hits / misses',
    },
    {
      name: 'nested cache.*',
      body: '{"cache": {"hits": 7, "misses": 3}, "backend": "redis"}',
      hits: 7,
      misses: 3,
      path: 'cache.hits / cache.misses',
    },
    {
      name: 'nested stats.*',
      body: '{"stats": {"hits": 9, "misses": 1, "hit_rate": 0.9}, "uptime": 12}',
      hits: 9,
      misses: 1,
      path: 'stats.hits / stats.misses',
    },
    {
      name: 'redis INFO keys in JSON',
      body: '{"keyspace_hits": 900, "keyspace_misses": 100, "used_memory": 5}',
      hits: 900,
      misses: 100,
      path: 'keyspace_hits / keyspace_misses',
    },
    {
      name: 'nested redis.*, numbers as strings',
      body: '{"redis": {"keyspace_hits": "5", "keyspace_misses": "6"}}',
      hits: 5,
      misses: 6,
      path: 'redis.keyspace_hits / redis.keyspace_misses',
    },
    {
      name: 'flask-caching style',
      body: '{"cache_hits": 4, "cache_misses": 2, "cache_hit_ratio": 0.66}',
      hits: 4,
      misses: 2,
      path: 'cache_hits / cache_misses',
    },
    {
      name: 'envelope data.cache.*',
      body: '{"success": true, "data": {"cache": {"hits": 80, "misses": 20, "hit_rate": 0.8}}}',
      hits: 80,
      misses: 20,
      path: 'data.cache.hits / data.cache.misses',
    },
    {
      name: 'deep envelope with arrays and unrelated numbers',
      body:
        '{"success": true, "meta": {"took_ms": 3}, "data": {"services": [{"name": "db", "queries": ' +
        '5}, {"name": "cache", "metrics": {"counters": {"hit_count": 11, "miss_count": 4, "hit_rate_pct": 73}}}]}}',
      hits: 11,
      misses: 4,
      path: 'data.services.1.metrics.counters.hit_count / data.services.1.metrics.counters.miss_count',
    },
    {
      name: 'camelCase hitCount/missCount',
      body: '{"cacheStats": {"hitCount": 3, "missCount": 1}}',
      hits: 3,
      misses: 1,
      path: 'cacheStats.hitCount / cacheStats.missCount',
    },
    {
      name: 'a hits-like key with a text value beside the real pair is not a candidate',
      body: '{"last_hit": "2026-12-01", "hits": 2, "misses": 1}',
      hits: 2,
      misses: 1,
      path: 'hits / misses',
    },
    {
      name: 'configured path',
      body: '{"data": {"cache_stats": {"h": 4, "m": 1}}}',
      fields: { hits: 'data.cache_stats.h', misses: 'data.cache_stats.m' },
      hits: 4,
      misses: 1,
      path: 'data.cache_stats.h / data.cache_stats.m',
    },
    {
      name: 'configured fields settle an ambiguous document',
      body: '{"l1": {"hits": 1, "misses": 2}, "l2": {"hits": 30, "misses": 40}}',
      fields: { hits: 'l2.hits', misses: 'l2.misses' },
      hits: 30,
      misses: 40,
      path: 'l2.hits / l2.misses',
    },
    {
      name: 'Redis INFO text',
      body: '# Stats\r\ntotal_connections_received:3\r\nkeyspace_hits:77\r\nkeyspace_misses:23\r\n',
      type: 'text/plain',
      hits: 77,
      misses: 23,
      path: 'Redis INFO keyspace_hits / keyspace_misses',
    },
    {
      name: 'JSON sent as text/plain',
      body: '{"hits": 1, "misses": 0}',
      type: 'text/plain',
      hits: 1,
      misses: 0,
      path: 'hits / misses',
    },
    {
      name: 'prometheus without labels',
      body: PROMETHEUS_PLAIN,
      type: PROMETHEUS_TYPE,
      hits: 1500,
      misses: 250,
      path: 'Prometheus cache_hits_total / cache_misses_total',
    },
    {
      name: 'prometheus, several labelled series of one name are summed',
      body: PROMETHEUS_LABELLED,
      type: PROMETHEUS_TYPE,
      hits: 120,
      misses: 10,
      path: 'Prometheus cache_hits_total / cache_misses_total',
    },
    {
      name: 'prometheus recognised by its comments under a bare text/plain',
      body: PROMETHEUS_PLAIN,
      type: 'text/plain',
      hits: 1500,
      misses: 250,
      path: 'Prometheus cache_hits_total / cache_misses_total',
    },
    {
      name: 'prometheus with custom metric names (hitsField / missesField)',
      body:
        '# TYPE crm_cache_lookups_hit counter\ncrm_cache_lookups_hit{region="eu"} ' +
        '8\ncrm_cache_lookups_hit{region="us"} 2\ncrm_cache_lookups_miss 5\n',
      type: PROMETHEUS_TYPE,
      fields: { hits: 'crm_cache_lookups_hit', misses: 'crm_cache_lookups_miss' },
      hits: 10,
      misses: 5,
      path: 'Prometheus crm_cache_lookups_hit / crm_cache_lookups_miss',
    },
  ];
  for (const c of ok) {
    test(c.name, () => {
      const result = parseStats(c.body, c.type ?? JSON_TYPE, c.fields);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual([result.counters, result.countersPath], [{ hits: c.hits, misses: c.misses }, c.path]);
    });
  }
});

describe('parseStats explains what is wrong', () => {
  const bad: Array<{ name: string; body: string; type?: string; fields?: CounterFields; reason: RegExp }> = [
    {
      name: 'an HTML page',
      body: '<!doctype html><html><body>Login</body></html>',
      type: 'text/html',
      reason: /answered HTML, not JSON/,
    },
    { name: 'HTML without a content type', body: '<html>oops</html>', type: '', reason: /answered HTML/ },
    { name: 'truncated JSON', body: '{"hits": 12, "mis', reason: /malformed JSON/ },
    {
      name: 'garbage',
      body: '\u0000\u0001binary',
      type: 'application/octet-stream',
      reason: /neither JSON, Prometheus text nor Redis INFO/,
    },
    { name: 'empty body', body: '', reason: /an empty body/ },
    {
      name: 'no counters',
      body: '{"status": "ok", "hit_rate": 0.9}',
      reason: new RegExp(
        [
          /no hit\/miss counters \(looked at every level .*hits\/misses, cache_hits\/cache_misses/.source,
          /.*set hitsField and missesField .*dotted paths, e\.g\. data\.cache\.hits/.source,
        ].join(''),
      ),
    },
    { name: 'a negative counter', body: '{"hits": -1, "misses": 3}', reason: /not a number >= 0 \(hits = -1\)/ },
    { name: 'a counter that is text', body: '{"data": {"hits": "many", "misses": 3}}', reason: /data\.hits = "many"/ },
    { name: 'one counter missing', body: '{"hits": 3}', reason: /misses = undefined/ },
    {
      name: 'ambiguous: two plausible pairs are both listed, and the fix named',
      body: '{"data": {"cache": {"hits": 8, "misses": 2}, "redis": {"keyspace_hits": 80, "keyspace_misses": 20}}}',
      reason: new RegExp(
        [
          /2 plausible hit\/miss counter pairs \(data\.cache\.hits \/ data\.cache\.misses, /.source,
          /data\.redis\.keyspace_hits \/ data\.redis\.keyspace_misses\); set hitsField and missesField \(dotted paths\)/
            .source,
        ].join(''),
      ),
    },
    {
      name: 'a configured path that is absent',
      body: '{"hits": 1, "misses": 2}',
      fields: { hits: 'cache.h', misses: 'cache.m' },
      reason: /looked for cache.h\/cache.m/,
    },
    {
      name: 'prometheus without the default names',
      body: '# TYPE http_requests_total counter\nhttp_requests_total 5\n',
      type: PROMETHEUS_TYPE,
      reason: /no cache_hits_total and cache_misses_total series .*set hitsField and missesField to the names/,
    },
    {
      name: 'prometheus missing one counter',
      body: 'cache_hits_total 5\n',
      type: PROMETHEUS_TYPE,
      reason: /no cache_misses_total series/,
    },
    {
      name: 'malformed prometheus: a value that is not a number',
      body: '# TYPE cache_hits_total counter\ncache_hits_total lots\ncache_misses_total 1\n',
      type: PROMETHEUS_TYPE,
      reason: /malformed Prometheus text \(line 2: "cache_hits_total lots"/,
    },
    {
      name: 'malformed prometheus: unclosed labels',
      body: '# HELP x y\ncache_hits_total{cache="a" 5\n',
      type: 'text/plain',
      reason: /malformed Prometheus text \(line 2/,
    },
    {
      name: 'prometheus counter that is NaN',
      body: 'cache_hits_total NaN\ncache_misses_total 1\n',
      type: PROMETHEUS_TYPE,
      reason: /not a number >= 0 \(Prometheus cache_hits_total = NaN\)/,
    },
  ];
  for (const c of bad) {
    test(c.name, () => {
      const result = parseStats(c.body, c.type ?? JSON_TYPE, c.fields);
      assert.equal(result.ok, false, JSON.stringify(result));
      assert.match((result as { reason: string }).reason, c.reason);
    });
  }
});

describe('the hits/misses pairing rule', () => {
  const cases: Array<[string, string | undefined]> = [
    ['hits', 'misses'],
    ['hit', 'miss'],
    ['cache_hits', 'cache_misses'],
    ['keyspace_hits', 'keyspace_misses'],
    ['hit_count', 'miss_count'],
    ['hitCount', 'missCount'],
    ['cacheHits', 'cacheMisses'],
    ['CACHE_HITS', 'CACHE_MISSES'],
    ['l1-hits-total', 'l1-misses-total'],
    ['hit_rate', undefined],
    ['cacheHitRatio', undefined],
    ['hits_pct', undefined],
    ['whitelist', undefined],
    ['shits_hits', 'shits_misses'],
    ['hits_and_hit', undefined],
    ['misses', undefined],
  ];
  for (const [key, partner] of cases)
    test(`${key} → ${String(partner)}`, () => assert.equal(missesKeyFor(key), partner));
  test('words split at separators and camelCase', () =>
    assert.deepEqual(keyWords('cacheHitCount_total'), ['cache', 'Hit', 'Count', 'total']));
});

describe('Prometheus sample lines', () => {
  const cases: Array<[string, ReturnType<typeof parseSampleLine>]> = [
    ['cache_hits_total 12', { name: 'cache_hits_total', labels: '', value: 12 }],
    ['a:b_c{x="1"} 1.5e2 1700000000000', { name: 'a:b_c', labels: 'x="1"', value: 150 }],
    ['up +Inf', { name: 'up', labels: '', value: Infinity }],
    ['keyspace_hits:77', undefined],
    ['cache_hits_total', undefined],
    ['cache_hits_total 1 2 3', undefined],
  ];
  for (const [line, expected] of cases) test(line, () => assert.deepEqual(parseSampleLine(line), expected));
  test('Redis INFO text is not taken for Prometheus text', () =>
    assert.equal(looksLikePrometheus('# Stats\nkeyspace_hits:1\nkeyspace_misses:2\n', 'text/plain'), false));
});
