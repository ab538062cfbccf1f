/**
 * The checks the crm plugin makes before any load: a mistyped
 * --scenario-name and blank environment variables (exit 4, not a worker
 * crash or a silent default).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blankVariables, blankVariablesProblem, PACK_VARIABLES } from '../../core/environment';
import { closestName, editDistance, scenarioNameProblem, scenariosMatching } from '../../plugins/crm/src/scenario-name';
import { USER_TYPES } from '../../core/user-types';
import { useCrmTokenForStats } from '../../plugins/crm/src/plugin-wiring';
import { parseOptions } from '../../reference-backend/options';

const NAMES = USER_TYPES.map((type) => type.name);

describe('--scenario-name', () => {
  const cases: Array<{ given: unknown; problem: RegExp | undefined }> = [
    { given: undefined, problem: undefined },
    { given: '', problem: undefined },
    { given: 'DashboardUser', problem: undefined },
    // Artillery also accepts a regular expression that matches one name.
    { given: '^Analytics', problem: undefined },
    {
      given: 'DashbordUser',
      problem:
        /not a user type of this run\. The user types of this run: DashboardUser, .*\. Did you mean DashboardUser\?/,
    },
    { given: 'dashboarduser', problem: /Did you mean DashboardUser\?/ },
    { given: 'LeadUser', problem: /Did you mean LeadManagementUser\?|Did you mean/ },
    { given: 'User', problem: /matches 6 user types .*Give its full name/ },
    { given: '[', problem: /not a user type/ }, // not a valid regex: only an exact name could match
  ];
  for (const { given, problem } of cases) {
    it(`${JSON.stringify(given)} → ${problem ?? 'runs'}`, () => {
      const result = scenarioNameProblem(given, NAMES);
      if (problem === undefined) assert.equal(result, undefined);
      else assert.match(result ?? '', problem);
    });
  }

  it('matches as Artillery does: exact name or regex', () => {
    assert.deepEqual(scenariosMatching('ProjectViewUser', NAMES), ['ProjectViewUser']);
    assert.deepEqual(scenariosMatching('Realtime', NAMES), ['RealtimeUser']);
    assert.deepEqual(scenariosMatching('nope', NAMES), []);
  });

  it('edit distance and the closest name', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('Same', 'same'), 0);
    assert.equal(closestName('MixedWorkloadUsr', NAMES), 'MixedWorkloadUser');
    assert.equal(closestName('x', []), undefined);
  });
});

describe('blank environment variables', () => {
  const cases: Array<{ env: Record<string, string>; blank: string[] }> = [
    { env: {}, blank: [] },
    { env: { LOADTEST_TIME_SCALE: '0.1' }, blank: [] },
    { env: { LOADTEST_TIME_SCALE: ' ' }, blank: ['LOADTEST_TIME_SCALE'] },
    { env: { CRM_TARGET: '' }, blank: ['CRM_TARGET'] },
    { env: { SLO_P95_MS: '\t', CACHE_STATS_PATH: '' }, blank: ['SLO_P95_MS', 'CACHE_STATS_PATH'] },
    { env: { CRM_AUTH_TOKEN: ' ' }, blank: ['CRM_AUTH_TOKEN'] },
    // Variables that are not the pack's are none of its business.
    { env: { HOME: '', SOME_OTHER_VAR: ' ' }, blank: [] },
  ];
  for (const { env, blank } of cases) {
    it(`${JSON.stringify(env)} → ${blank.join(', ') || 'fine'}`, () => {
      assert.deepEqual(blankVariables(env).sort(), [...blank].sort());
    });
  }

  it('names them, never a value', () => {
    const message = blankVariablesProblem({ CRM_AUTH_TOKEN: ' ', LOADTEST_SEED: '' }) ?? '';
    assert.match(message, /CRM_AUTH_TOKEN, LOADTEST_SEED are set but blank\. Unset them to use the default/);
    assert.equal(blankVariablesProblem({ LOADTEST_SEED: '7' }), undefined);
  });

  it('covers every target and cache-stats variable', () => {
    for (const name of [
      'SLO_P95_MS',
      'SLO_THROUGHPUT_RPS',
      'CACHE_STATS_INTERVAL_SECONDS',
      'CACHE_STATS_POLL',
      'LOADTEST_THINK_SCALE',
    ]) {
      assert.ok(PACK_VARIABLES.includes(name), name);
    }
    assert.equal(new Set(PACK_VARIABLES).size, PACK_VARIABLES.length);
  });
});

describe('the stats poller and the CRM token', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, string>, boolean]> = [
    ['the load has a token, the poller none: it uses the load’s', {}, { CRM_AUTH_TOKEN: 't' }, true],
    ['no token anywhere', {}, {}, false],
    ['the poller has its own token', {}, { CRM_AUTH_TOKEN: 't', CACHE_STATS_TOKEN: 's' }, false],
    ['the script names the poller’s variable', { authTokenEnv: 'STATS_KEY' }, { CRM_AUTH_TOKEN: 't' }, false],
    [
      'the environment names the poller’s variable',
      {},
      { CRM_AUTH_TOKEN: 't', CACHE_STATS_AUTH_TOKEN_ENV: 'STATS_KEY' },
      false,
    ],
  ];
  for (const [name, options, env, expected] of cases) {
    it(name, () => assert.equal(useCrmTokenForStats(options, env), expected));
  }
});

describe('the reference backend behind auth', () => {
  it('REF_AUTH_TOKEN only from the environment; blank is an error', () => {
    const outcome = parseOptions([], { REF_AUTH_TOKEN: 'secret' });
    assert.equal(outcome.kind === 'options' && outcome.options.authToken, 'secret');
    const blank = parseOptions([], { REF_AUTH_TOKEN: ' ' });
    assert.equal(blank.kind, 'error');
    assert.match(blank.kind === 'error' ? blank.message : '', /REF_AUTH_TOKEN is set but blank/);
    assert.equal(parseOptions(['--auth-token', 'x']).kind, 'error', 'no flag: ps would show it');
  });
});
