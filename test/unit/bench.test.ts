import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bareScript } from '../../bench/bare-script';
import { cpuSecondsAt, rssGrowthPct } from '../../bench/harness';
import { runSpec } from '../../scenarios/src/runs';
import { USER_TYPES } from '../../scenarios/src/user-types';

type BareStep = Record<string, { url?: string; json?: unknown; capture?: { json: string; as: string } } | string>;
interface BareScenario {
  name: string;
  weight: number;
  flow: Array<{ loop: BareStep[]; count: number }>;
}

const scenariosOf = (thinkScale: number) =>
  bareScript({ run: runSpec('baseline'), thinkScale, iterations: 7, seconds: 45 }).scenarios as BareScenario[];
const requestsOf = (loop: BareStep[]) => loop.filter((step) => !('think' in step));
/** Templates a plain Artillery script may hold: its own functions and the captured lead id. */
const ARTILLERY_TEMPLATE = /\{\{\s*(\$randomString\(\d+\)|\$randomNumber\(\d+, \d+\)|createdLeadId)\s*\}\}/g;

describe('bare Artillery script (the overhead baseline)', () => {
  test('every request of the pack, no processor template left unfilled', () => {
    for (const scenario of scenariosOf(1)) {
      const type = USER_TYPES.find((t) => t.name === scenario.name);
      assert.ok(type, scenario.name);
      const loop = scenario.flow[0]?.loop ?? [];
      const names = requestsOf(loop).map((step) => (Object.values(step)[0] as { name?: string }).name);
      assert.deepEqual(names, type.tasks.flatMap((task) => task.steps.map((s) => s.spec.name)), scenario.name);
      const leftOver = JSON.stringify(loop).replace(ARTILLERY_TEMPLATE, '').match(/\{\{[^}]*\}\}/g);
      assert.equal(leftOver, null, `${scenario.name}: ${String(leftOver)}`);
    }
  });

  test('a think from the type range after each task; the created lead id is captured', () => {
    for (const scenario of scenariosOf(1)) {
      const type = USER_TYPES.find((t) => t.name === scenario.name);
      const loop = scenario.flow[0]?.loop ?? [];
      const thinks = loop.filter((step) => 'think' in step).map((step) => step.think);
      assert.equal(thinks.length, type?.tasks.length);
      assert.ok(thinks.every((t) => t === `{{ $randomNumber(${(type?.thinkSeconds.min ?? 0) * 1000}, ${(type?.thinkSeconds.max ?? 0) * 1000}) }}ms`));
      for (const step of requestsOf(loop)) {
        const [method, spec] = Object.entries(step)[0] as [string, { url: string; capture?: unknown }];
        if (method === 'post' && spec.url === '/api/leads') assert.deepEqual(spec.capture, { json: '$.id', as: 'createdLeadId' });
      }
    }
  });

  test('no think: the requests only, `iterations` rounds', () => {
    for (const scenario of scenariosOf(0)) {
      assert.equal(scenario.flow[0]?.count, 7);
      assert.ok(scenario.flow[0]?.loop.every((step) => !('think' in step)));
    }
  });
});

describe('bench harness', () => {
  test('CPU used by a moment: the last sample at or before it', () => {
    const samples: Array<[number, number]> = [
      [1000, 0.5],
      [1100, 0.7],
      [1200, 1.1],
    ];
    for (const [at, expected] of [
      [999, 0],
      [1000, 0.5],
      [1150, 0.7],
      [5000, 1.1],
    ] as const) {
      assert.equal(cpuSecondsAt(samples, at), expected, `at ${at}`);
    }
    assert.equal(cpuSecondsAt(samples, Number.NaN), 0);
  });

  test('RSS growth after warm-up: last quarter against first quarter', () => {
    const flat = Array.from({ length: 20 }, (_, i): [number, number] => [i * 2, 100]);
    assert.equal(rssGrowthPct(flat, 0), 0);
    const growing = Array.from({ length: 20 }, (_, i): [number, number] => [i * 2, i < 10 ? 100 : 110]);
    assert.equal(rssGrowthPct(growing, 0), 10);
    assert.equal(rssGrowthPct(flat.slice(0, 5), 0), undefined);
  });
});
