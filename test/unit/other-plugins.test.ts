// The crm plugin's changes to expect and metrics-by-endpoint, checked against the real plugins:
// the same metrics, under the same names, with less work per request.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import type { ArtilleryScript } from 'artillery-plugin-cache-stats';
import { scopeExpect, serverTimingTotal, takeOverEndpointMetrics } from '../../plugins/crm/src/other-plugins';

type Emitted = Array<[string, string, number]>;
type HookFn = (...args: unknown[]) => void;

function recorder() {
  const emitted: Emitted = [];
  return {
    emitted,
    events: { emit: (type: string, name: string, value: number) => emitted.push([type, name, value]) },
  };
}

const BY_ENDPOINT_OPTIONS = { useOnlyRequestNames: true, stripQueryString: true, suppressOutput: true };

function scriptWith(plugins: Record<string, unknown>): ArtilleryScript {
  return {
    config: { target: 'http://127.0.0.1:8000', plugins, processor: {} },
    scenarios: [{ name: 'SalesRep', afterResponse: ['mine'] }, { name: 'DashboardUser' }],
  };
}

const BY_ENDPOINT_MODULE = path.join(
  path.dirname(require.resolve('artillery/package.json')),
  'dist/builtin-packages/artillery-plugin-metrics-by-endpoint/dist/index.js',
);

// Both plugins act in worker threads only, and need Artillery's global.
before(() => {
  process.env.LOCAL_WORKER_ID = 'unit-test';
  const g = globalThis as { artillery?: unknown };
  const { template } = createRequire(__filename)('artillery/util') as { template: unknown };
  g.artillery = { version: '2.0.34', log: () => undefined, util: { template }, suggestedExitCode: 0 };
});

async function realByEndpoint(): Promise<ArtilleryScript> {
  const { Plugin } = (await import(pathToFileURL(BY_ENDPOINT_MODULE).href)) as {
    Plugin: new (script: ArtilleryScript, events: unknown) => unknown;
  };
  const script = scriptWith({ 'metrics-by-endpoint': { ...BY_ENDPOINT_OPTIONS } });
  new Plugin(script, {});
  return script;
}

const responses: Array<[string, { name?: string; url: string }, Record<string, unknown>]> = [
  ['a named request', { name: 'GET /api/leads', url: 'http://127.0.0.1:8000/api/leads?page=2' }, {}],
  ['a 204', { name: 'DELETE /api/leads/{id}', url: 'http://127.0.0.1:8000/api/leads/7' }, { statusCode: 204 }],
  ['an unnamed request', { url: 'http://127.0.0.1:8000/api/leads/stats?x=1' }, {}],
  [
    'a Server-Timing header',
    { name: 'GET /health', url: 'http://127.0.0.1:8000/health' },
    { st: 'db;dur=2, total;dur=12.5' },
  ],
];

