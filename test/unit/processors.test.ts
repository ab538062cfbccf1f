import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { faker } from '@faker-js/faker/locale/en_US';
import { USER_TYPES } from '../../core/user-types';
import { OwnedLeads } from '../../processors/owned-leads';
import {
  appointmentPayload,
  customReportPayload,
  LEAD_CITIES,
  LEAD_LIST_STATUSES,
  LEAD_PAGE_SIZES,
  LEAD_SOURCES,
  leadListQuery,
  leadUpdatePayload,
  LEAD_UPDATE_STATUSES,
  newLeadPayload,
  projectListQuery,
  projectValueRange,
  PROJECT_STATUSES,
  REPORT_GROUPINGS,
} from '../../processors/payloads';
import { mulberry32, weightedPick } from '../../core/random';
import { readProcessorSettings } from '../../core/settings';
import { isLoadRunEmail, isTestEmail } from '../../core/test-data-domain';
import { TASK_PREPARERS } from '../../processors/task-preparers';
import { createVirtualUser, nextTask, thinkTimeMs, type VirtualUser } from '../../processors/virtual-user';

const DOMAIN = 'crm-loadtest.test';

function user(typeName: string, ordinal = 1, endsAt = Date.now() + 60_000): VirtualUser {
  return createVirtualUser({ typeName, runSeed: 42, workerId: 'w1', ordinal, maxOwnedLeads: 25, endsAt });
}

/** Shares of each value over many draws. */
function shares<T>(draws: number, draw: () => T): Map<T, number> {
  const counts = new Map<T, number>();
  for (let i = 0; i < draws; i++) {
    const value = draw();
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, n]) => [k, n / draws]));
}

describe('task choice follows the task weights of behaviour.md', () => {
  for (const type of USER_TYPES) {
    test(`${type.name}: each task's share within 1 point of weight/sum over 100,000 draws`, () => {
      const u = user(type.name);
      const total = type.tasks.reduce((s, t) => s + t.weight, 0);
      const observed = shares(100_000, () => nextTask(u).id);
      for (const task of type.tasks) {
        const expected = task.weight / total;
        const got = observed.get(task.id) ?? 0;
        assert.ok(
          Math.abs(got - expected) < 0.01,
          `${task.id}: expected ${expected.toFixed(3)}, got ${got.toFixed(3)}`,
        );
      }
    });
  }

  test('weightedPick never picks a zero weight and rejects all-zero weights', () => {
    const rng = mulberry32(1);
    const items = [
      { id: 'a', weight: 0 },
      { id: 'b', weight: 1 },
    ];
    for (let i = 0; i < 1000; i++) assert.equal(weightedPick(rng, items).id, 'b');
    assert.throws(() => weightedPick(rng, [{ weight: 0 }]), /add up to 0/);
  });
});

describe('think time', () => {
  const cases = USER_TYPES.map((t) => ({ name: t.name, ...t.thinkSeconds }));
  for (const c of cases) {
    test(`${c.name}: uniform in ${c.min}-${c.max} s, mean near the middle`, () => {
      const u = user(c.name, 1, Number.MAX_SAFE_INTEGER);
      let sum = 0;
      for (let i = 0; i < 20_000; i++) {
        const ms = thinkTimeMs(u, 0);
        assert.ok(ms >= c.min * 1000 && ms <= c.max * 1000, `${ms} out of range`);
        sum += ms;
      }
      const mean = sum / 20_000 / 1000;
      assert.ok(Math.abs(mean - (c.min + c.max) / 2) < 0.05, `mean ${mean}`);
    });
  }

  test('is cut short at the end of the run, and is 0 after it', () => {
    const now = 1_000_000;
    const u = user('RealtimeUser', 1, now + 1500);
    assert.ok(thinkTimeMs(u, now) <= 1500);
    assert.equal(thinkTimeMs(u, now + 2000), 0);
  });
});

