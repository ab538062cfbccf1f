/**
 * Seeded, deterministic generation of the CRM's starting data. Same seed + same anchor
 * time → byte-identical records, so a failing load test can be replayed against the
 * same data. No faker: the pack's small seeded PRNG (core/random.ts) is enough and
 * keeps start-up instant.
 */
import { integerBetween as intBetween, mulberry32, pickOne as pick, type Rng } from '../core/random';
import {
  CITIES,
  INTERACTION_TYPES,
  LEAD_SOURCES,
  SALES_REPS,
  type Customer,
  type Interaction,
  type Lead,
  type LeadStatus,
  type Project,
  type ProjectStatus,
  type SeedData,
} from './types';

/** Picks by relative weight; lets the seeded statuses look like a real funnel. */
export function weightedPick<T>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = table[table.length - 1];
  if (last === undefined) throw new Error('weightedPick() from an empty table');
  return last[0];
}

const FIRST_NAMES = [
  'John',
  'Mary',
  'James',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Susan',
  'Richard',
  'Jessica',
  'Joseph',
  'Sarah',
  'Thomas',
  'Karen',
  'Daniel',
  'Nancy',
] as const;
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
] as const;
// Notes contain the words the scenarios search for (roof, insurance, urgent) so search returns hits.
const LEAD_NOTES = [
  'Roof leak after the storm, urgent',
  'Insurance claim for hail damage',
  'Wants a quote for a full roof replacement',
  'Referred by a neighbour',
  'Gutter repair and roof inspection',
  'Follow up next week',
  'Shingle damage, insurance adjuster scheduled',
  'Asked about financing options',
] as const;
const PROJECT_KINDS = [
  'Roof replacement',
  'Shingle repair',
  'Gutter installation',
  'Storm damage repair',
  'Roof inspection',
  'Skylight installation',
] as const;
const LEAD_STATUS_WEIGHTS: ReadonlyArray<readonly [LeadStatus, number]> = [
  ['new', 30],
  ['contacted', 25],
  ['qualified', 15],
  ['proposal_sent', 10],
  ['converted', 12],
  ['lost', 8],
];
const PROJECT_STATUS_WEIGHTS: ReadonlyArray<readonly [ProjectStatus, number]> = [
  ['in_progress', 35],
  ['completed', 30],
  ['approved', 20],
  ['pending', 15],
];

const DAY_MS = 86_400_000;
/** How far back seeded records reach; covers the 30/60/90-day funnels and a year of monthly trends. */
const HISTORY_DAYS = 180;

export interface SeedCounts {
  leads: number;
  customers: number;
  projects: number;
}

/** Midnight UTC of the day containing `ms`: the default anchor, so data is stable within a day. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function phoneNumber(rng: Rng): string {
  return `248-555-${String(intBetween(rng, 0, 9999)).padStart(4, '0')}`;
}

function pastInstant(rng: Rng, anchorMs: number): number {
  return anchorMs - Math.floor(rng() * HISTORY_DAYS * DAY_MS);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Generates the seed data. `anchorMs` is "now" for the data: every date lies before it. */
export function generateSeedData(seed: number, counts: SeedCounts, anchorMs: number): SeedData {
  const rng = mulberry32(seed);
  const leads: Lead[] = [];
  for (let id = 1; id <= counts.leads; id += 1) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const created = pastInstant(rng, anchorMs);
    const updated = created + Math.floor(rng() * Math.min(anchorMs - created, 10 * DAY_MS));
    leads.push({
      id,
      first_name: first,
      last_name: last,
      email: `${first}.${last}.${id}@crm.example.com`.toLowerCase(),
      phone: phoneNumber(rng),
      source: pick(rng, LEAD_SOURCES),
      city: pick(rng, CITIES),
      state: 'MI',
      zip_code: '48009',
      status: weightedPick(rng, LEAD_STATUS_WEIGHTS),
      notes: pick(rng, LEAD_NOTES),
      assigned_to: pick(rng, SALES_REPS),
      estimated_value: intBetween(rng, 80, 400) * 100,
      created_at: iso(created),
      updated_at: iso(updated),
    });
  }
  const customers: Customer[] = [];
  for (let id = 1; id <= counts.customers; id += 1) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    customers.push({
      id,
      first_name: first,
      last_name: last,
      email: `${first}.${last}.c${id}@crm.example.com`.toLowerCase(),
      phone: phoneNumber(rng),
      city: pick(rng, CITIES),
      created_at: iso(pastInstant(rng, anchorMs)),
    });
  }
  const projects: Project[] = [];
  // Projects need an owner; with no customers there is nothing to attach them to.
  const projectCount = customers.length > 0 ? counts.projects : 0;
  for (let id = 1; id <= projectCount; id += 1) {
    const customer = pick(rng, customers);
    const created = pastInstant(rng, anchorMs);
    projects.push({
      id,
      customer_id: customer.id,
      name: `${pick(rng, PROJECT_KINDS)} - ${customer.last_name}`,
      status: weightedPick(rng, PROJECT_STATUS_WEIGHTS),
      value: intBetween(rng, 20, 160) * 500,
      start_date: iso(created + intBetween(rng, 0, 14) * DAY_MS).slice(0, 10),
      created_at: iso(created),
    });
  }
  const interactions: Interaction[] = [];
  const interactionCount = leads.length > 0 ? Math.floor(leads.length / 2) : 0;
  for (let id = 1; id <= interactionCount; id += 1) {
    const lead = pick(rng, leads);
    const type = pick(rng, INTERACTION_TYPES);
    interactions.push({
      id,
      entity_type: 'lead',
      entity_id: lead.id,
      interaction_type: type,
      subject: `${type} with ${lead.first_name} ${lead.last_name}`,
      content: pick(rng, LEAD_NOTES),
      created_at: iso(pastInstant(rng, anchorMs)),
    });
  }
  // Interactions are listed newest first; keep the seed array in creation order like live ones.
  interactions.sort((a, b) => a.created_at.localeCompare(b.created_at));
  interactions.forEach((interaction, index) => {
    interaction.id = index + 1;
  });
  return { leads, customers, projects, interactions };
}
