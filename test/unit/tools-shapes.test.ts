/**
 * The tools on CRMs that shape answers differently: warm-cache finds the ids of its
 * detail reads, seed the ids of the customers it created, --clean the lists it
 * deletes from, whatever the envelope or list key (reference backend profiles).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startInProcess } from '../../reference-backend/in-process';
import type { ReferenceBackendOptions } from '../../reference-backend/options';
import { CrmClient } from '../../tools/crm-client';
import { cleanTestData, seedCrm } from '../../tools/seed';
import { warmCache, warmUpPaths } from '../../tools/warm-cache';

const DOMAIN = 'crm-loadtest.test';

const PROFILES: Array<[string, Partial<ReferenceBackendOptions>]> = [
  ['plain', {}],
  ['envelope with 204 deletes', { profile: 'envelope', deleteStatus: 204, putStatus: 204 }],
  ['results', { listKey: 'results' }],
  ['leads', { listKey: 'leads' }],
  ['bare', { listKey: 'bare' }],
];

describe('tools on every answer profile', () => {
  for (const [name, options] of PROFILES) {
    it(`${name}: warm-cache reaches every detail route; seed and --clean find their ids and lists`, async () => {
      const backend = await startInProcess({ ...options, leads: 120 });
      try {
        const client = new CrmClient(backend.url, {});
        const warmed = await warmCache(client);
        assert.deepEqual(warmed.failed, []);
        // Ten of each detail kind (leads, projects, customers' projects) after the list routes.
        assert.equal(warmed.requested, warmUpPaths().length + 30);
        assert.equal(warmed.warmed, warmed.requested, 'a fresh backend: every entry was cold');

        const before = (await client.listAll('/api/leads')).length;
        assert.equal(before, 120, 'listAll pages past the first 100');
        await seedCrm(client, { leads: 3, customers: 2, projects: 3, seed: 7, concurrency: 2, emailDomain: DOMAIN });
        assert.equal((await client.listAll('/api/leads')).length, 123);
        assert.deepEqual(await cleanTestData(client, DOMAIN, 2), { leads: 3, customers: 2, projects: 3 });
        assert.equal((await client.listAll('/api/leads')).length, 120);
      } finally {
        await backend.close();
      }
    });
  }

  it('an override the CRM does not match finds nothing (no silent fallback to the usual places)', async () => {
    const backend = await startInProcess({});
    try {
      const client = new CrmClient(backend.url, { LOADTEST_LIST_PATH: 'payload.rows' });
      assert.deepEqual(await client.listAll('/api/leads'), []);
      assert.throws(
        () => new CrmClient(backend.url, { LOADTEST_LIST_PATH: 'data..rows' }),
        /LOADTEST_LIST_PATH must be a dotted path/,
      );
    } finally {
      await backend.close();
    }
  });
});
