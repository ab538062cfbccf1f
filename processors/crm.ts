/**
 * The Artillery processor of the CRM scenarios: the functions the generated
 * flows name (`function:`, `beforeScenario:`, `afterResponse:`, `whileTrue:`).
 * Thin adapters: decisions live in virtual-user.ts, bodies in payloads.ts.
 *
 * Each user keeps its state in a WeakMap keyed by its Artillery context, and
 * exposes to the flow only what the YAML templates read (`leadId`,
 * `newLead`, ...) plus the booleans the steps' `ifTrue` conditions test.
 *
 * The function names are Artillery's interface: the generated YAML names
 * them, and a test checks that every name it uses is exported here.
 */
import { threadId } from 'node:worker_threads';
import { faker } from '@faker-js/faker/locale/en_US';
import { isLoadRunEmail } from '../core/test-data-domain';
import type { LeadId } from './owned-leads';
import { appointmentPayload, interactionPayload } from './payloads';
import { pickOne } from '../core/random';
import { findCreatedId, findListItems, isSuccessStatus, itemId } from '../core/response-shape';
import { readProcessorSettings } from '../core/settings';
import { allStepConditions } from '../core/step-conditions';
import { TASK_PREPARERS } from './task-preparers';
import { createVirtualUser, hasTimeLeft, LoadClock, nextTask, thinkTimeMs, type VirtualUser } from './virtual-user';

interface ArtilleryContext {
  vars: Record<string, unknown>;
  scenario?: { name?: string };
}
interface ArtilleryEvents {
  emit(event: string, ...args: unknown[]): unknown;
}
interface ArtilleryResponse {
  statusCode: number;
  body?: unknown;
}
type Done = (error?: Error) => void;

const settings = readProcessorSettings();
// A run without LOADTEST_SEED still gets one seed for all its users; the crm
// plugin sets LOADTEST_SEED in the main process before workers start, so it
// is normally present here.
const runSeed = settings.seed ?? Math.floor(Math.random() * 2 ** 31);
const workerId = process.env.LOCAL_WORKER_ID ?? process.env.WORKER_ID ?? String(threadId);
const clock = new LoadClock();
const users = new WeakMap<object, VirtualUser>();
let usersStarted = 0;

// The steps' `ifTrue` conditions (when_<task>[__<flag>]), one function each,
// generated from the same user types as the scenario files. Artillery finds
// them on the module's exports.
Object.assign(module.exports, allStepConditions());

/** Flags that `ifTrue` conditions read; cleared before every task. */
const STEP_FLAGS = ['leadReady', 'newLeadReady', 'projectReady', 'customerReady'] as const;

function userOf(context: ArtilleryContext): VirtualUser {
  const user = users.get(context);
  if (!user)
    throw new Error('crm processor: beginUser did not run for this virtual user (is it the beforeScenario hook?)');
  return user;
}

/** Re-seed the shared Faker from the user's stream: payloads replay with LOADTEST_SEED. */
function fakerFor(user: VirtualUser) {
  faker.seed(Math.floor(user.rng() * 2 ** 31));
  return faker;
}

let reportedMissingDuration = false;

/** beforeScenario: give the arriving user its type, its random stream and its deadline. */
export function beginUser(context: ArtilleryContext, _events: ArtilleryEvents, done: Done): void {
  const loadDurationMs = Number(context.vars.loadDurationMs);
  if (!(loadDurationMs > 0)) {
    const message =
      'crm processor: variable loadDurationMs is missing, so users cannot know when the run ends. ' +
      ('It is set by the "crm" plugin (artillery-plugin-crm): check that config.plugins lists crm ' +
        'and that `npm ci` built it.');
    if (!reportedMissingDuration) console.error(message);
    reportedMissingDuration = true;
    return done(new Error(message));
  }
  const now = Date.now();
  usersStarted++;
  users.set(
    context,
    createVirtualUser({
      typeName: context.scenario?.name ?? '',
      runSeed,
      workerId,
      ordinal: usersStarted,
      maxOwnedLeads: settings.maxOwnedLeads,
      endsAt: clock.endsAt(loadDurationMs, now),
    }),
  );
  done();
}

