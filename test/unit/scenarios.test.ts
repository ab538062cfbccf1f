import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
import * as processor from '../../processors/crm';
import { TASK_PREPARERS } from '../../processors/task-preparers';
import { staleScenarioFiles } from '../../scenarios/src/generate';
import { USER_TYPES } from '../../scenarios/src/user-types';
import { DASHBOARD_RUN_ROUTES, MIXED_RUN_ROUTES, REALTIME_ROUTES, USER_TYPE_WEIGHTS } from '../support/behaviour-routes';

// The expression language of Artillery's ifTrue (a dependency of ensure).
const filtrex = createRequire(require.resolve('artillery-plugin-ensure'))('filtrex') as {
  compileExpression(expression: string): (vars: Record<string, unknown>) => unknown;
};

interface Scenario {
  name: string;
  weight: number | string;
  beforeScenario: string;
  flow: Array<{ loop: Array<Record<string, Record<string, unknown>>>; whileTrue: string }>;
}
interface ScenarioFile {
  config: { target: string; processor: string; phases: Array<Record<string, number | string>>; plugins: Record<string, unknown> };
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
        .map(([method, spec]) => ({ method, scenario: s.name, ...(spec as { url: string; name: string; ifTrue: string }) })),
    ),
  );
}

describe('generated scenario files', () => {
  test('are up to date with scenarios/src (run npm run scenarios)', () => {
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

    test(`${run}: every ifTrue compiles and selects its task`, () => {
      for (const r of requestsOf(load(run))) {
        const task = /^task == "(\w+)"/.exec(r.ifTrue)?.[1];
        assert.ok(task, `${r.name}: condition must start with the task: ${r.ifTrue}`);
        const check = filtrex.compileExpression(r.ifTrue);
        const allTrue = { task, leadReady: true, newLeadReady: true, projectReady: true, customerReady: true };
        const allFalse = { task, leadReady: false, newLeadReady: false, projectReady: false, customerReady: false };
        assert.ok(check(allTrue) || check(allFalse), `${r.ifTrue} never holds for its own task`);
        assert.ok(!check({ ...allTrue, task: 'some_other_task' }), `${r.ifTrue} holds for another task`);
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
            for (const hook of ['beforeRequest', 'afterResponse'] as const) {
              const fn = (spec as Record<string, unknown>)[hook];
              if (typeof fn === 'string') names.add(fn);
            }
          }
        }
      }
      for (const name of names) assert.equal(typeof (processor as Record<string, unknown>)[name], 'function', name);
    });
  }

  test('the mixed runs cover every route of behaviour.md, the dashboard run only the dashboard routes', () => {
    for (const run of ['baseline', 'stress', 'sustained']) {
      const names = new Set(requestsOf(load(run)).map((r) => r.name));
      assert.deepEqual([...names].sort(), [...MIXED_RUN_ROUTES, ...REALTIME_ROUTES].sort(), run);
    }
    assert.deepEqual([...new Set(requestsOf(load('dashboard')).map((r) => r.name))].sort(), [...DASHBOARD_RUN_ROUTES].sort());
  });

  test('user types carry the weights of behaviour.md; RealtimeUser only by environment', () => {
    for (const run of ['baseline', 'stress', 'sustained']) {
      const weights = Object.fromEntries(load(run).scenarios.map((s) => [s.name, s.weight]));
      assert.deepEqual(weights, { ...USER_TYPE_WEIGHTS, RealtimeUser: '{{ $processEnvironment.LOADTEST_REALTIME_WEIGHT }}' });
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
      assert.equal(phases.reduce((s, p) => s + Number(p.duration), 0), seconds);
    });
  }
});

test('task preparers exist only for real tasks', () => {
  const taskIds = new Set(USER_TYPES.flatMap((t) => t.tasks.map((task) => task.id)));
  for (const id of Object.keys(TASK_PREPARERS)) assert.ok(taskIds.has(id), `preparer for unknown task ${id}`);
});