describe('lead payloads', () => {
  test('a new lead has the fields and value sets of behaviour.md', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const lead = newLeadPayload(faker, rng, `t1-w1-1-${i}`, DOMAIN);
      assert.deepEqual(Object.keys(lead).sort(), [
        'city',
        'email',
        'first_name',
        'last_name',
        'phone',
        'source',
        'state',
        'status',
        'zip_code',
      ]);
      assert.match(lead.phone, /^248-555-\d{4}$/);
      assert.ok((LEAD_SOURCES as readonly string[]).includes(lead.source));
      assert.ok((LEAD_CITIES as readonly string[]).includes(lead.city));
      assert.equal(lead.state, 'MI');
      assert.equal(lead.zip_code, '48009');
      assert.equal(lead.status, 'new');
      assert.match(lead.email, /^[a-z0-9.-]+@vu\.crm-loadtest\.test$/);
      assert.ok(isTestEmail(lead.email, DOMAIN) && isLoadRunEmail(lead.email, DOMAIN));
    }
  });

  test('e-mails are unique across users and leads (10,000 leads)', () => {
    const emails = new Set<string>();
    for (let userNo = 0; userNo < 100; userNo++) {
      const u = user('LeadManagementUser', userNo);
      for (let n = 0; n < 100; n++) emails.add(newLeadPayload(faker, u.rng, `t1-${u.tag}-${n}`, DOMAIN).email);
    }
    assert.equal(emails.size, 10_000);
  });

  test('an update sets one of the allowed statuses and a note', () => {
    const rng = mulberry32(3);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const update = leadUpdatePayload(faker, rng);
      seen.add(update.status);
      assert.ok(update.notes.length > 10);
    }
    assert.deepEqual([...seen].sort(), [...LEAD_UPDATE_STATUSES].sort());
    assert.equal(leadUpdatePayload(faker, rng, 'contacted').status, 'contacted');
  });

  test('lead list: page 1-5, per_page in {25,50,100}, a status four times in five', () => {
    const rng = mulberry32(11);
    const withStatus = shares(20_000, () => {
      const q = new URLSearchParams(leadListQuery(rng));
      const page = Number(q.get('page'));
      assert.ok(page >= 1 && page <= 5);
      assert.ok((LEAD_PAGE_SIZES as readonly number[]).includes(Number(q.get('per_page'))));
      const status = q.get('status');
      if (status !== null) assert.ok((LEAD_LIST_STATUSES as readonly string[]).includes(status));
      return status !== null;
    });
    assert.ok(Math.abs((withStatus.get(true) ?? 0) - 0.8) < 0.015);
  });
});

describe('project and analytics payloads', () => {
  test('project list: per_page 50, page 1-3, a status three times in four', () => {
    const rng = mulberry32(5);
    const withStatus = shares(20_000, () => {
      const q = new URLSearchParams(projectListQuery(rng));
      assert.equal(q.get('per_page'), '50');
      assert.ok(['1', '2', '3'].includes(q.get('page') ?? ''));
      const status = q.get('status');
      if (status !== null) assert.ok((PROJECT_STATUSES as readonly string[]).includes(status));
      return status !== null;
    });
    assert.ok(Math.abs((withStatus.get(true) ?? 0) - 0.75) < 0.015);
  });

  test('value range: A in {10000,20000,30000}, B = A + {20000,30000,40000}', () => {
    const rng = mulberry32(9);
    for (let i = 0; i < 1000; i++) {
      const { minValue, maxValue } = projectValueRange(rng);
      assert.ok([10000, 20000, 30000].includes(minValue));
      assert.ok([20000, 30000, 40000].includes(maxValue - minValue));
    }
  });

  test('custom report: ISO dates ending today, 30/60/90 days back, a known grouping', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const rng = mulberry32(2);
    for (let i = 0; i < 100; i++) {
      const report = customReportPayload(rng, now);
      assert.equal(report.end_date, '2026-11-25');
      const days = (Date.parse(report.end_date) - Date.parse(report.start_date)) / 86_400_000;
      assert.ok([30, 60, 90].includes(days));
      assert.deepEqual(report.metrics, ['leads', 'conversions', 'revenue']);
      assert.ok((REPORT_GROUPINGS as readonly string[]).includes(report.group_by));
    }
  });

  test('appointment: two days ahead, 60 minutes, for the given lead', () => {
    const appointment = appointmentPayload(17, new Date('2026-11-25T09:30:00Z'));
    assert.equal(appointment.scheduled_date, '2026-11-27T09:00:00.000Z');
    assert.equal(appointment.duration_minutes, 60);
    assert.equal(appointment.entity_id, 17);
  });
});

