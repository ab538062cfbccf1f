/**
 * The plugin's own stats source (HTTP, as the periodic polls read)
 * against the reference backend in every stats shape it can serve: each is
 * read without configuration, to the backend's own counters, and says where
 * the counters were found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveOptions } from '../../plugins/cache-stats/src/config';
import { StatsSource } from '../../plugins/cache-stats/src/stats-source';
import { STATS_SHAPES, type StatsShape } from '../../reference-backend/faults';
import { startInProcess, type InProcessBackend } from '../../reference-backend/in-process';

const WHERE: Record<StatsShape, string> = {
  flat: 'hits / misses',
  nested: 'cache.hits / cache.misses',
  redis: 'keyspace_hits / keyspace_misses',
  envelope: 'data.cache.hits / data.cache.misses',
  prometheus: 'Prometheus cache_hits_total / cache_misses_total',
};

describe('every reference-backend stats shape is read without configuration', () => {
  let c: InProcessBackend;
  before(async () => {
    c = await startInProcess();
    await c.call('GET', '/api/analytics/team-performance');
    await c.call('GET', '/api/analytics/team-performance');
    await c.call('GET', '/api/analytics/team-performance');
  });
  after(async () => {
    await c.close();
  });

  for (const shape of STATS_SHAPES) {
    test(shape, async () => {
      await c.call('POST', '/__ref/faults', { body: { statsShape: shape } });
      const source = new StatsSource(resolveOptions({}, {}), c.url, 'shape-test');
      const reading = await source.readAsync();
      assert.ok(reading.ok, JSON.stringify(reading));
      assert.deepEqual([reading.counters, reading.countersPath], [{ hits: 2, misses: 1 }, WHERE[shape]]);
    });
  }
});
