/** npm run seed against the reference backend: it fills through the API and removes only test data. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchReferenceBackend, type LaunchedBackend } from '../../reference-backend/launch';
import { CrmClient } from '../../tools/crm-client';
import { closedPort } from '../support/ports';
import { runTool } from '../support/tools';

const seedCli = (args: string[]) => runTool('seed', args);

let backend: LaunchedBackend;
let client: CrmClient;
before(async () => {
  backend = await launchReferenceBackend();
  client = new CrmClient(backend.url);
});
after(async () => backend?.stop());

const testEmails = async (path: string) =>
  (await client.listAll(path)).filter((r) => String(r.email).endsWith('crm-loadtest.test')).length;

test('seeds through the API, then --clean removes seeded and load-run data but nothing else', async () => {
  const leadsBefore = (await client.listAll('/api/leads')).length;
  const seeded = seedCli(['-t', backend.url, '--leads', '20', '--customers', '5', '--projects', '7']);
  assert.equal(seeded.status, 0, seeded.stderr);
  assert.match(seeded.stdout, /seeded .*: 20 leads, 5 customers, 7 projects/);
  assert.equal(await testEmails('/api/leads'), 20);
  assert.equal(await testEmails('/api/customers'), 5);

  // A lead as a virtual user creates it during a load run.
  await client.expectOk('POST', '/api/leads', {
    first_name: 'Vu',
    last_name: 'User',
    email: 'vu.user.t1-1-1@vu.crm-loadtest.test',
    phone: '248-555-0001',
    source: 'Website',
    city: 'Troy',
    state: 'MI',
    zip_code: '48009',
    status: 'new',
  });

  const cleaned = seedCli(['-t', backend.url, '--clean']);
  assert.equal(cleaned.status, 0, cleaned.stderr);
  assert.match(cleaned.stdout, /removed test data .*: 21 leads, 5 customers, 7 projects/);
  assert.equal(await testEmails('/api/leads'), 0);
  assert.equal(await testEmails('/api/customers'), 0);
  assert.equal((await client.listAll('/api/leads')).length, leadsBefore, 'real leads untouched');
});

test('--clear-first replaces earlier test data instead of adding to it', async () => {
  for (let i = 0; i < 2; i++) {
    const run = seedCli(['-t', backend.url, '--leads', '10', '--customers', '2', '--projects', '2', '--clear-first']);
    assert.equal(run.status, 0, run.stderr);
  }
  assert.equal(await testEmails('/api/leads'), 10);
});

test('an unreachable CRM and a bad argument fail fast with a clear message', async () => {
  const down = seedCli(['-t', `http://127.0.0.1:${await closedPort()}`]);
  assert.equal(down.status, 3);
  assert.match(down.stderr, /connection refused/);
  const bad = seedCli(['--leads', 'many']);
  assert.equal(bad.status, 4);
  assert.match(bad.stderr, /--leads must be a whole number/);
});
