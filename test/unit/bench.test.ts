import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bareScript } from '../../bench/bare-script';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cpuSecondsAt, procStatCpuSeconds, rssGrowthPct } from '../../bench/harness';
import { summarizeHeap } from '../../bench/heap-summary';
import {
  describeCost,
  findOnPath,
  locustArgs,
  non2xx,
  perRequest,
  times,
  type GeneratorCost,
} from '../../bench/locust';
import { moduleOf, summarize } from '../../bench/profile-summary';
import { keptNotes, NOTES_MARKER } from '../../bench/results-notes';
import { runSpec } from '../../core/runs';
import { USER_TYPES } from '../../core/user-types';

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
      assert.deepEqual(
        names,
        type.tasks.flatMap((task) => task.steps.map((s) => s.spec.name)),
        scenario.name,
      );
      const leftOver = JSON.stringify(loop)
        .replace(ARTILLERY_TEMPLATE, '')
        .match(/\{\{[^}]*\}\}/g);
      assert.equal(leftOver, null, `${scenario.name}: ${String(leftOver)}`);
    }
  });

  test('a think from the type range after each task; the created lead id is captured', () => {
    for (const scenario of scenariosOf(1)) {
      const type = USER_TYPES.find((t) => t.name === scenario.name);
      const loop = scenario.flow[0]?.loop ?? [];
      const thinks = loop.filter((step) => 'think' in step).map((step) => step.think);
      assert.equal(thinks.length, type?.tasks.length);
      assert.ok(
        thinks.every(
          (t) =>
            t ===
            `{{ $randomNumber(${(type?.thinkSeconds.min ?? 0) * 1000}, ${(type?.thinkSeconds.max ?? 0) * 1000}) }}ms`,
        ),
      );
      for (const step of requestsOf(loop)) {
        const [method, spec] = Object.entries(step)[0] as [string, { url: string; capture?: unknown }];
        if (method === 'post' && spec.url === '/api/leads')
          assert.deepEqual(spec.capture, { json: '$.id', as: 'createdLeadId' });
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

describe('bench: the Locust comparison', () => {
  test('CPU seconds from /proc/<pid>/stat: utime + stime in ticks, whatever the command name holds', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 3';
    assert.equal(procStatCpuSeconds(`1234 (node) ${rest}`), 3);
    assert.equal(procStatCpuSeconds(`1234 (locust: a) b) ${rest}`), 3);
    assert.equal(procStatCpuSeconds('garbage'), undefined);
  });

  test('per request: with start-up and after it; ratios against the baseline', () => {
    const cost: GeneratorCost = {
      label: 'x',
      requests: 2000,
      failed: 0,
      cpuSeconds: 4,
      startupCpuSeconds: 1,
      maxRssMb: 58.4,
      wallMs: 61_000,
    };
    assert.deepEqual(perRequest(cost), { totalMs: 2, loadMs: 1.5 });
    assert.deepEqual(perRequest({ ...cost, requests: 0 }), { totalMs: NaN, loadMs: NaN });
    assert.equal(times(3.6, 1.5), '2.40×');
    assert.equal(times(NaN, 1.5), 'n/a');
    assert.match(
      describeCost(cost),
      new RegExp(
        String.raw`^2\.000 ms CPU per request with start-up \(1\.500 after it; .*` +
          String.raw`peak RSS 58 MB, 2000 requests \(0 failed\) in 61\.0 s$`,
      ),
    );
  });

  test('failures from the ledger: every status that is not a 2xx', () => {
    assert.equal(non2xx({ '200': 10, '201': 3, '204': 1, '302': 1, '404': 2, '503': 4 }), 7);
    assert.equal(non2xx({}), 0);
  });

  test('locust command line: headless, users, spawn rate, run time with unit, target', () => {
    const args = locustArgs({
      locustfile: '/x/locustfile.py',
      target: 'http://127.0.0.1:1234',
      users: 100,
      spawnRate: 10,
      seconds: 60,
    });
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    assert.ok(args.includes('--headless') && args.includes('--only-summary'));
    assert.deepEqual(
      [value('-f'), value('-u'), value('-r'), value('-t'), value('-H')],
      ['/x/locustfile.py', '100', '10', '60s', 'http://127.0.0.1:1234'],
    );
  });

  test('locust found on PATH only as an executable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-path-'));
    const file = path.join(dir, 'locust');
    writeFileSync(file, '#!/bin/sh\n');
    assert.equal(findOnPath('locust', `/nonexistent${path.delimiter}${dir}`), undefined);
    chmodSync(file, 0o755);
    assert.equal(findOnPath('locust', `/nonexistent${path.delimiter}${dir}`), file);
    assert.equal(findOnPath('locust', ''), undefined);
  });

  test('RESULTS.md: hand-written notes after the marker are kept, nothing else', () => {
    assert.equal(keptNotes('# old table\n'), '');
    assert.equal(keptNotes(`# old\n\n${NOTES_MARKER}\n## Profile\ntext\n`), `\n${NOTES_MARKER}\n## Profile\ntext\n`);
  });
});