/** First step of every loop turn: choose a task by weight (none once time is up) and prepare it. */
export function pickTask(context: ArtilleryContext, _events: ArtilleryEvents, done: Done): void {
  const user = userOf(context);
  const vars = context.vars;
  for (const flag of STEP_FLAGS) vars[flag] = false;
  if (!hasTimeLeft(user, Date.now())) {
    vars.task = '';
    return done();
  }
  const task = nextTask(user);
  vars.task = task.id;
  TASK_PREPARERS[task.id]?.({
    user,
    vars,
    faker: () => fakerFor(user),
    nextLeadTag: () => `${String(vars.$testId ?? 'run')}-${user.tag}-${++user.leadsCreated}`,
    emailDomain: settings.emailDomain,
    now: new Date(),
  });
  done();
}

/** Last step of every loop turn: think like this user type, never past the end of the run. */
export function think(context: ArtilleryContext, _events: ArtilleryEvents, done: Done): void {
  const ms = thinkTimeMs(userOf(context), Date.now(), settings.thinkScale);
  // No think (capacity runs): yield to the event loop, not a timer, so users do not starve each other.
  if (ms <= 0) setImmediate(() => done());
  else setTimeout(() => done(), ms);
}

/** The loop's `whileTrue`: keep working until the run's end. */
export function userKeepsWorking(context: ArtilleryContext, next: (keepGoing: boolean) => void): void {
  next(hasTimeLeft(userOf(context), Date.now()));
}

// ---- request hooks -------------------------------------------------------------

type AfterResponse = (
  req: unknown,
  res: ArtilleryResponse,
  context: ArtilleryContext,
  events: ArtilleryEvents,
  done: Done,
) => void;
type BeforeRequest = (req: unknown, context: ArtilleryContext, events: ArtilleryEvents, done: Done) => void;

function jsonBody(res: ArtilleryResponse): unknown {
  if (typeof res.body !== 'string') return res.body;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/** Any 2xx: a CRM may answer a list with 200 or 203, and the outcome hook judges the status anyway. */
const succeeded = (res: ArtilleryResponse) => isSuccessStatus(res.statusCode);

/** A list answer's items, wherever this CRM puts them (response-shape.ts). */
function listedItems(res: ArtilleryResponse, plural: string): unknown[] {
  return succeeded(res) ? findListItems(jsonBody(res), plural, settings.shape) : [];
}

/** After POST /api/leads: the new lead becomes this user's, and the task's next requests may use it. */
export const rememberCreatedLead: AfterResponse = (_req, res, context, _events, done) => {
  // The scenario expects 201 here (the guide names it); any 2xx with an id still gives the user its lead.
  const id = succeeded(res) ? findCreatedId(jsonBody(res), 'lead', settings.shape) : undefined;
  if (id !== undefined) {
    userOf(context).owned.add(id);
    context.vars.newLeadId = id;
  }
  context.vars.newLeadReady = id !== undefined;
  done();
};

/**
 * After GET /api/leads?per_page=10: take a lead no virtual user created.
 * Those are never deleted during the run, so reading one cannot 404 from a
 * race with its owner (the Locust original's defect).
 */
export const adoptLeadFromList: AfterResponse = (_req, res, context, _events, done) => {
  const stable = listedItems(res, 'leads').filter((lead) => !isLoadRunEmail((lead as { email?: unknown }).email));
  const id = stable.length > 0 ? itemId(pickOne(userOf(context).rng, stable)) : undefined;
  context.vars.leadId = id;
  context.vars.leadReady = id !== undefined;
  done();
};

function adoptFromList(plural: string, readyFlag: string, idVar: string): AfterResponse {
  return (_req, res, context, _events, done) => {
    const items = listedItems(res, plural);
    const id = items.length > 0 ? itemId(pickOne(userOf(context).rng, items)) : undefined;
    context.vars[idVar] = id;
    context.vars[readyFlag] = id !== undefined;
    done();
  };
}

/** After GET /api/projects?per_page=10: view one of them. */
export const adoptProjectFromList = adoptFromList('projects', 'projectReady', 'projectId');
/** After GET /api/customers?per_page=10: list one customer's projects. */
export const adoptCustomerFromList = adoptFromList('customers', 'customerReady', 'customerId');

/** Mixed workflow: a call logged for the lead just created. */
export const prepareInteraction: BeforeRequest = (_req, context, _events, done) => {
  context.vars.interaction = interactionPayload(fakerFor(userOf(context)), context.vars.newLeadId as LeadId);
  done();
};

/** Mixed workflow: an inspection booked two days ahead for the lead just created. */
export const prepareAppointment: BeforeRequest = (_req, context, _events, done) => {
  context.vars.appointment = appointmentPayload(context.vars.newLeadId as LeadId, new Date());
  done();
};
