import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shapeWorkerRun } from '../../plugins/crm/src/index';
import { loadDurationMs, peakHoldSeconds, readTimeScale, resolveTarget, scalePhases } from '../../core/run-shape';

describe('LOADTEST_TIME_SCALE', () => {
  const phases = [
    { name: '200 users', duration: 100, arrivalRate: 20, maxVusers: 200 },
    { name: '400 users', duration: 50, arrivalRate: 20, maxVusers: 400 },
  ];
  test('durations are whole seconds, at least one', () => {
    assert.deepEqual(scalePhases([{ duration: 50, arrivalRate: 20, rampTo: 20, maxVusers: 400 }], 0.05), [
      { duration: 3, arrivalRate: 400, rampTo: 400, maxVusers: 400 },
    ]);
    assert.equal(scalePhases([{ duration: 5, arrivalRate: 10, maxVusers: 10 }], 0.01)[0]?.duration, 1);
  });

  test('run length and ramp scale together; user counts stay', () => {
    assert.deepEqual(scalePhases(phases, 0.1), [
      { name: '200 users', duration: 10, arrivalRate: 200, maxVusers: 200 },
      { name: '400 users', duration: 5, arrivalRate: 200, maxVusers: 400 },
    ]);
    assert.equal(loadDurationMs(scalePhases(phases, 0.1)), 15_000);
    assert.equal(peakHoldSeconds(phases), 50);
  });
  const values: Array<[string | undefined, number | RegExp]> = [
    [undefined, 1],
    ['', 1],
    ['0.1', 0.1],
    ['2', 2],
    ['0', /must be a number above 0/],
    ['-1', /above 0/],
    ['fast', /got "fast"/],
    ['11', /at most 10/],
  ];
  for (const [raw, expected] of values) {
    test(`LOADTEST_TIME_SCALE=${JSON.stringify(raw)}`, () => {
      const env = raw === undefined ? {} : { LOADTEST_TIME_SCALE: raw };
      if (expected instanceof RegExp) assert.throws(() => readTimeScale(env), expected);
      else assert.equal(readTimeScale(env), expected);
    });
  }
});

describe('target', () => {
  const cases: Array<[Parameters<typeof resolveTarget>[0], string | RegExp]> = [
    [{ scriptTarget: 'http://localhost:8000' }, 'http://localhost:8000'],
    [{ envTarget: 'http://crm.internal:8000/', scriptTarget: 'http://localhost:8000' }, 'http://crm.internal:8000'],
    [{ cliTarget: 'http://a:1', envTarget: 'http://b:2', scriptTarget: 'http://c:3' }, 'http://a:1'],
    [{ envTarget: 'crm.internal' }, /is not a URL/],
    [{ envTarget: 'ftp://x' }, /must be an http/],
    [{}, /no target/],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => {
      if (expected instanceof RegExp) assert.throws(() => resolveTarget(input), expected);
      else assert.equal(resolveTarget(input), expected);
    });
  }
});

describe('worker shaping', () => {
  const script = () => ({
    config: {
      target: 'http://localhost:8000',
      phases: [{ duration: 300, arrivalRate: 10, maxVusers: 100 }],
      plugins: {},
    },
    scenarios: [
      {
        name: 'DashboardUser',
        onError: ['expectationsPluginOnError'],
        afterResponse: ['expectationsPluginCheckExpectations'],
      },
    ],
  });

  test('scales phases, tells the processor the load length, applies CRM_TARGET, hooks the outcome counters', () => {
    const s = script();
    shapeWorkerRun(s, { cliArgs: {} }, { LOADTEST_TIME_SCALE: '0.1', CRM_TARGET: 'http://crm:8000' });
    assert.equal(s.config.target, 'http://crm:8000');
    assert.deepEqual(s.config.phases, [{ duration: 30, arrivalRate: 100, maxVusers: 100 }]);
    assert.equal((s.config as { variables?: Record<string, unknown> }).variables?.loadDurationMs, 30_000);
    assert.deepEqual(s.scenarios[0]?.afterResponse, ['expectationsPluginCheckExpectations', 'crmRecordOutcome']);
    assert.deepEqual(
      s.scenarios[0]?.onError,
      ['crmRecordError'],
      "expect's per-error logger is replaced by counted failures",
    );
  });

  test('CRM_AUTH_TOKEN becomes a bearer header on every request, keeping Artillery’s User-Agent', () => {
    const s = script();
    shapeWorkerRun(s, { cliArgs: {} }, { CRM_AUTH_TOKEN: 't0k3n' });
    assert.deepEqual((s.config as { defaults?: unknown }).defaults, {
      headers: { 'user-agent': 'Artillery (https://artillery.io)', authorization: 'Bearer t0k3n' },
    });
  });

  test('-t wins over CRM_TARGET in workers too', () => {
    const s = script();
    shapeWorkerRun(s, { cliArgs: { target: 'http://cli:1' } }, { CRM_TARGET: 'http://env:2' });
    assert.equal(s.config.target, 'http://cli:1');
  });
});