describe('lead ownership', () => {
  test('the list is bounded: past capacity the oldest id is forgotten', () => {
    const owned = new OwnedLeads(6);
    for (let id = 1; id <= 10; id++) owned.add(id);
    assert.equal(owned.count, 6);
    assert.equal(owned.forgotten, 4);
    assert.deepEqual(owned.snapshot(), [5, 6, 7, 8, 9, 10]);
  });

  test('deletion only while more than 5 are held, and the deleted id leaves the list', () => {
    const rng = mulberry32(1);
    const owned = new OwnedLeads(25);
    for (let id = 1; id <= 5; id++) owned.add(id);
    assert.equal(owned.takeForDeletion(rng, 5), undefined);
    owned.add(6);
    const taken = owned.takeForDeletion(rng, 5);
    assert.ok(taken !== undefined && !owned.has(taken));
    assert.equal(owned.count, 5);
  });

  test('a user only ever updates or deletes leads it created, and holds at most its bound', () => {
    const u = createVirtualUser({
      typeName: 'LeadManagementUser',
      runSeed: 1,
      workerId: 'w',
      ordinal: 1,
      maxOwnedLeads: 8,
      endsAt: Infinity,
    });
    const created: number[] = [];
    let nextId = 1000;
    for (let turn = 0; turn < 5000; turn++) {
      const task = nextTask(u);
      const vars: Record<string, unknown> = {};
      TASK_PREPARERS[task.id]?.({
        user: u,
        vars,
        faker: () => faker,
        nextLeadTag: () => `t-${turn}`,
        emailDomain: DOMAIN,
        now: new Date(),
      });
      if (task.id === 'create_lead') {
        created.push(nextId);
        u.owned.add(nextId++);
      }
      if ((task.id === 'update_lead' || task.id === 'delete_lead') && vars.leadReady) {
        assert.ok(created.includes(vars.leadId as number), `${task.id} touched ${String(vars.leadId)}`);
      }
      assert.ok(u.owned.count <= 8);
    }
  });

  test('with none owned yet, reads list first and updates are skipped', () => {
    const u = user('LeadManagementUser');
    const input = (vars: Record<string, unknown>) => ({
      user: u,
      vars,
      faker: () => faker,
      nextLeadTag: () => 'x',
      emailDomain: DOMAIN,
      now: new Date(),
    });
    const read: Record<string, unknown> = {};
    TASK_PREPARERS.view_lead?.(input(read));
    assert.equal(read.leadReady, false);
    const update: Record<string, unknown> = {};
    TASK_PREPARERS.update_lead?.(input(update));
    assert.equal(update.leadReady, false);
    assert.equal(update.leadUpdate, undefined);
  });
});

describe('reproducibility and settings', () => {
  test('the same run seed and ordinal give the same tasks and think times', () => {
    const sequence = (ordinal: number) => {
      const u = user('MixedWorkloadUser', ordinal, Number.MAX_SAFE_INTEGER);
      return Array.from({ length: 50 }, () => `${nextTask(u).id}:${Math.round(thinkTimeMs(u, 0))}`).join(',');
    };
    assert.equal(sequence(3), sequence(3));
    assert.notEqual(sequence(3), sequence(4));
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ LOADTEST_SEED: 'abc' }, /LOADTEST_SEED must be an integer/],
    [{ LOADTEST_SEED: '-1' }, /LOADTEST_SEED/],
    [{ LOADTEST_MAX_OWNED_LEADS: '3' }, /LOADTEST_MAX_OWNED_LEADS must be an integer >= 6/],
    [{ LOADTEST_EMAIL_DOMAIN: 'not a domain' }, /LOADTEST_EMAIL_DOMAIN must be a domain/],
    [{ LOADTEST_THINK_SCALE: '-1' }, /LOADTEST_THINK_SCALE must be a number from 0/],
    [{ LOADTEST_ID_PATH: '' }, /LOADTEST_ID_PATH must be a dotted path/],
    [{ LOADTEST_ID_PATH: '   ' }, /LOADTEST_ID_PATH must be a dotted path/],
    [{ LOADTEST_ID_PATH: 'data..id' }, /LOADTEST_ID_PATH must be a dotted path/],
    [{ LOADTEST_LIST_PATH: '.data' }, /LOADTEST_LIST_PATH must be a dotted path/],
    [{ LOADTEST_LIST_PATH: 'data[0]' }, /LOADTEST_LIST_PATH must be a dotted path/],
  ];
  for (const [env, message] of bad) {
    test(`rejects ${JSON.stringify(env)}`, () => assert.throws(() => readProcessorSettings(env), message));
  }

  test('defaults', () => {
    assert.deepEqual(readProcessorSettings({}), {
      seed: undefined,
      emailDomain: DOMAIN,
      maxOwnedLeads: 25,
      thinkScale: 1,
      shape: {},
    });
    assert.equal(readProcessorSettings({ LOADTEST_THINK_SCALE: '0' }).thinkScale, 0);
    assert.deepEqual(
      readProcessorSettings({ LOADTEST_ID_PATH: ' result.lead_id ', LOADTEST_LIST_PATH: 'payload.rows' }).shape,
      {
        idPath: 'result.lead_id',
        listPath: 'payload.rows',
      },
    );
  });
});
