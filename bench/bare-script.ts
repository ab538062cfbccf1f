/**
 * The baseline for the overhead benchmark: bare Artillery with plain YAML
 * flows. The same user types, weights, closed-model phases and endpoints as
 * the pack's scenario, but no processor, no plugins beyond Artillery's
 * defaults, fixed URLs, a fixed think of each type's mean, and GET requests
 * only (a bare script has no way to keep the ids it created).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { RunSpec } from '../scenarios/src/runs';
import { requestsPerTask } from '../report/capacity';
import { USER_TYPES } from '../scenarios/src/user-types';

/** One plausible value for each template the flows use. */
const SAMPLE_VALUES: Record<string, string> = {
  leadListQuery: 'page=1&per_page=25&status=new',
  leadId: '1',
  searchTerm: 'roof',
  projectListQuery: 'page=1&per_page=50&status=in_progress',
  projectId: '1',
  customerId: '1',
  minValue: '20000',
  maxValue: '50000',
  funnelDays: '30',
  revenuePeriod: 'monthly',
};

function fill(url: string): string {
  return url.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = SAMPLE_VALUES[name];
    if (value === undefined) throw new Error(`bare script: no sample value for {{ ${name} }}`);
    return value;
  });
}

/**
 * Bare Artillery's closed model: the users arrive during the ramp only, then
 * each runs its fixed number of rounds (it cannot know when the run ends).
 * One step: the runs the benchmark uses (baseline, sustained) have one.
 */
export function barePhases(run: RunSpec, scale: number): Array<Record<string, number | string>> {
  const step = run.steps[0];
  if (!step) throw new Error(`run ${run.name} has no steps`);
  const rate = Math.max(1, Math.round(run.rampUsersPerSecond / scale));
  return [{ name: `ramp to ${step.users} users`, duration: Math.max(1, Math.ceil(step.users / rate)), arrivalRate: rate, rampTo: rate, maxVusers: step.users }];
}

export interface BareOptions {
  run: RunSpec;
  /** Think time multiplier, as LOADTEST_THINK_SCALE (0: none). */
  thinkScale: number;
  /** How long each user should keep going, with think (seconds). */
  seconds: number;
  /** Loop iterations per user without think. */
  iterations: number;
}

export function bareScript({ run, thinkScale, iterations, seconds }: BareOptions): Record<string, unknown> {
  const types = run.userTypes ? USER_TYPES.filter((t) => run.userTypes?.includes(t.name)) : USER_TYPES.filter((t) => !t.weightFromEnv);
  return {
    config: { target: 'http://localhost:8000', phases: barePhases(run, 1), http: { timeout: 10 } },
    scenarios: types.map((type) => {
      const requests = type.tasks.flatMap((task) =>
        task.steps.filter((s) => s.method === 'get').map((s) => ({ get: { url: fill(s.spec.url), name: s.spec.name } })),
      );
      // A think after each request, so a user sends as often as the pack's (which makes
      // requestsPerTask requests a task, then thinks the type's mean think).
      const meanThinkMs = ((type.thinkSeconds.min + type.thinkSeconds.max) / 2) * 1000;
      const thinkMs = Math.round((meanThinkMs * thinkScale) / requestsPerTask(type));
      const steps = requests.flatMap((r) => (thinkMs > 0 ? [r, { think: `${thinkMs}ms` }] : [r]));
      // Enough rounds to fill the run: `seconds` with think, `iterations` without.
      const count = thinkMs > 0 ? Math.max(1, Math.round((seconds * 1000) / (thinkMs * requests.length))) : iterations;
      return { name: type.name, weight: type.weight, flow: [{ loop: steps, count }] };
    }),
  };
}

export function writeBareScript(dir: string, name: string, options: BareOptions): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  writeFileSync(file, yaml.dump(bareScript(options), { lineWidth: 120 }));
  return file;
}
