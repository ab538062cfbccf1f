import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStats } from '../../plugins/cache-stats/src/parse-stats';

const JSON_TYPE = 'application/json';

describe('parseStats reads the shapes real backends return', () => {
  const ok: Array<[string, string, string, { hits?: string; misses?: string } | undefined, number, number]> = [
    ['flat', '{"hits": 120, "misses": 30, "hit_rate": 0.8}', JSON_TYPE, undefined, 120, 30],
    ['nested cache.*', '{"cache": {"hits": 7, "misses": 3}, "backend": "redis"}', JSON_TYPE, undefined, 7, 3],
    ['redis INFO keys in JSON', '{"keyspace_hits": 900, "keyspace_misses": 100}', JSON_TYPE, undefined, 900, 100],
    ['nested redis.*', '{"redis": {"keyspace_hits": "5", "keyspace_misses": "6"}}', JSON_TYPE, undefined, 5, 6],
    ['configured path', '{"data": {"cache_stats": {"h": 4, "m": 1}}}', JSON_TYPE, { hits: 'data.cache_stats.h', misses: 'data.cache_stats.m' }, 4, 1],
    ['numbers as strings', '{"hits": "42", "misses": "8"}', JSON_TYPE, undefined, 42, 8],
    ['Redis INFO text', '# Stats\r\ntotal_connections_received:3\r\nkeyspace_hits:77\r\nkeyspace_misses:23\r\n', 'text/plain', undefined, 77, 23],
    ['JSON sent as text/plain', '{"hits": 1, "misses": 0}', 'text/plain', undefined, 1, 0],
  ];
  for (const [name, body, type, fields, hits, misses] of ok) {
    test(name, () => {
      const result = parseStats(body, type, fields);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.counters, { hits, misses });
    });
  }
});

describe('parseStats explains what is wrong', () => {
  const bad: Array<[string, string, string, RegExp]> = [
    ['an HTML page', '<!doctype html><html><body>Login</body></html>', 'text/html', /answered HTML, not JSON/],
    ['HTML without a content type', '<html>oops</html>', '', /answered HTML/],
    ['truncated JSON', '{"hits": 12, "mis', JSON_TYPE, /malformed JSON/],
    ['garbage', '\u0000\u0001binary', 'application/octet-stream', /neither JSON nor Redis INFO/],
    ['empty body', '', JSON_TYPE, /an empty body/],
    ['no counters', '{"status": "ok"}', JSON_TYPE, /no hit\/miss counters \(looked for hits\/misses, cache.hits/],
    ['a negative counter', '{"hits": -1, "misses": 3}', JSON_TYPE, /not a number >= 0 \(hits = -1\)/],
    ['a counter that is text', '{"hits": "many", "misses": 3}', JSON_TYPE, /hits = "many"/],
    ['one counter missing', '{"hits": 3}', JSON_TYPE, /misses = undefined/],
    ['a configured path that is absent', '{"hits": 1, "misses": 2}', JSON_TYPE, /looked for cache.h\/cache.m/],
  ];
  for (const [name, body, type, reason] of bad) {
    test(name, () => {
      const fields = name.startsWith('a configured') ? { hits: 'cache.h', misses: 'cache.m' } : undefined;
      const result = parseStats(body, type, fields);
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    });
  }
});
