/**
 * The Redis INFO source: RESP encoding/decoding, and reading a real Redis
 * (127.0.0.1:6379, or CACHE_STATS_TEST_REDIS_URL). Without one, the real
 * Redis tests are skipped with the reason printed.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { parseStats } from '../src/parse-stats';
import { decodeReply, encodeCommand, parseRedisUrl, readRedisInfoStats, redisCommands } from '../src/redis-info';
import { StatsSource } from '../src/stats-source';
import { resolveOptions } from '../src/config';

const REDIS_URL = process.env.CACHE_STATS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RESP', () => {
  test('encodes a command as an array of bulk strings', () => {
    assert.equal(encodeCommand(['INFO', 'stats']), '*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n');
  });

  const replies: Array<[string, string, unknown]> = [
    ['simple string', '+OK\r\n', 'OK'],
    ['integer', ':42\r\n', 42],
    ['bulk string', '$5\r\nhello\r\n', 'hello'],
    ['null bulk', '$-1\r\n', null],
  ];
  for (const [name, wire, value] of replies) {
    test(`decodes a ${name}`, () => {
      const decoded = decodeReply(Buffer.from(wire));
      assert.deepEqual(decoded?.reply, { kind: 'ok', value });
      assert.equal(decoded?.rest.length, 0);
    });
  }
  test('waits for the rest of a bulk string', () => assert.equal(decodeReply(Buffer.from('$10\r\nhel')), undefined));
  test('decodes an error', () =>
    assert.deepEqual(decodeReply(Buffer.from('-NOAUTH required\r\n'))?.reply, {
      kind: 'error',
      message: 'NOAUTH required',
    }));

  const urls: Array<[string, object]> = [
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379, tls: false }],
    [
      'rediss://user:p%40ss@cache.internal:6380/3',
      { host: 'cache.internal', port: 6380, tls: true, username: 'user', password: 'p@ss', db: 3 },
    ],
    ['redis://:secret@localhost', { host: 'localhost', port: 6379, tls: false, password: 'secret' }],
  ];
  for (const [url, expected] of urls)
    test(`parses ${url.replace(/:[^:@/]*@/, ':***@')}`, () => assert.deepEqual(parseRedisUrl(url), expected));
  test('rejects a non-numeric database', () => assert.throws(() => parseRedisUrl('redis://h/abc'), /database number/));
});

async function redisAvailable(): Promise<string | undefined> {
  const result = await redisCommands(parseRedisUrl(REDIS_URL), [['PING']], 1000);
  return result.ok ? undefined : `no Redis at ${REDIS_URL} (${result.reason})`;
}

describe('a real Redis', async () => {
  const skip = await redisAvailable();
  if (skip) console.log(`# skipping real-Redis tests: ${skip}`);

  test('INFO stats gives hits and misses, and they move by exactly what we did', { skip }, async () => {
    const target = parseRedisUrl(REDIS_URL);
    const key = `crm-loadtest:test:${process.pid}:${Date.now()}`;
    await redisCommands(target, [['SET', key, 'x', 'EX', '60']], 2000);
    const read = async () => {
      const info = await readRedisInfoStats(REDIS_URL, 2000);
      assert.ok(info.ok, JSON.stringify(info));
      const parsed = parseStats(info.text, 'text/plain');
      assert.ok(parsed.ok, JSON.stringify(parsed));
      return parsed.counters;
    };
    const before = await read();
    const commands = [
      ...Array.from({ length: 7 }, () => ['GET', key]),
      ...Array.from({ length: 3 }, (_, i) => ['GET', `${key}:missing:${i}`]),
    ];
    const result = await redisCommands(target, commands, 2000);
    assert.ok(result.ok);
    const after = await read();
    await redisCommands(target, [['DEL', key]], 2000);
    // Nothing else uses this machine's Redis during the tests; if something does, the counters only grow.
    assert.ok(
      after.hits - before.hits >= 7 && after.misses - before.misses >= 3,
      `${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
    );
    assert.deepEqual([after.hits - before.hits, after.misses - before.misses], [7, 3]);
  });

  test('the plugin source reads Redis both ways (async polls and the sync snapshot)', { skip }, async () => {
    const source = new StatsSource(
      resolveOptions({ source: 'redis', redisUrl: REDIS_URL }, {}),
      'http://unused',
      'p-test',
    );
    const asyncRead = await source.readAsync();
    const syncRead = source.readSync();
    assert.ok(asyncRead.ok && syncRead.ok, JSON.stringify({ asyncRead, syncRead }));
    assert.ok(syncRead.counters.hits >= asyncRead.counters.hits);
    assert.match(source.description, /^Redis INFO stats at redis:\/\/127\.0\.0\.1:6379/);
  });
});

test('a Redis that is not there: a reason, quickly', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const started = Date.now();
  const info = await readRedisInfoStats(`redis://127.0.0.1:${port}`, 1500);
  assert.equal(info.ok, false);
  assert.match((info as { reason: string }).reason, /connection refused/);
  assert.ok(Date.now() - started < 1500);
});