describe('metrics-by-endpoint taken over by the crm plugin', () => {
  for (const [label, req, extra] of responses)
    test(`${label}: the same metrics as the plugin itself`, async () => {
      const real = await realByEndpoint();
      const processor = real.config.processor as Record<string, HookFn>;
      const res = {
        statusCode: (extra.statusCode as number) ?? 200,
        headers: extra.st ? { 'server-timing': extra.st } : {},
        timings: { phases: { firstByte: 42 } },
      };
      const theirs = recorder();
      const context = { vars: { target: real.config.target } };
      processor.metricsByEndpoint_beforeRequest!({ ...req }, context, theirs.events, () => undefined);
      const named = { ...req } as Record<string, unknown>;
      processor.metricsByEndpoint_beforeRequest!(named, context, theirs.events, () => undefined);
      theirs.emitted.length = 0;
      processor.metricsByEndpoint_afterResponse!(named, res, context, theirs.events, () => undefined);

      const ours = recorder();
      const takenOver = takeOverEndpointMetrics(await realByEndpoint());
      assert.ok(takenOver);
      takenOver.response(req, res, ours.events);
      assert.deepEqual(ours.emitted, theirs.emitted);
    });

  test('a connection error: the same errors counter', async () => {
    const real = await realByEndpoint();
    const processor = real.config.processor as Record<string, HookFn>;
    const req: Record<string, unknown> = { name: 'POST /api/leads', url: 'http://127.0.0.1:8000/api/leads' };
    const context = { vars: { target: real.config.target } };
    const theirs = recorder();
    processor.metricsByEndpoint_beforeRequest!(req, context, theirs.events, () => undefined);
    processor.metricsByEndpoint_onError!({ code: 'ECONNREFUSED' }, req, context, theirs.events, () => undefined);
    const ours = recorder();
    takeOverEndpointMetrics(await realByEndpoint())!.error(req, { code: 'ECONNREFUSED' }, ours.events);
    assert.deepEqual(ours.emitted, theirs.emitted);
  });

  test("its hooks come off every scenario; the scenario's own stay", async () => {
    const script = await realByEndpoint();
    assert.ok(takeOverEndpointMetrics(script));
    assert.deepEqual(
      script.scenarios?.map((s) => [s.beforeRequest, s.afterResponse, s.onError]),
      [
        [[], ['mine'], []],
        [[], [], []],
      ],
    );
  });

  const leftAlone: Array<[string, Record<string, unknown> | undefined]> = [
    ['full URLs as names', { useOnlyRequestNames: false, stripQueryString: true }],
    ['query strings kept', { useOnlyRequestNames: true }],
    ['its own namespace', { ...BY_ENDPOINT_OPTIONS, metricsNamespace: 'mine' }],
  ];
  for (const [label, options] of leftAlone)
    test(`left alone with ${label}`, async () => {
      const script = await realByEndpoint();
      script.config.plugins = { 'metrics-by-endpoint': options };
      assert.equal(takeOverEndpointMetrics(script), undefined);
      assert.ok(script.scenarios?.[0]?.afterResponse?.includes('metricsByEndpoint_afterResponse'));
    });

  test('left alone when it comes after the crm plugin (its hooks not yet there)', () => {
    const script = scriptWith({ 'metrics-by-endpoint': { ...BY_ENDPOINT_OPTIONS } });
    assert.equal(takeOverEndpointMetrics(script), undefined);
  });

  const timings: Array<[string, number]> = [
    ['total;dur=12.5', 12.5],
    ['db;dur=3, TOTAL;dur=7', 7],
    ['db;dur=3', -1],
  ];
  for (const [header, expected] of timings)
    test(`Server-Timing "${header}" → ${expected}`, () => assert.equal(serverTimingTotal(header), expected));
});

describe('expect scoped to the requests that have checks', () => {
  function withExpect(options: Record<string, unknown> = { outputFormat: 'silent' }) {
    // Required here: it reads Artillery's global (set up above) when loaded.
    const ExpectPlugin = createRequire(__filename)('artillery-plugin-expect') as {
      Plugin: new (script: ArtilleryScript, events: unknown) => unknown;
    };
    const script = scriptWith({ expect: options });
    new ExpectPlugin.Plugin(script, {});
    scopeExpect(script);
    const processor = script.config.processor as Record<string, HookFn>;
    return { script, check: processor.expectationsPluginCheckExpectations! };
  }

  function runCheck(check: HookFn, req: Record<string, unknown>, res: Record<string, unknown>, context: object) {
    const { emitted, events } = recorder();
    let called = 0;
    check({ url: 'http://127.0.0.1:8000/api/leads', ...req }, res, context, events, () => called++);
    assert.equal(called, 1, 'done is called once');
    return emitted;
  }

  const json = { 'content-type': 'application/json' };

  test('a request without checks: nothing parsed, nothing recorded', () => {
    const { check } = withExpect();
    const context = { expectationsPlugin: { formatter: 'silent' } } as { expectations?: unknown[] };
    const emitted = runCheck(check, { name: 'GET /api/leads' }, { statusCode: 200, headers: json, body: '[' }, context);
    assert.deepEqual(emitted, []);
    assert.equal(context.expectations, undefined);
  });

  test('a request with checks: checked as before (a 500 for an expected 201 fails)', () => {
    const { check } = withExpect();
    const context = { expectationsPlugin: { formatter: 'silent' } } as { expectations?: unknown[] };
    const req = { name: 'POST /api/leads', expect: [{ statusCode: 201 }] };
    const emitted = runCheck(check, req, { statusCode: 500, headers: json, body: '{}' }, context);
    assert.deepEqual(emitted.slice(0, 2), [
      ['counter', 'plugins.expect.failed', 1],
      ['counter', 'plugins.expect.failed.statusCode', 1],
    ]);
    assert.equal(context.expectations?.length, 1);
  });

  test('expectDefault200: every request is checked, so the hook is left as expect made it', () => {
    const { check } = withExpect({ outputFormat: 'silent', expectDefault200: true });
    assert.equal(check.name, 'expectationsPluginCheckExpectations');
  });

  test("expect's per-error logger comes off every scenario", () => {
    const { script } = withExpect();
    for (const scenario of script.scenarios ?? []) assert.deepEqual(scenario.onError, []);
  });
});
