import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversionFunnel, customReport, dashboard, revenueTrends } from '../../reference-backend/analytics';
import { mulberry32 } from '../../core/random';
import { generateSeedData } from '../../reference-backend/data';
import {
  filterLeads,
  filterProjects,
  paginate,
  parsePagination,
  parseProjectFilter,
  searchLeads,
  MAX_PER_PAGE,
} from '../../reference-backend/query';
import { Store } from '../../reference-backend/store';
import {
  CITIES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  PROJECT_STATUSES,
  type Lead,
  type Project,
} from '../../reference-backend/types';
import { isIsoDate, validateCustomReport, validateLead } from '../../reference-backend/validation';

const ANCHOR = Date.UTC(2025, 5, 1);
const counts = { leads: 100, customers: 50, projects: 75 };

describe('generateSeedData', () => {
  it('is deterministic by seed and differs across seeds', () => {
    assert.deepEqual(generateSeedData(7, counts, ANCHOR), generateSeedData(7, counts, ANCHOR));
    assert.notDeepEqual(generateSeedData(7, counts, ANCHOR).leads, generateSeedData(8, counts, ANCHOR).leads);
  });

  it('produces the documented record shapes and vocabularies', () => {
    const data = generateSeedData(42, counts, ANCHOR);
    assert.deepEqual([data.leads.length, data.customers.length, data.projects.length], [100, 50, 75]);
    assert.deepEqual(
      data.leads.map((lead) => lead.id),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    for (const lead of data.leads) {
      assert.match(lead.email, /@crm\.example\.com$/);
      assert.match(lead.phone, /^248-555-\d{4}$/);
      assert.ok((LEAD_SOURCES as readonly string[]).includes(lead.source));
      assert.ok((CITIES as readonly string[]).includes(lead.city));
      assert.ok((LEAD_STATUSES as readonly string[]).includes(lead.status));
      assert.deepEqual([lead.state, lead.zip_code], ['MI', '48009']);
      assert.ok(Date.parse(lead.created_at) <= Date.parse(lead.updated_at) && Date.parse(lead.updated_at) <= ANCHOR);
    }
    assert.equal(new Set(data.leads.map((lead) => lead.email)).size, 100, 'emails are unique');
    const customerIds = new Set(data.customers.map((customer) => customer.id));
    for (const project of data.projects) {
      assert.ok(customerIds.has(project.customer_id));
      assert.ok(project.value >= 10_000 && project.value <= 80_000);
      assert.ok((PROJECT_STATUSES as readonly string[]).includes(project.status));
    }
  });

  it('makes no projects without customers', () => {
    assert.equal(generateSeedData(1, { leads: 0, customers: 0, projects: 10 }, ANCHOR).projects.length, 0);
  });

  it('mulberry32 stays in [0, 1)', () => {
    const rng = mulberry32(123);
    for (let i = 0; i < 1000; i += 1) {
      const x = rng();
      assert.ok(x >= 0 && x < 1);
    }
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);
  const cases: Array<[string, { page: number; per_page: number; total: number; pages: number }, number[]]> = [
    ['', { page: 1, per_page: 20, total: 45, pages: 3 }, items.slice(0, 20)],
    ['page=3', { page: 3, per_page: 20, total: 45, pages: 3 }, items.slice(40)],
    ['page=2&per_page=25', { page: 2, per_page: 25, total: 45, pages: 2 }, items.slice(25)],
    ['per_page=500', { page: 1, per_page: MAX_PER_PAGE, total: 45, pages: 1 }, items],
    ['page=9', { page: 9, per_page: 20, total: 45, pages: 3 }, []],
  ];
  for (const [query, pagination, data] of cases) {
    it(`?${query}`, () => {
      const parsed = parsePagination(new URLSearchParams(query));
      assert.ok(parsed.ok);
      assert.deepEqual(paginate(items, parsed.value), { data, pagination });
    });
  }
  for (const bad of ['page=0', 'page=x', 'per_page=-1', 'per_page=2.5']) {
    it(`rejects ?${bad}`, () => assert.equal(parsePagination(new URLSearchParams(bad)).ok, false));
  }
});

describe('filters and search', () => {
  const data = generateSeedData(42, counts, ANCHOR);

  it('filters leads by status, keeping ascending id order', () => {
    const qualified = filterLeads(data.leads, 'qualified');
    assert.ok(qualified.length > 0 && qualified.every((lead) => lead.status === 'qualified'));
    assert.deepEqual(
      qualified.map((l) => l.id),
      [...qualified.map((l) => l.id)].sort((a, b) => a - b),
    );
    assert.equal(filterLeads(data.leads, undefined).length, 100);
  });

  const projects: Project[] = [10_000, 20_000, 30_000, 40_000].map((value, i) => ({
    id: i + 1,
    customer_id: 1,
    name: 'p',
    status: i % 2 === 0 ? 'completed' : 'in_progress',
    value,
    start_date: '2025-01-01',
    created_at: '2025-01-01T00:00:00Z',
  }));
  const projectCases: Array<[string, number[]]> = [
    ['min_value=20000&max_value=30000', [2, 3]],
    ['status=completed', [1, 3]],
    ['status=in_progress&min_value=25000', [4]],
    ['', [1, 2, 3, 4]],
  ];
  for (const [query, ids] of projectCases) {
    it(`projects ?${query} → ${ids.join(',')}`, () => {
      const filter = parseProjectFilter(new URLSearchParams(query));
      assert.ok(filter.ok);
      assert.deepEqual(
        filterProjects(projects, filter.value).map((p) => p.id),
        ids,
      );
    });
  }
  for (const bad of ['status=done', 'min_value=abc', 'max_value=-1']) {
    it(`rejects projects ?${bad}`, () => assert.equal(parseProjectFilter(new URLSearchParams(bad)).ok, false));
  }

  const lead = (fields: Partial<Lead>): Lead => ({
    id: 1,
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann@x.test',
    phone: '248-555-0000',
    source: 'Website',
    city: 'Troy',
    state: 'MI',
    zip_code: '48009',
    status: 'new',
    notes: '',
    assigned_to: 'A',
    estimated_value: 0,
    created_at: '',
    updated_at: '',
    ...fields,
  });
  const searchCases: Array<[Partial<Lead>, string, boolean]> = [
    [{ first_name: 'John' }, 'john', true],
    [{ first_name: 'John', last_name: 'Smith' }, 'John Smith', true],
    [{ notes: 'Roof leak, URGENT' }, 'urgent', true],
    [{ city: 'Birmingham' }, 'birmingham', true],
    [{ source: 'Insurance Agent' }, 'insurance', true],
    [{ email: 'zed@example.org' }, 'zed@', true],
    [{}, 'roof', false],
    [{}, '   ', false],
  ];
  for (const [fields, q, expected] of searchCases) {
    it(`search ${JSON.stringify(q)} in ${JSON.stringify(fields)} → ${expected}`, () => {
      assert.equal(searchLeads([lead(fields)], q).length === 1, expected);
    });
  }
});

describe('validation', () => {
  const good = {
    first_name: 'A',
    last_name: 'B',
    email: 'a.b@loadtest.invalid',
    phone: '248-555-0101',
    source: 'Website',
  };
  const cases: Array<[string, unknown, boolean, string[]]> = [
    ['complete lead', good, true, []],
    ['missing fields', { first_name: 'A' }, false, ['last_name', 'email', 'phone', 'source']],
    ['bad email and source', { ...good, email: 'nope', source: 'TV' }, false, ['email', 'source']],
    ['bad status', { ...good, status: 'won' }, false, ['status']],
    ['not an object', [1, 2], false, ['body']],
  ];
  for (const [name, body, ok, fields] of cases) {
    it(`lead: ${name}`, () => {
      const result = validateLead(body, false);
      assert.equal(result.ok, ok);
      if (!result.ok) assert.deepEqual(Object.keys(result.details).sort(), [...fields].sort());
    });
  }
  it('partial update accepts a status + note alone', () =>
    assert.ok(validateLead({ status: 'contacted', notes: 'called' }, true).ok));

  const dateCases: Array<[unknown, boolean]> = [
    ['2025-01-31', true],
    ['2025-02-30', false],
    ['2025-01-31T10:00:00Z', true],
    ['31/01/2025', false],
    [20250131, false],
  ];
  for (const [value, expected] of dateCases)
    it(`isIsoDate(${JSON.stringify(value)}) → ${expected}`, () => assert.equal(isIsoDate(value), expected));

  const reportCases: Array<[string, unknown, boolean]> = [
    [
      'valid',
      { start_date: '2025-01-01', end_date: '2025-03-31', metrics: ['leads', 'revenue'], group_by: 'city' },
      true,
    ],
    ['end before start', { start_date: '2025-03-01', end_date: '2025-01-01', group_by: 'city' }, false],
    ['bad group_by', { start_date: '2025-01-01', end_date: '2025-02-01', group_by: 'rep' }, false],
    [
      'bad metric',
      { start_date: '2025-01-01', end_date: '2025-02-01', group_by: 'source', metrics: ['profit'] },
      false,
    ],
    ['not dates', { start_date: 'yesterday', end_date: '2025-02-01', group_by: 'source' }, false],
  ];
  for (const [name, body, expected] of reportCases)
    it(`custom report: ${name}`, () => assert.equal(validateCustomReport(body).ok, expected));
});

describe('analytics', () => {
  const store = new Store(generateSeedData(42, counts, ANCHOR));
  it('dashboard totals agree with the store', () => {
    const body = dashboard(store, ANCHOR);
    assert.equal(body['total_leads'], 100);
    const byStatus = body['leads_by_status'] as Record<string, number>;
    assert.equal(
      Object.values(byStatus).reduce((a, b) => a + b, 0),
      100,
    );
  });
  it('funnel stages never grow down the funnel', () => {
    const stages = conversionFunnel(store, 90, ANCHOR)['stages'] as Array<{ count: number }>;
    for (let i = 1; i < stages.length; i += 1) assert.ok((stages[i]?.count ?? 0) <= (stages[i - 1]?.count ?? 0));
  });
  it('revenue trends give one bucket per period', () => {
    assert.equal((revenueTrends(store, 'monthly', ANCHOR)['data'] as unknown[]).length, 12);
    assert.equal((revenueTrends(store, 'daily', ANCHOR)['data'] as unknown[]).length, 30);
  });
  it('custom report rows add up to the totals', () => {
    const report = customReport(
      store,
      { start_date: '2024-01-01', end_date: '2025-06-01', metrics: ['leads'], group_by: 'source' },
      ANCHOR,
    );
    const rows = report['rows'] as Array<{ leads: number }>;
    assert.equal(
      rows.reduce((sum, row) => sum + row.leads, 0),
      (report['totals'] as { leads: number }).leads,
    );
    assert.equal((report['totals'] as { leads: number }).leads, 100);
  });
});
