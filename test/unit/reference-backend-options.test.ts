import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, helpText, parseOptions, type ReferenceBackendOptions } from '../../reference-backend/options';

function parsed(argv: string[], env: Record<string, string> = {}): ReferenceBackendOptions {
  const outcome = parseOptions(argv, env);
  assert.equal(outcome.kind, 'options', JSON.stringify(outcome));
  if (outcome.kind !== 'options') throw new Error('unreachable');
  return outcome.options;
}

describe('parseOptions: good values', () => {
  const cases: Array<[string, string[], Record<string, string>, Partial<ReferenceBackendOptions>]> = [
    [
      'defaults',
      [],
      {},
      {
        port: 8000,
        leads: 100,
        customers: 50,
        projects: 75,
        cacheTtlS: 300,
        cacheEnabled: true,
        missLatencyMs: 3,
        heavyMissLatencyMs: 25,
        statsShape: 'flat',
        statsMode: 'ok',
        statsSlowMs: 10000,
      },
    ],
    [
      'space-separated flags',
      ['--port', '0', '--leads', '10', '--error-rate', '0.05'],
      {},
      { port: 0, leads: 10, errorRate: 0.05 },
    ],
    ['flag=value form', ['--cache-ttl=0.5', '--stats-shape=redis'], {}, { cacheTtlS: 0.5, statsShape: 'redis' }],
    ['--no-cache', ['--no-cache'], {}, { cacheEnabled: false }],
    [
      'env values',
      [],
      { REF_LATENCY_MS: '20', REF_STATS_MODE: 'down', REF_NO_CACHE: '1', REF_SEED: '7' },
      { latencyMs: 20, statsMode: 'down', cacheEnabled: false, seed: 7 },
    ],
    ['REF_NO_CACHE=0 keeps the cache', [], { REF_NO_CACHE: '0' }, { cacheEnabled: true }],
    ['flags override env', ['--error-rate', '0.1'], { REF_ERROR_RATE: '0.5' }, { errorRate: 0.1 }],
    [
      'heavy knobs',
      ['--heavy-latency-ms', '100', '--heavy-miss-latency-ms', '0'],
      {},
      { heavyLatencyMs: 100, heavyMissLatencyMs: 0 },
    ],
    ['profile defaults', [], {}, { profile: 'plain', listKey: 'data', putStatus: 200, deleteStatus: 200 }],
    [
      'envelope with 204 writes',
      ['--profile', 'envelope', '--delete-status', '204', '--put-status=204'],
      {},
      { profile: 'envelope', deleteStatus: 204, putStatus: 204 },
    ],
    [
      'profile env values',
      [],
      { REF_PROFILE: 'envelope', REF_PUT_STATUS: '204', REF_DELETE_STATUS: '202' },
      { profile: 'envelope', putStatus: 204, deleteStatus: 202 },
    ],
    ['list keys', ['--list-key', 'bare'], { REF_LIST_KEY: 'results' }, { listKey: 'bare' }],
    ['REF_LIST_KEY', [], { REF_LIST_KEY: 'leads' }, { listKey: 'leads' }],
  ];
  for (const [name, argv, env, expected] of cases) {
    it(name, () => {
      const options = parsed(argv, env);
      for (const [key, value] of Object.entries(expected))
        assert.equal(options[key as keyof ReferenceBackendOptions], value, key);
    });
  }
});

describe('parseOptions: bad values', () => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--error-rate', '2'], {}, '--error-rate must be between 0 and 1 (got 2)'],
    [['--error-rate', 'lots'], {}, '--error-rate must be between 0 and 1 (got lots)'],
    [['--port', '70000'], {}, '--port must be an integer between 0 and 65535 (got 70000)'],
    [['--leads', '2.5'], {}, '--leads must be an integer between 0 and 1000000 (got 2.5)'],
    [['--latency-ms', '-5'], {}, '--latency-ms must be between 0 and 600000 (got -5)'],
    [['--stats-mode', 'flaky'], {}, '--stats-mode must be one of ok, down, malformed, html, slow, reset (got flaky)'],
    [['--stats-shape'], {}, '--stats-shape needs a value'],
    [['--port', '--leads', '5'], {}, '--port needs a value'],
    [['--bogus'], {}, 'unknown option --bogus (see --help)'],
    [['--no-cache=1'], {}, '--no-cache takes no value'],
    [[], { REF_ERROR_RATE: '1.5' }, 'REF_ERROR_RATE must be between 0 and 1 (got 1.5)'],
    [[], { REF_NO_CACHE: 'maybe' }, 'REF_NO_CACHE must be one of 1, true, yes, on, 0, false, no, off (got maybe)'],
    [['--profile', 'soap'], {}, '--profile must be one of plain, envelope (got soap)'],
    [['--list-key', 'rows'], {}, '--list-key must be one of data, items, results, leads, bare (got rows)'],
    [['--delete-status', '404'], {}, '--delete-status must be an integer between 200 and 299 (got 404)'],
    [[], { REF_PUT_STATUS: 'none' }, 'REF_PUT_STATUS must be an integer between 200 and 299 (got none)'],
    [
      ['--profile', 'envelope', '--list-key', 'results'],
      {},
      '--list-key results applies only without --profile envelope (the envelope puts lists at data.items)',
    ],
  ];
  for (const [argv, env, message] of cases) {
    it(`${argv.join(' ')} ${JSON.stringify(env)} → ${message}`, () => {
      assert.deepEqual(parseOptions(argv, env), { kind: 'error', message });
    });
  }
});

describe('parseOptions: help', () => {
  it('lists every flag with its env variable', () => {
    assert.equal(parseOptions(['--help']).kind, 'help');
    for (const flag of [
      '--port',
      '--no-cache',
      '--error-rate',
      'REF_ERROR_RATE',
      '--stats-mode',
      '--stats-shape',
      '--profile',
      'REF_LIST_KEY',
      '--put-status',
      '--delete-status',
    ])
      assert.match(helpText(), new RegExp(flag));
  });
  it('defaults are frozen-in-shape (no accidental mutation by parsing)', () => {
    parsed(['--leads', '1']);
    assert.equal(DEFAULT_OPTIONS.leads, 100);
  });
});

describe('cli', () => {
  it('exits 2 with the message on a bad value', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../../reference-backend/cli.ts'), '--error-rate', '2'],
      { cwd: join(__dirname, '../..'), encoding: 'utf8' },
    );
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim(), 'error: --error-rate must be between 0 and 1 (got 2)');
  });
});
