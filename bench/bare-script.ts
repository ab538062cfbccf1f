/**
 * The baseline for the overhead benchmark: bare Artillery with plain YAML
 * flows. The same user types, weights, closed-model phases and endpoints as
 * the pack's scenario, but no processor, no plugins beyond Artillery's
 * defaults, fixed URLs and bodies, every task's requests in turn (not a
 * weighted pick, and without the pack's conditions) with the type's think
 * after each; the lead a user created is captured for its next reads, update
 * and delete, as a hand-written script would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { faker } from '@faker-js/faker';
import yaml from 'js-yaml';
import { appointmentPayload, interactionPayload } from '../processors/payloads';
import { TASK_PREPARERS } from '../processors/task-preparers';
import { testEmailDomain } from '../core/test-data-domain';
import { createVirtualUser } from '../processors/virtual-user';
import type { RunSpec } from '../core/runs';
import type { TaskStep } from '../core/steps';
import { USER_TYPES } from '../core/user-types';

/** The id a bare user's last POST /api/leads returned (an Artillery capture, no processor). */
const CREATED_LEAD = '{{ createdLeadId }}';

/**
 * A value for every template the flows use, made once by the pack's own task
 * preparers (so the bodies stay valid when the payloads change) and then
 * sent unchanged by every bare user, except for what must differ per request:
 * lead e-mails (unique in the CRM) and the ids of leads the user created.
 */
function sampleValues(): Record<string, unknown> {
  const user = createVirtualUser({
    typeName: 'MixedWorkloadUser',
    runSeed: 1,
    workerId: 'bare',
    ordinal: 1,
    maxOwnedLeads: 10,
    endsAt: Infinity,
  });
  for (const id of [1, 2, 3, 4, 5, 6, 7]) user.owned.add(id);
  const vars: Record<string, unknown> = {};
  const now = new Date();
  for (const prepare of Object.values(TASK_PREPARERS)) {
    prepare({ user, vars, faker: () => faker, nextLeadTag: () => 'bare', emailDomain: testEmailDomain(), now });
  }
  const newLead = vars.newLead as Record<string, unknown>;
  return {
    ...vars,
    newLead: { ...newLead, email: `bare-{{ $randomString(12) }}@${testEmailDomain()}` },
    interaction: interactionPayload(faker, 1),
    appointment: appointmentPayload(1, now),
    projectId: 1,
    customerId: 1,
    leadId: CREATED_LEAD,
    newLeadId: CREATED_LEAD,
  };
}

function fill(url: string, values: Record<string, unknown>): string {
  return url.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`bare script: no sample value for {{ ${name} }}`);
    return String(value);
  });
}

/** A step as bare Artillery writes it: fixed URL and body, the created lead's id captured. */
function bareRequest(step: TaskStep, values: Record<string, unknown>): Record<string, unknown> {
  const { url, name, json } = step.spec;
  const body = json ? values[/\{\{\s*(\w+)\s*\}\}/.exec(json)?.[1] ?? ''] : undefined;
  if (json && body === undefined) throw new Error(`bare script: no sample body for ${json}`);
  const spec: Record<string, unknown> = { url: fill(url, values), name, ...(body === undefined ? {} : { json: body }) };
  if (step.method === 'post' && url === '/api/leads') spec.capture = { json: '$.id', as: 'createdLeadId' };
  return { [step.method]: spec };
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
  return [
    {
      name: `ramp to ${step.users} users`,
      duration: Math.max(1, Math.ceil(step.users / rate)),
      arrivalRate: rate,
      rampTo: rate,
      maxVusers: step.users,
    },
  ];
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
  const types = run.userTypes
    ? USER_TYPES.filter((t) => run.userTypes?.includes(t.name))
    : USER_TYPES.filter((t) => !t.weightFromEnv);
  const values = sampleValues();
  return {
    config: { target: 'http://localhost:8000', phases: barePhases(run, 1), http: { timeout: 10 } },
    scenarios: types.map((type) => {
      const tasks = type.tasks.map((task) => task.steps.map((step) => bareRequest(step, values)));
      const minMs = Math.round(type.thinkSeconds.min * 1000 * thinkScale);
      const maxMs = Math.round(type.thinkSeconds.max * 1000 * thinkScale);
      if (maxMs <= 0)
        return { name: type.name, weight: type.weight, flow: [{ loop: tasks.flat(), count: iterations }] };
      // Each task's requests, then a think drawn uniformly from the type's range, as the pack's
      // users think: the same idle gaps, so the same keep-alive sockets expire (agentkeepalive
      // drops an idle socket after 4 s) and both pay the same reconnects.
      const think = { think: `{{ $randomNumber(${minMs}, ${maxMs}) }}ms` };
      const steps = tasks.flatMap((requests) => [...requests, think]);
      // Enough rounds to fill `seconds`: a round thinks once per task.
      const count = Math.max(1, Math.round((seconds * 1000) / (tasks.length * ((minMs + maxMs) / 2))));
      return { name: type.name, weight: type.weight, flow: [{ loop: steps, count }] };
    }),
  };
}

export function writeBareScript(dir: string, name: string, options: BareOptions): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  writeFileSync(file, yaml.dump(bareScript(options), { lineWidth: 120, noRefs: true }));
  return file;
}
