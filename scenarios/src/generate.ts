/**
 * Writes scenarios/<run>.yml from the one source of user types and runs.
 *
 *   npm run scenarios            regenerate the four files
 *   npm run scenarios -- --check exit 1 when a file differs from its source
 *                                (npm test runs this: a stale file fails CI)
 *
 * Why generate rather than share: Artillery 2 has no include mechanism a
 * plain `npx artillery run scenarios/baseline.yml` would honour (several
 * files on the command line are deep-merged, arrays by index), and each
 * file must run alone. So each user type's flow is written once, in
 * user-types.ts, and copied here by a program, never by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ID_PATH_ENV, idPaths, LIST_PATH_ENV, listPaths } from '../../core/response-shape';
import { peakHoldSeconds } from '../../core/run-shape';
import { throughputCeiling } from '../../core/capacity';
import { ensureConditions } from '../../core/ensure-conditions';
import { effectiveTargets } from '../../core/targets';
import { DEFAULT_TARGET } from '../../core/run-shape';
import { peakUsers, phasesOf, RUNS, totalSeconds, type RunSpec } from '../../core/runs';
import { conditionName } from '../../core/step-conditions';
import { expectationsOf, type TaskStep } from '../../core/steps';
import { USER_TYPES, type UserTypeSpec } from '../../core/user-types';

export const SCENARIO_DIR = path.resolve(__dirname, '..');
/** Relative to the scenario file, as Artillery resolves it. */
const PROCESSOR_PATH = '../dist/processors/crm.js';

function renderStep(taskId: string, step: TaskStep): Record<string, unknown> {
  const { url, name, beforeRequest, json, afterResponse } = step.spec;
  const request: Record<string, unknown> = { url, name, ifTrue: conditionName(taskId, step.when) };
  if (beforeRequest) request.beforeRequest = beforeRequest;
  if (json) request.json = json;
  const expect = expectationsOf(step.spec);
  if (expect.length > 0) request.expect = expect;
  if (step.spec.followRedirect === false) request.followRedirect = false;
  if (afterResponse) request.afterResponse = afterResponse;
  return { [step.method]: request };
}

/** A user type as an Artillery scenario: a loop of pick task → its requests → think. */
export function renderUserType(type: UserTypeSpec): Record<string, unknown> {
  const requests = type.tasks.flatMap((task) => task.steps.map((step) => renderStep(task.id, step)));
  return {
    name: type.name,
    weight: type.weightFromEnv ? `{{ $processEnvironment.${type.weightFromEnv} }}` : type.weight,
    beforeScenario: 'beginUser',
    flow: [
      {
        loop: [{ function: 'pickTask' }, ...requests, { function: 'think' }],
        whileTrue: 'userKeepsWorking',
      },
    ],
  };
}

export function userTypesOf(run: RunSpec): UserTypeSpec[] {
  return run.userTypes ? USER_TYPES.filter((t) => run.userTypes?.includes(t.name)) : [...USER_TYPES];
}

/** The run's user mix as Artillery will pick it by default (types weighted by environment count as 0). */
export function defaultMix(run: RunSpec): Record<string, number> {
  return Object.fromEntries(userTypesOf(run).map((t) => [t.name, t.weightFromEnv ? 0 : t.weight]));
}

export function renderRun(run: RunSpec): Record<string, unknown> {
  const targets = effectiveTargets(run.targets);
  const phases = phasesOf(run);
  const ceiling = throughputCeiling(defaultMix(run), peakUsers(run), peakHoldSeconds(phases));
  return {
    config: {
      target: DEFAULT_TARGET,
      phases,
      processor: PROCESSOR_PATH,
      http: { timeout: 10 },
      plugins: {
        // Order matters: expect's afterResponse hook must run before crm's
        // (which reads the request's expectation results), and crm takes
        // metrics-by-endpoint's hooks over, so both come before it; crm
        // hands cache-stats the target and ensure the effective targets, so
        // it comes before both.
        expect: { outputFormat: 'silent' },
        'metrics-by-endpoint': { useOnlyRequestNames: true, stripQueryString: true, suppressOutput: true },
        crm: { run: run.name, targets, ...(run.checkDrift ? { drift: true } : {}) },
        'cache-stats': { path: '/api/cache/stats', intervalSeconds: 5 },
        // Generated from the targets above; SLO_* environment variables
        // override them at run time (the crm plugin rewrites these).
        ensure: { conditions: ensureConditions(targets, ceiling) },
      },
    },
    scenarios: userTypesOf(run).map(renderUserType),
  };
}

function header(run: RunSpec): string {
  const minutes = totalSeconds(run) / 60;
  return [
    `# GENERATED from core/user-types.ts and core/runs.ts by \`npm run scenarios\`: edit those, not this file.`,
    `# ${run.name}: ${run.question}`,
    `# ${peakUsers(run)} users at most, +${run.rampUsersPerSecond} users/s, ${minutes} min.`,
    `# Run: npx artillery run scenarios/${run.name}.yml   (target: -t URL or CRM_TARGET; shorten: LOADTEST_TIME_SCALE)`,
    `# Each user loops: pickTask chooses a task by weight and prepares it, the task's`,
    `# requests run (ifTrue: when_<task>[__<flag>] = that task was picked [and the flag holds]),`,
    `# then think; until the run's end (userKeepsWorking).`,
    `# Success: any 2xx final status (redirects are followed, as Artillery and Locust do), judged`,
    `# by the crm plugin; where the guide names a code (POST /api/leads 201, the dashboard 200) an`,
    `# expect statusCode check demands it. A created lead's id is looked for at`,
    `# ${idPaths('lead').join(', ')} (${ID_PATH_ENV} overrides it); list items as a bare`,
    `# array or at ${listPaths('<collection>').join(', ')}`,
    `# (${LIST_PATH_ENV} overrides it).`,
    '',
  ].join('\n');
}

export function renderRunFile(run: RunSpec): string {
  return header(run) + yaml.dump(renderRun(run), { lineWidth: 120, noRefs: true, quotingType: "'" });
}

export const scenarioFile = (run: RunSpec) => path.join(SCENARIO_DIR, `${run.name}.yml`);

/** The files whose content differs from what the source generates. */
export function staleScenarioFiles(): string[] {
  return RUNS.filter((run) => {
    let current = '';
    try {
      current = readFileSync(scenarioFile(run), 'utf8');
    } catch {
      // missing counts as stale
    }
    return current !== renderRunFile(run);
  }).map(scenarioFile);
}

function main(argv: string[]): number {
  if (argv.includes('--check')) {
    const stale = staleScenarioFiles();
    for (const file of stale) console.error(`stale: ${path.relative(process.cwd(), file)} (run npm run scenarios)`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const run of RUNS) {
    writeFileSync(scenarioFile(run), renderRunFile(run));
    console.log(`wrote ${path.relative(process.cwd(), scenarioFile(run))}`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
