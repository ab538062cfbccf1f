import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
// As Artillery loads it: the module's exports, the generated step conditions included.
const processor = require('../../processors/crm') as Record<string, unknown>;
import { TASK_PREPARERS } from '../../processors/task-preparers';
import { staleScenarioFiles } from '../../scenarios/src/generate';
import { USER_TYPES } from '../../core/user-types';
import {
  DASHBOARD_RUN_ROUTES,
  MIXED_RUN_ROUTES,
  REALTIME_ROUTES,
  USER_TYPE_WEIGHTS,
} from '../support/behaviour-routes';

interface Scenario {
  name: string;
  weight: number | string;
  beforeScenario: string;
  flow: Array<{ loop: Array<Record<string, Record<string, unknown>>>; whileTrue: string }>;
}
interface ScenarioFile {
  config: {
    target: string;
    processor: string;
    phases: Array<Record<string, number | string>>;
    plugins: Record<string, unknown>;
  };
  scenarios: Scenario[];
}

const load = (run: string) =>
  yaml.load(readFileSync(path.join(__dirname, '../../scenarios', `${run}.yml`), 'utf8')) as ScenarioFile;
const RUN_FILES = ['baseline', 'stress', 'sustained', 'dashboard'];

function requestsOf(file: ScenarioFile) {
  return file.scenarios.flatMap((s) =>
    s.flow[0]!.loop.flatMap((step) =>
      Object.entries(step)
        .filter(([key]) => ['get', 'post', 'put', 'delete'].includes(key))
        .map(([method, spec]) => ({
          method,
          scenario: s.name,
          ...(spec as { url: string; name: string; ifTrue: string }),
        })),
    ),
  );
}

describe('generated scenario files', () => {
  test('are up to date with core/user-types.ts and core/runs.ts (run npm run scenarios)', () => {
    assert.deepEqual(staleScenarioFiles(), []);
  });

  for (const run of RUN_FILES) {
    test(`${run}: default target, compiled processor, plugins in the order that matters`, () => {
      const file = load(run);
      assert.equal(file.config.target, 'http://localhost:8000');
      assert.equal(file.config.processor, '../dist/processors/crm.js');
      const plugins = Object.keys(file.config.plugins);
      assert.ok(plugins.indexOf('expect') < plugins.indexOf('crm'), 'expect must come before crm');
    });

    test(`${run}: every request is named "METHOD /templated/path" matching its URL`, () => {
      for (const r of requestsOf(load(run))) {
        const templated = r.url.split('?')[0]!.replace(/\{\{\s*\w+\s*\}\}/g, '{id}');
        assert.equal(r.name, `${r.method.toUpperCase()} ${templated}`, `${r.scenario}: ${r.url}`);
      }
    });

    test(`${run}: every ifTrue is a processor condition that selects its own task only`, () => {
      for (const r of requestsOf(load(run))) {
        const task = /^when_(\w+?)(__|$)/.exec(r.ifTrue)?.[1];
        assert.ok(task, `${r.name}: condition must name its task: ${r.ifTrue}`);
        const check = processor[r.ifTrue] as ((vars: Record<string, unknown>) => boolean) | undefined;
        assert.equal(typeof check, 'function', `${r.ifTrue} is not exported by the processor`);
        const flags = (value: boolean) => ({
          leadReady: value,
          newLeadReady: value,
          projectReady: value,
          customerReady: value,
        });
        assert.ok(
          check!({ task, ...flags(true) }) || check!({ task, ...flags(false) }),
          `${r.ifTrue} never holds for its own task`,
        );
        assert.ok(
          !check!({ task: 'some_other_task', ...flags(true) }) && !check!({ task: 'some_other_task', ...flags(false) }),
          `${r.ifTrue} holds for another task`,
        );
      }
    });

    test(`${run}: every processor function it names is exported by processors/crm.ts`, () => {
      const file = load(run);
      const names = new Set<string>();
      for (const s of file.scenarios) {
        names.add(s.beforeScenario).add(s.flow[0]!.whileTrue);
        for (const step of s.flow[0]!.loop) {
          if (typeof step.function === 'string') names.add(step.function);
          for (const spec of Object.values(step)) {
            for (const hook of ['beforeRequest', 'afterResponse', 'ifTrue'] as const) {
              const fn = (spec as Record<string, unknown>)[hook];
              if (typeof fn === 'string') names.add(fn);
            }
          }
        }
      }
      for (const name of names) assert.equal(typeof processor[name], 'function', name);
    });
  }

  test(
    "status codes are named only where the guide names them; the created lead's id is checked " +
      'where the processor finds it',
    () => {
      const named: Record<string, unknown[]> = {
        'GET /api/analytics/dashboard': [{ statusCode: 200 }],
        'POST /api/leads': [
          { statusCode: 201 },
          { jmespath: 'id || data.id || lead.id || data.lead.id', description: 'id of the new lead' },
        ],
      };
      for (const run of RUN_FILES) {
        for (const r of requestsOf(load(run))) {
          const expect = (r as { expect?: unknown[] }).expect;
          assert.deepEqual(expect, named[r.name], `${run}: ${r.name} (any 2xx elsewhere, judged by the crm plugin)`);
        }
      }
      assert.match(
        readFileSync(path.join(__dirname, '../../scenarios/baseline.yml'), 'utf8'),
        /# Success: any 2xx final status \(redirects are followed/,
      );
    },
  );

  test('the mixed runs cover every route of behaviour.md, the dashboard run only the dashboard routes', () => {
    for (const run of ['baseline', 'stress', 'sustained']) {
      const names = new Set(requestsOf(load(run)).map((r) => r.name));
      assert.deepEqual([...names].sort(), [...MIXED_RUN_ROUTES, ...REALTIME_ROUTES].sort(), run);
    }
    assert.deepEqual(
      [...new Set(requestsOf(load('dashboard')).map((r) => r.name))].sort(),
      [...DASHBOARD_RUN_ROUTES].sort(),
    );
  });

  test('user types carry the weights of behaviour.md; RealtimeUser only by environment', () => {
    for (const run of ['baseline', 'stress', 'sustained']) {
      const weights = Object.fromEntries(load(run).scenarios.map((s) => [s.name, s.weight]));
      assert.deepEqual(weights, {
        ...USER_TYPE_WEIGHTS,
        RealtimeUser: '{{ $processEnvironment.LOADTEST_REALTIME_WEIGHT }}',
      });
    }
    assert.deepEqual(
      load('dashboard').scenarios.map((s) => s.name),
      ['DashboardUser'],
    );
  });

  const table: Array<[string, number, number, number]> = [
    // run, users at first step, ramp per second, total seconds (behaviour.md's table)
    ['baseline', 100, 10, 300],
    ['stress', 200, 20, 300],
    ['sustained', 100, 5, 1800],
    ['dashboard', 100, 10, 300],
  ];
  for (const [run, users, ramp, seconds] of table) {
    test(`${run}: ${users} users ramped at ${ramp}/s, ${seconds} s in all`, () => {
      const phases = load(run).config.phases;
      assert.equal(phases[0]!.maxVusers, users);
      assert.ok(phases.every((p) => p.arrivalRate === ramp));
      assert.equal(
        phases.reduce((s, p) => s + Number(p.duration), 0),
        seconds,
      );
    });
  }
});

test('task preparers exist only for real tasks', () => {
  const taskIds = new Set(USER_TYPES.flatMap((t) => t.tasks.map((task) => task.id)));
  for (const id of Object.keys(TASK_PREPARERS)) assert.ok(taskIds.has(id), `preparer for unknown task ${id}`);
});
