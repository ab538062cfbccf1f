import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startInProcess, type InProcessBackend } from '../../reference-backend/in-process';

const newLead = (n: number) => ({
  first_name: 'Load',
  last_name: `Tester${n}`,
  email: `lt-${n}-${Date.now()}@loadtest.invalid`,
  phone: '248-555-0199',
  source: 'Website',
  city: 'Troy',
  state: 'MI',
  zip_code: '48009',
  status: 'new',
});

describe('reference backend over HTTP', () => {
  let c: InProcessBackend;
  before(async () => {
    c = await startInProcess();
  });
  after(async () => {
    await c.close();
  });

  it('health and system routes', async () => {
    const health = await c.call('GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(
      [health.json.status, health.json.service, typeof health.json.uptime_s],
      ['healthy', 'reference-backend', 'number'],
    );
    assert.match(health.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual((await c.call('GET', '/api/cache/health')).json.cache_enabled, true);
    const ping = await c.call('GET', '/api/realtime/ping');
    assert.deepEqual([ping.json.pong, typeof ping.json.ts], [true, 'number']);
    assert.equal((await c.call('GET', '/api/realtime/status')).json.status, 'ok');
    assert.equal(ping.headers.get('x-cache-hit'), null, 'realtime routes are not cacheable');
  });

  it('list routes answer {data, pagination}', async () => {
    for (const path of [
      '/api/leads?page=2&per_page=25&status=new',
      '/api/leads?per_page=10',
      '/api/customers?per_page=10',
      '/api/projects?page=1&per_page=50&status=in_progress',
      '/api/projects?min_value=10000&max_value=40000',
    ]) {
      const answer = await c.call('GET', path);
      assert.equal(answer.status, 200, path);
      assert.ok(Array.isArray(answer.json.data), path);
      assert.deepEqual(Object.keys(answer.json.pagination).sort(), ['page', 'pages', 'per_page', 'total'], path);
    }
    const leads = await c.call('GET', '/api/leads?per_page=100');
    const ids = leads.json.data.map((lead: { id: number }) => lead.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a: number, b: number) => a - b),
    );
    assert.equal((await c.call('GET', '/api/leads?per_page=500')).json.pagination.per_page, 100);
    assert.equal((await c.call('GET', '/api/leads?page=0')).status, 400);
  });

  it('lead lifecycle: POST 201 with id, GET 200, PUT 200, DELETE 200, then GET 404', async () => {
    const lead = newLead(1);
    const created = await c.call('POST', '/api/leads', { body: lead });
    assert.equal(created.status, 201);
    assert.equal(typeof created.json.id, 'number');
    assert.equal(created.json.email, lead.email);
    const id = created.json.id as number;
    assert.equal((await c.call('GET', `/api/leads/${id}`)).json.last_name, 'Tester1');
    const updated = await c.call('PUT', `/api/leads/${id}`, { body: { status: 'contacted', notes: 'called back' } });
    assert.deepEqual([updated.status, updated.json.status, updated.json.notes], [200, 'contacted', 'called back']);
    assert.equal((await c.call('PUT', `/api/leads/${id}`, { body: { status: 'won' } })).status, 400);
    assert.equal((await c.call('POST', '/api/leads', { body: lead })).status, 409, 'duplicate email');
    assert.deepEqual((await c.call('DELETE', `/api/leads/${id}`)).json, { deleted: true, id });
    const gone = await c.call('GET', `/api/leads/${id}`);
    assert.deepEqual([gone.status, gone.json], [404, { error: 'lead not found' }]);
    assert.equal((await c.call('DELETE', `/api/leads/${id}`)).status, 404);
    assert.equal((await c.call('PUT', '/api/leads/999999', { body: { status: 'contacted' } })).status, 404);
  });

  it('lead validation answers 400 {error, details}', async () => {
    const answer = await c.call('POST', '/api/leads', { body: { first_name: 'Only' } });
    assert.equal(answer.status, 400);
    assert.equal(typeof answer.json.error, 'string');
    assert.deepEqual(Object.keys(answer.json.details).sort(), ['email', 'last_name', 'phone', 'source']);
  });

  it('search, customers, projects, interactions, appointments', async () => {
    const search = await c.call('GET', '/api/leads/search?q=roof');
    assert.ok(search.json.total > 0 && Array.isArray(search.json.data));
    assert.equal((await c.call('GET', '/api/leads/search')).status, 400);
    const customer = await c.call('POST', '/api/customers', {
      body: { first_name: 'C', last_name: 'D', email: 'c.d@loadtest.invalid', phone: '248-555-0100' },
    });
    assert.equal(customer.status, 201);
    const project = await c.call('POST', '/api/projects', {
      body: { customer_id: customer.json.id, name: 'Roof', value: 25000 },
    });
    assert.equal(project.status, 201);
    assert.equal(
      (await c.call('POST', '/api/projects', { body: { customer_id: 999999, name: 'x', value: 1 } })).status,
      400,
    );
    assert.equal((await c.call('GET', `/api/projects/${project.json.id}`)).json.name, 'Roof');
    assert.deepEqual(
      (await c.call('GET', `/api/customers/${customer.json.id}/projects`)).json.data.map((p: { id: number }) => p.id),
      [project.json.id],
    );
    assert.equal((await c.call('GET', `/api/customers/${customer.json.id}`)).status, 200);
    assert.equal((await c.call('DELETE', `/api/customers/${customer.json.id}`)).status, 200);
    assert.equal(
      (await c.call('GET', `/api/projects/${project.json.id}`)).status,
      404,
      'projects go with their customer',
    );
    assert.equal((await c.call('GET', '/api/customers/999999/projects')).status, 404);
    const interaction = await c.call('POST', '/api/interactions', {
      body: { entity_type: 'lead', entity_id: 1, interaction_type: 'call', subject: 's', content: 'c' },
    });
    assert.equal(interaction.status, 201);
    assert.equal((await c.call('GET', '/api/interactions?recent=true&limit=10')).json.data[0].id, interaction.json.id);
    assert.equal((await c.call('POST', '/api/interactions', { body: { entity_type: 'lead' } })).status, 400);
    const when = new Date(Date.now() + 2 * 86_400_000).toISOString();
    assert.equal(
      (
        await c.call('POST', '/api/appointments', {
          body: { entity_type: 'lead', entity_id: 1, title: 'Inspect', scheduled_date: when, duration_minutes: 60 },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await c.call('POST', '/api/appointments', {
          body: { entity_type: 'lead', entity_id: 1, title: 'x', scheduled_date: 'soon' },
        })
      ).status,
      400,
    );
  });

  it('analytics routes answer 200, and reject bad parameters with 400', async () => {
    for (const path of [
      '/api/analytics/dashboard',
      '/api/business-metrics/summary',
      '/api/analytics/recent-activity?limit=20',
      '/api/analytics/projects-summary',
      '/api/analytics/revenue-trends?period=daily',
      '/api/analytics/team-performance',
      '/api/enhanced-analytics/conversion-funnel?days=60',
      '/api/enhanced-analytics/lead-source-performance',
      '/api/enhanced-analytics/geographic-heatmap',
    ]) {
      assert.equal((await c.call('GET', path)).status, 200, path);
    }
    assert.equal((await c.call('GET', '/api/analytics/revenue-trends?period=yearly')).status, 400);
    const report = await c.call('POST', '/api/analytics/custom-report', {
      body: {
        start_date: '2024-01-01',
        end_date: '2030-01-01',
        metrics: ['leads', 'conversions', 'revenue'],
        group_by: 'source',
      },
    });
    assert.equal(report.status, 200);
    assert.ok(Array.isArray(report.json.rows));
    assert.equal(report.headers.get('x-cache-hit'), null, 'custom reports are not cached');
    for (const body of [
      { start_date: 'x', end_date: '2025-01-01', group_by: 'city' },
      { start_date: '2025-02-01', end_date: '2025-01-01', group_by: 'city' },
      { start_date: '2025-01-01', end_date: '2025-02-01', group_by: 'rep' },
    ]) {
      assert.equal((await c.call('POST', '/api/analytics/custom-report', { body })).status, 400, JSON.stringify(body));
    }
  });

  it(
    'unknown path 404, wrong method 405, oversized body 413, bad JSON 400 — and the server ' + 'keeps answering',
    async () => {
      const unknown = await c.call('GET', '/api/nope');
      assert.deepEqual([unknown.status, typeof unknown.json.error], [404, 'string']);
      const wrong = await c.call('PATCH', '/api/leads/1');
      assert.deepEqual([wrong.status, typeof wrong.json.error], [405, 'string']);
      const big = await c.call('POST', '/api/leads', { raw: JSON.stringify({ notes: 'x'.repeat(1024 * 1024 + 10) }) });
      assert.deepEqual([big.status, typeof big.json.error], [413, 'string']);
      const bad = await c.call('POST', '/api/leads', { raw: '{"first_name": "Ann",' });
      assert.deepEqual([bad.status, bad.json.error], [400, 'invalid JSON']);
      assert.equal((await c.call('POST', '/api/leads', { raw: '' })).status, 400);
      assert.equal((await c.call('GET', '/health')).status, 200);
    },
  );

  it('an unexpected exception answers 500 JSON and the server keeps serving', async () => {
    const store = c.backend.state.store;
    const original = store.createLead;
    store.createLead = () => {
      throw new Error('boom');
    };
    try {
      const answer = await c.call('POST', '/api/leads', { body: newLead(99) });
      assert.deepEqual([answer.status, answer.json], [500, { error: 'internal error' }]);
    } finally {
      store.createLead = original;
    }
    assert.equal((await c.call('GET', '/health')).status, 200);
  });

  it('garbage on the wire and malformed escapes do not crash the process', async () => {
    const { port } = new URL(c.url);
    const reply = await new Promise<string>((resolve) => {
      let received = '';
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT-HTTP \x00\x01\r\n\r\n'));
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.equal((await c.call('GET', '/api/leads/%E0%A4%A')).status, 404);
    assert.equal((await c.call('GET', '/health')).status, 200);
  });
});