describe('bench: profile and heap summaries', () => {
  test('modules: packages (scoped too), Node, the pack, V8 pseudo-frames', () => {
    const frame = (url: string, functionName = 'f') => ({ url, functionName, lineNumber: 0 });
    assert.equal(
      moduleOf(frame('file:///r/node_modules/artillery/node_modules/@artilleryio/int-core/lib/x.js')),
      '@artilleryio/int-core',
    );
    assert.equal(moduleOf(frame('file:///r/node_modules/ddsketch/x.js')), 'ddsketch');
    assert.equal(moduleOf(frame('node:internal/streams/readable')), 'node internals');
    assert.equal(moduleOf(frame('file:///r/dist/processors/crm.js')), 'pack: processors');
    assert.equal(moduleOf(frame('file:///r/plugins/crm/dist/index.js')), 'pack: plugins/crm');
    assert.equal(moduleOf(frame('', '(garbage collector)')), '(garbage collector)');
  });

  test('self time per function and module, inclusive per module, idle left out', () => {
    const f = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: f('(root)'), children: [2, 4] },
        { id: 2, callFrame: f('run', 'file:///r/node_modules/artillery/a.js'), children: [3] },
        { id: 3, callFrame: f('emit', 'node:events') },
        { id: 4, callFrame: f('(idle)') },
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [0, 1000, 2000, 3000, 4000],
    };
    const s = summarize([profile]);
    // Sample i stands for timeDeltas[i + 1]: run 1 ms (+0 for the last), emit 2 + 3 ms, idle 4 ms.
    assert.equal(s.totalMs, 6);
    assert.equal(s.idleMs, 4);
    assert.deepEqual(s.byModuleSelf, [
      { name: 'node internals', ms: 5 },
      { name: 'artillery', ms: 1 },
    ]);
    assert.deepEqual(s.byModuleInclusive, [
      { name: 'artillery', ms: 6 },
      { name: 'node internals', ms: 5 },
    ]);
    assert.equal(s.byFunction[0]?.name, 'emit node:events:1');
  });

  test('heap: self size by type and by type and name', () => {
    const s = summarizeHeap({
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'id', 'self_size'],
          node_types: [['hidden', 'object', 'string', 'code']],
        },
      },
      nodes: [1, 0, 1, 100, 1, 0, 2, 50, 2, 1, 3, 30, 3, 2, 4, 500],
      strings: ['Map', 'hello', 'compiled'],
    });
    assert.equal(s.totalBytes, 680);
    assert.equal(s.nodeCount, 4);
    assert.deepEqual(
      s.byType.map((t) => [t.name, t.bytes, t.count]),
      [
        ['code', 500, 1],
        ['object', 150, 2],
        ['string', 30, 1],
      ],
    );
    assert.deepEqual(s.byName[1], { name: 'object: Map', bytes: 150, count: 2 });
    assert.equal(s.byName[2]?.name, 'string');
  });
});
