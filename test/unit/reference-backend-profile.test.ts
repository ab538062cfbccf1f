/** Answer profiles of the reference backend: the wrapping itself, then over HTTP with the cache and the ledger. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startInProcess, type InProcessBackend } from '../../reference-backend/in-process';
import {
  DEFAULT_PROFILE,
  listBody,
  profileProblem,
  shapeReply,
  type ProfileSettings,
} from '../../reference-backend/profile';
import { ok, type Reply } from '../../reference-backend/route-kit';

const items = [{ id: 1 }, { id: 2 }];
const pagination = { page: 1, per_page: 2, total: 9, pages: 5 };
const list = ok(listBody('leads', items, { pagination }));
const record = ok({ id: 3, name: 'x' });
const missing: Reply = { status: 404, body: { error: 'lead not found' } };
const profile = (p: Partial<ProfileSettings>): ProfileSettings => ({ ...DEFAULT_PROFILE, ...p });

describe('shapeReply', () => {
  const cases: Array<[string, 'GET' | 'PUT' | 'DELETE', Reply, Partial<ProfileSettings>, number, unknown]> = [
    ['plain list: {data, pagination} as before', 'GET', list, {}, 200, { data: items, pagination }],
    ['plain record unchanged', 'GET', record, {}, 200, { id: 3, name: 'x' }],
    ['list-key items', 'GET', list, { listKey: 'items' }, 200, { items, pagination }],
    ['list-key results', 'GET', list, { listKey: 'results' }, 200, { results: items, pagination }],
    ["list-key leads: the collection's own name", 'GET', list, { listKey: 'leads' }, 200, { leads: items, pagination }],
    [
      'list-key leads on projects',
      'GET',
      ok(listBody('projects', items, { customer_id: 4 })),
      { listKey: 'leads' },
      200,
      { projects: items, customer_id: 4 },
    ],
    ['list-key bare: the array alone', 'GET', list, { listKey: 'bare' }, 200, items],
    ['list-key leaves records alone', 'GET', record, { listKey: 'bare' }, 200, { id: 3, name: 'x' }],
    ['envelope record', 'GET', record, { profile: 'envelope' }, 200, { success: true, data: { id: 3, name: 'x' } }],
    ['envelope list', 'GET', list, { profile: 'envelope' }, 200, { success: true, data: { items, pagination } }],
    ['envelope error', 'GET', missing, { profile: 'envelope' }, 404, { success: false, error: 'lead not found' }],
    ['PUT 200 by default', 'PUT', record, {}, 200, { id: 3, name: 'x' }],
    ['PUT 202 keeps its body', 'PUT', record, { putStatus: 202 }, 202, { id: 3, name: 'x' }],
    ['a failed PUT keeps its status', 'PUT', missing, { putStatus: 204 }, 404, { error: 'lead not found' }],
    ['a failed DELETE keeps its status', 'DELETE', missing, { deleteStatus: 204 }, 404, { error: 'lead not found' }],
    ['DELETE status does not touch PUT', 'PUT', record, { deleteStatus: 204 }, 200, { id: 3, name: 'x' }],
  ];
  for (const [name, method, reply, settings, status, body] of cases) {
    it(name, () => {
      const shaped = shapeReply(method, reply, profile(settings));
      assert.equal(shaped.status, status);
      assert.deepEqual(JSON.parse(shaped.text), body);
    });
  }
  for (const method of ['PUT', 'DELETE'] as const) {
    it(`${method} 204: no body, whatever the profile`, () => {
      for (const p of ['plain', 'envelope'] as const) {
        assert.deepEqual(shapeReply(method, record, profile({ profile: p, putStatus: 204, deleteStatus: 204 })), {
          status: 204,
          text: '',
        });
      }
    });
  }
  it('the envelope fixes where lists go', () => {
    assert.match(
      profileProblem(profile({ profile: 'envelope', listKey: 'results' })) ?? '',
      /--list-key results applies only without --profile envelope/,
    );
    assert.equal(profileProblem(profile({ profile: 'envelope' })), undefined);
    assert.equal(profileProblem(profile({ listKey: 'bare' })), undefined);
  });
});

describe('profiles over HTTP', () => {
  let envelope: InProcessBackend;
  let bare: InProcessBackend;
  before(async () => {
    envelope = await startInProcess({ profile: 'envelope', putStatus: 204, deleteStatus: 204 });
    bare = await startInProcess({ listKey: 'bare' });
  });
  after(async () => {
    await envelope.close();
    await bare.close();
  });

  it(
    'envelope: lead lifecycle with 201 in data, 204 writes, enveloped 404; the ledger counts ' + 'what was sent',
    async () => {
      envelope.backend.state.ledger.reset();
      const created = await envelope.call('POST', '/api/leads', {
        body: {
          first_name: 'A',
          last_name: 'B',
          email: `ab-${Date.now()}@x.test`,
          phone: '248-555-0100',
          source: 'Website',
          city: 'Troy',
          state: 'MI',
          zip_code: '48009',
        },
      });
      assert.equal(created.status, 201);
      assert.equal(created.json.success, true);
      const id = created.json.data.id as number;
      assert.equal(typeof id, 'number');
      const put = await envelope.call('PUT', `/api/leads/${id}`, { body: { status: 'contacted' } });
      assert.deepEqual([put.status, put.text], [204, '']);
      assert.equal(
        (await envelope.call('GET', `/api/leads/${id}`)).json.data.status,
        'contacted',
        'the 204 PUT was applied',
      );
      const del = await envelope.call('DELETE', `/api/leads/${id}`);
      assert.deepEqual([del.status, del.text], [204, '']);
      const gone = await envelope.call('GET', `/api/leads/${id}`);
      assert.deepEqual([gone.status, gone.json], [404, { success: false, error: 'lead not found' }]);
      const byRoute = envelope.backend.state.ledger.report().byRoute;
      assert.deepEqual(byRoute['PUT /api/leads/{id}']?.statuses, { 204: 1 });
      assert.deepEqual(byRoute['DELETE /api/leads/{id}']?.statuses, { 204: 1 });
      assert.deepEqual(byRoute['GET /api/leads/{id}']?.statuses, { 200: 1, 404: 1 });
    },
  );

  it('envelope: a cached list answers exactly what the miss did', async () => {
    const miss = await envelope.call('GET', '/api/projects?per_page=5');
    const hit = await envelope.call('GET', '/api/projects?per_page=5');
    assert.deepEqual([miss.headers.get('x-cache-hit'), hit.headers.get('x-cache-hit')], ['false', 'true']);
    assert.equal(hit.text, miss.text);
    assert.equal(miss.json.data.items.length, 5);
    assert.equal(miss.json.data.pagination.per_page, 5);
  });

  it('bare: lists are arrays, records are not', async () => {
    const leads = await bare.call('GET', '/api/leads?per_page=3');
    assert.ok(Array.isArray(leads.json));
    assert.equal(leads.json.length, 3);
    assert.ok(Array.isArray((await bare.call('GET', '/api/leads/search?q=Troy')).json));
    assert.equal((await bare.call('GET', '/api/leads/1')).json.id, 1);
    assert.equal((await bare.call('GET', '/api/analytics/dashboard')).status, 200);
  });
});
