/**
 * Where ids and lists are found, over every answer shape a Flask CRM uses, and
 * the processor hooks and the expect check that rely on it.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  findCreatedId,
  findListItems,
  idCheckExpression,
  idExpectation,
  idPaths,
  jmesPathOf,
  pageCount,
  parseDottedPath,
  rewriteIdExpectation,
  type ShapeOverrides,
} from '../../core/response-shape';
import { applyIdPathOverride } from '../../plugins/crm/src/index';

const processor = require('../../processors/crm') as Record<string, (...args: unknown[]) => void>;
// The jmespath that artillery-plugin-expect itself loads (no types of its own).
const jmespath = createRequire(require.resolve('artillery-plugin-expect'))('jmespath') as {
  search(data: unknown, expression: string): unknown;
};

const lead = { id: 7, email: 'ann@crm.example.com' };

describe('the created id, wherever the answer keeps it', () => {
  const cases: Array<[string, unknown, ShapeOverrides, string | number | undefined]> = [
    ['flat', { id: 7, first_name: 'Ann' }, {}, 7],
    ['string id', { id: 'ld_9' }, {}, 'ld_9'],
    ['data envelope', { success: true, data: { id: 7 } }, {}, 7],
    ['named record', { lead: { id: 7 } }, {}, 7],
    ['envelope around a named record', { success: true, data: { lead: { id: 7 } } }, {}, 7],
    ['the first candidate wins', { id: 1, data: { id: 2 } }, {}, 1],
    ['no id', { success: true, message: 'created' }, {}, undefined],
    ['empty-string id is none', { id: '' }, {}, undefined],
    ['an object is not an id', { id: { value: 7 } }, {}, undefined],
    ['not an object', 'created', {}, undefined],
    ['an empty 201', undefined, {}, undefined],
    ['override path', { result: { lead_id: 7 } }, { idPath: 'result.lead_id' }, 7],
    ['override replaces the candidates', { id: 7 }, { idPath: 'result.lead_id' }, undefined],
  ];
  for (const [name, body, overrides, expected] of cases) {
    test(name, () => assert.equal(findCreatedId(body, 'lead', overrides), expected));
  }
});

describe('list items, wherever the answer keeps them', () => {
  const items = [lead, { id: 8 }];
  const pagination = { page: 1, per_page: 10, total: 2, pages: 1 };
  const cases: Array<[string, unknown, ShapeOverrides, unknown[]]> = [
    ['ours: {data: [...]}', { data: items, pagination }, {}, items],
    ['bare array', items, {}, items],
    ['envelope: {success, data: {items, pagination}}', { success: true, data: { items, pagination } }, {}, items],
    ['{items: [...]}', { items, pagination }, {}, items],
    ['{results: [...]}', { results: items, count: 2 }, {}, items],
    ['{leads: [...]}', { leads: items, pagination }, {}, items],
    ['{success, data: {leads: [...]}}', { success: true, data: { leads: items } }, {}, items],
    ['{data: {results: [...]}}', { data: { results: items } }, {}, items],
    ['another collection is not ours', { projects: items }, {}, []],
    ['no list', { success: false, error: 'nope' }, {}, []],
    ['not JSON', 'oops', {}, []],
    ['override path', { payload: { rows: items } }, { listPath: 'payload.rows' }, items],
    ['override: a bare array is not at the path', items, { listPath: 'payload.rows' }, []],
  ];
  for (const [name, body, overrides, expected] of cases) {
    test(name, () => assert.deepEqual(findListItems(body, 'leads', overrides), expected));
  }

  const pages: Array<[unknown, number | undefined]> = [
    [{ data: [], pagination: { pages: 3 } }, 3],
    [{ success: true, data: { items: [], pagination: { pages: 4 } } }, 4],
    [{ results: [], meta: { pages: 5 } }, 5],
    [[], undefined],
    [{ data: [] }, undefined],
  ];
  for (const [body, expected] of pages)
    test(`page count of ${JSON.stringify(body)}`, () => assert.equal(pageCount(body), expected));
});

describe('override paths', () => {
  const good: Array<[string, string]> = [
    ['data.id', 'data.id'],
    [' result.lead_id ', 'result.lead_id'],
    ['items', 'items'],
    ['data-v2.0', 'data-v2.0'],
  ];
  for (const [raw, expected] of good) test(`accepts "${raw}"`, () => assert.equal(parseDottedPath('X', raw), expected));
  test('unset is no override', () => assert.equal(parseDottedPath('X', undefined), undefined));
  for (const raw of ['', ' ', 'data..id', '.id', 'id.', 'data[0].id', 'data id', '$.data']) {
    test(`rejects "${raw}"`, () =>
      assert.throws(() => parseDottedPath('LOADTEST_ID_PATH', raw), /LOADTEST_ID_PATH must be a dotted path/));
  }
});

describe('the expect check agrees with the processor', () => {
  test('the generated expression names the same candidates', () => {
    assert.equal(idExpectation('lead').jmespath, 'id || data.id || lead.id || data.lead.id');
    assert.equal(idCheckExpression(idPaths('lead', { idPath: 'data-v2.id' })), '"data-v2".id');
    assert.equal(jmesPathOf('a.b_c.1x'), 'a.b_c."1x"');
  });

  // Evaluated by the same jmespath library artillery-plugin-expect uses: truthy ⇔ the processor finds an id.
  const bodies: Array<[unknown, ShapeOverrides]> = [
    [{ id: 7 }, {}],
    [{ data: { id: 7 } }, {}],
    [{ lead: { id: 'x1' } }, {}],
    [{ success: true, data: { lead: { id: 7 } } }, {}],
    [{ success: true }, {}],
    [{ data: {} }, {}],
    [{ result: { lead_id: 7 } }, { idPath: 'result.lead_id' }],
    [{ id: 7 }, { idPath: 'result.lead_id' }],
  ];
  for (const [body, overrides] of bodies) {
    test(`${JSON.stringify(body)} ${JSON.stringify(overrides)}`, () => {
      const found = findCreatedId(body, 'lead', overrides) !== undefined;
      assert.equal(Boolean(jmespath.search(body, idExpectation('lead', overrides).jmespath)), found);
    });
  }

  test('LOADTEST_ID_PATH rewrites the generated id checks in a script, and nothing else', () => {
    const flow = [
      {
        loop: [
          { post: { url: '/api/leads', expect: [{ statusCode: 201 }, idExpectation('lead')] } },
          { get: { url: '/x', expect: [{ jmespath: 'total' }] } },
        ],
      },
    ];
    applyIdPathOverride(flow, { idPath: 'result.lead_id' });
    assert.deepEqual(flow[0]!.loop[0]!.post!.expect, [
      { statusCode: 201 },
      { jmespath: 'result.lead_id', description: 'id of the new lead' },
    ]);
    assert.deepEqual(flow[0]!.loop[1]!.get!.expect, [{ jmespath: 'total' }]);
    assert.equal(rewriteIdExpectation({ statusCode: 201 }, { idPath: 'a' }), undefined);
  });
});

describe('processor hooks read every shape', () => {
  function newUser(typeName = 'LeadManagementUser') {
    const context = { vars: { loadDurationMs: 60_000 } as Record<string, unknown>, scenario: { name: typeName } };
    processor.beginUser!(context, {}, (error?: Error) => assert.ifError(error));
    return context;
  }
  const respond = (hook: string, context: unknown, statusCode: number, body: unknown) =>
    processor[hook]!({}, { statusCode, body: JSON.stringify(body) }, context, {}, (error?: Error) =>
      assert.ifError(error),
    );

  const created: Array<[number, unknown, unknown]> = [
    [201, { id: 11 }, 11],
    [201, { success: true, data: { id: 12 } }, 12],
    [200, { lead: { id: 13 } }, 13],
    [201, { success: true, message: 'ok' }, undefined],
    [409, { id: 14 }, undefined],
  ];
  for (const [status, body, expected] of created) {
    test(`rememberCreatedLead: ${status} ${JSON.stringify(body)} → ${String(expected)}`, () => {
      const context = newUser();
      respond('rememberCreatedLead', context, status, body);
      assert.equal(context.vars.newLeadId, expected);
      assert.equal(context.vars.newLeadReady, expected !== undefined);
    });
  }

  const lists: Array<[string, number, unknown, boolean]> = [
    ['{data}', 200, { data: [lead] }, true],
    ['envelope', 200, { success: true, data: { items: [lead], pagination: {} } }, true],
    ['{results}', 200, { results: [lead] }, true],
    ['{leads}', 200, { leads: [lead] }, true],
    ['bare', 200, [lead], true],
    ['203', 203, [lead], true],
    ['a load-run lead only', 200, [{ id: 9, email: 'x@vu.crm-loadtest.test' }], false],
    ['500', 500, [lead], false],
  ];
  for (const [name, status, body, ready] of lists) {
    test(`adoptLeadFromList: ${name}`, () => {
      const context = newUser();
      respond('adoptLeadFromList', context, status, body);
      assert.equal(context.vars.leadReady, ready);
      assert.equal(context.vars.leadId, ready ? 7 : undefined);
    });
  }

  for (const [hook, key, flag, idVar] of [
    ['adoptProjectFromList', 'projects', 'projectReady', 'projectId'],
    ['adoptCustomerFromList', 'customers', 'customerReady', 'customerId'],
  ] as const) {
    test(`${hook}: {${key}: [...]} and the envelope`, () => {
      for (const body of [{ [key]: [{ id: 5 }] }, { success: true, data: { items: [{ id: 5 }] } }, [{ id: 5 }]]) {
        const context = newUser('ProjectViewUser');
        respond(hook, context, 200, body);
        assert.deepEqual([context.vars[flag], context.vars[idVar]], [true, 5], JSON.stringify(body));
      }
    });
  }
});
