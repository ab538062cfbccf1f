import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_OPTIONS, describeSource, resolveOptions, statsUrl } from '../src/config';
import { rawReadFor } from '../src/stats-source';

describe('cache-stats options', () => {
  test('defaults', () => {
    assert.deepEqual(resolveOptions(undefined, {}), { ...DEFAULT_OPTIONS, clientHeader: 'x-cache-hit' });
  });

  const overrides: Array<[string, Record<string, unknown>, Record<string, string>, Partial<typeof DEFAULT_OPTIONS>]> = [
    ['script options', { intervalSeconds: 2, path: '/stats' }, {}, { intervalSeconds: 2, path: '/stats' }],
    [
      'environment wins over the script',
      { intervalSeconds: 2 },
      { CACHE_STATS_INTERVAL_SECONDS: '10' },
      { intervalSeconds: 10 },
    ],
    [
      'redis source from the environment',
      {},
      { CACHE_STATS_SOURCE: 'redis', CACHE_STATS_REDIS_URL: 'redis://127.0.0.1:6379/2' },
      { source: 'redis', redisUrl: 'redis://127.0.0.1:6379/2' },
    ],
    ['warn only', {}, { CACHE_STATS_ON_NO_DATA: 'warn' }, { onNoData: 'warn' }],
    ['polling off', {}, { CACHE_STATS_POLL: 'false' }, { poll: false }],
    [
      'nested fields',
      { hitsField: 'cache.hits', missesField: 'cache.misses' },
      {},
      { hitsField: 'cache.hits', missesField: 'cache.misses' },
    ],
  ];
  for (const [name, script, env, expected] of overrides) {
    test(name, () => {
      const options = resolveOptions(script, env);
      for (const [key, value] of Object.entries(expected))
        assert.deepEqual(options[key as keyof typeof options], value, key);
    });
  }

  const bad: Array<[string, unknown, Record<string, string>, RegExp]> = [
    ['unknown option (a typo)', { intervalSecs: 5 }, {}, /unknown option "intervalSecs"/],
    ['interval too short', { intervalSeconds: 0.1 }, {}, /intervalSeconds must be a number from 0.5 to 3600/],
    ['interval not a number', {}, { CACHE_STATS_INTERVAL_SECONDS: 'often' }, /intervalSeconds must be a number/],
    ['timeout too long', { timeoutMs: 120000 }, {}, /timeoutMs must be a number from 100 to 60000/],
    ['unknown source', { source: 'memcached' }, {}, /source must be one of endpoint, redis/],
    ['redis without a URL', { source: 'redis' }, {}, /source: redis needs redisUrl/],
    [
      'redis URL of another scheme',
      { source: 'redis', redisUrl: 'http://x' },
      {},
      /must start with redis:\/\/ or rediss:\/\//,
    ],
    ['onNoData typo', { onNoData: 'ignore' }, {}, /onNoData must be one of fail, warn/],
    [
      'a relative path without a slash',
      { path: 'api/cache/stats' },
      {},
      /path must start with \/ or be an http\(s\) URL/,
    ],
    ['options that are a list', [1, 2], {}, /options must be a mapping/],
  ];
  for (const [name, script, env, message] of bad) {
    test(`rejects ${name}`, () => assert.throws(() => resolveOptions(script, env), message));
  }

  test('the stats URL follows the target option, else the script target; absolute paths stand', () => {
    assert.equal(statsUrl(resolveOptions({}, {}), 'http://crm:8000/'), 'http://crm:8000/api/cache/stats');
    assert.equal(
      statsUrl(resolveOptions({ target: 'http://other:1' }, {}), 'http://crm:8000'),
      'http://other:1/api/cache/stats',
    );
    assert.equal(
      statsUrl(resolveOptions({ path: 'http://metrics:9/cache' }, {}), 'http://crm:8000'),
      'http://metrics:9/cache',
    );
  });

  test('the token goes into the header from the environment, and never into descriptions', () => {
    const options = resolveOptions({}, {});
    const read = rawReadFor(options, 'http://crm:8000', 'p-1', { CACHE_STATS_TOKEN: 's3cret' });
    assert.equal(read.kind === 'http' && read.headers.Authorization, 'Bearer s3cret');
    const redis = resolveOptions({ source: 'redis', redisUrl: 'redis://user:s3cret@cache:6379/1' }, {});
    const description = describeSource(redis, 'http://crm:8000');
    assert.ok(!description.includes('s3cret'), description);
    assert.match(description, /Redis INFO stats at redis:\/\/cache:6379\/1/);
  });
});
