/**
 * Request bodies and query strings of the CRM's user types, as
 * the team's Locust guide described them. Pure: randomness comes in as an
 * Rng (and a Faker seeded from it), the clock as `now`.
 */
import type { Faker } from '@faker-js/faker';
import { chance, integerBetween, pickOne, type Rng } from '../core/random';
import { emailLocalPart, LOAD_RUN_SUBDOMAIN } from '../core/test-data-domain';
import type { LeadId } from './owned-leads';

export const LEAD_SOURCES = ['Google LSA', 'Facebook Ads', 'Website', 'Referral', 'Insurance Agent'] as const;
export const LEAD_CITIES = ['Birmingham', 'Bloomfield Hills', 'Troy', 'Rochester Hills'] as const;
export const LEAD_LIST_STATUSES = ['new', 'contacted', 'qualified', 'converted'] as const;
export const LEAD_UPDATE_STATUSES = ['contacted', 'qualified', 'proposal_sent'] as const;
export const LEAD_SEARCH_TERMS = ['roof', 'insurance', 'Birmingham', 'urgent', 'John'] as const;
export const LEAD_PAGE_SIZES = [25, 50, 100] as const;
export const LEAD_LIST_PAGES = [1, 2, 3, 4, 5] as const;
export const PROJECT_LIST_PAGES = [1, 2, 3] as const;
export const PROJECT_PAGE_SIZE = 50;
export const PROJECT_STATUSES = ['in_progress', 'completed', 'approved'] as const;
export const PROJECT_MIN_VALUES = [10000, 20000, 30000] as const;
export const PROJECT_VALUE_SPANS = [20000, 30000, 40000] as const;
export const FUNNEL_DAYS = [30, 60, 90] as const;
export const REVENUE_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export const REPORT_GROUPINGS = ['source', 'city', 'status'] as const;
export const REPORT_METRICS = ['leads', 'conversions', 'revenue'] as const;

export interface ContactFields {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}

/** A person: a faker name, a unique address at `emailHost`, a 248-555-NNNN phone. */
export function contactFields(faker: Faker, rng: Rng, uniqueTag: string, emailHost: string): ContactFields {
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  return {
    first_name: first,
    last_name: last,
    email: `${emailLocalPart(first, last, uniqueTag)}@${emailHost}`,
    phone: `248-555-${String(integerBetween(rng, 0, 9999)).padStart(4, '0')}`,
  };
}

export interface NewLead {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  source: (typeof LEAD_SOURCES)[number];
  city: (typeof LEAD_CITIES)[number];
  state: 'MI';
  zip_code: '48009';
  status: 'new';
}

/**
 * A new lead. `uniqueTag` makes the address unique across users and runs
 * (run id, user ordinal, counter); the domain marks it as test data, and the
 * subdomain says who made it (a virtual user, or the seed script).
 */
export function newLeadPayload(
  faker: Faker,
  rng: Rng,
  uniqueTag: string,
  emailDomain: string,
  subdomain: string = LOAD_RUN_SUBDOMAIN,
): NewLead {
  return {
    ...contactFields(faker, rng, uniqueTag, `${subdomain}.${emailDomain}`),
    source: pickOne(rng, LEAD_SOURCES),
    city: pickOne(rng, LEAD_CITIES),
    state: 'MI',
    zip_code: '48009',
    status: 'new',
  };
}

export interface LeadUpdate {
  status: (typeof LEAD_UPDATE_STATUSES)[number];
  notes: string;
}

export function leadUpdatePayload(faker: Faker, rng: Rng, status = pickOne(rng, LEAD_UPDATE_STATUSES)): LeadUpdate {
  return { status, notes: `Load test follow-up: ${faker.lorem.sentence({ min: 4, max: 10 })}` };
}

/** `page=P&per_page=N`, and four times in five `&status=S`. */
export function leadListQuery(rng: Rng): string {
  const query = `page=${pickOne(rng, LEAD_LIST_PAGES)}&per_page=${pickOne(rng, LEAD_PAGE_SIZES)}`;
  return chance(rng, 4 / 5) ? `${query}&status=${pickOne(rng, LEAD_LIST_STATUSES)}` : query;
}

/** Every query string leadListQuery can produce (the cache warm-up requests them all). */
export function allLeadListQueries(): string[] {
  const queries: string[] = [];
  for (const page of LEAD_LIST_PAGES) {
    for (const size of LEAD_PAGE_SIZES) {
      queries.push(`page=${page}&per_page=${size}`);
      for (const status of LEAD_LIST_STATUSES) queries.push(`page=${page}&per_page=${size}&status=${status}`);
    }
  }
  return queries;
}

/** `page=P&per_page=50`, and three times in four `&status=S`. */
export function projectListQuery(rng: Rng): string {
  const query = `page=${pickOne(rng, PROJECT_LIST_PAGES)}&per_page=${PROJECT_PAGE_SIZE}`;
  return chance(rng, 3 / 4) ? `${query}&status=${pickOne(rng, PROJECT_STATUSES)}` : query;
}

/** Every query string projectListQuery can produce. */
export function allProjectListQueries(): string[] {
  return PROJECT_LIST_PAGES.flatMap((page) => {
    const query = `page=${page}&per_page=${PROJECT_PAGE_SIZE}`;
    return [query, ...PROJECT_STATUSES.map((s) => `${query}&status=${s}`)];
  });
}

export function projectValueRange(rng: Rng): { minValue: number; maxValue: number } {
  const minValue = pickOne(rng, PROJECT_MIN_VALUES);
  return { minValue, maxValue: minValue + pickOne(rng, PROJECT_VALUE_SPANS) };
}

/** Every value range projectValueRange can produce. */
export function allProjectValueRanges(): Array<{ minValue: number; maxValue: number }> {
  return PROJECT_MIN_VALUES.flatMap((minValue) =>
    PROJECT_VALUE_SPANS.map((span) => ({ minValue, maxValue: minValue + span })),
  );
}

/** YYYY-MM-DD (UTC), as the CRM's date fields take it. */
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
export const DAY_MS = 24 * 3600 * 1000;

export interface CustomReport {
  start_date: string;
  end_date: string;
  metrics: Array<(typeof REPORT_METRICS)[number]>;
  group_by: (typeof REPORT_GROUPINGS)[number];
}

/** A report over the last 30, 60 or 90 days up to today. */
export function customReportPayload(rng: Rng, now: Date): CustomReport {
  const days = pickOne(rng, FUNNEL_DAYS);
  return {
    start_date: isoDate(new Date(now.getTime() - days * DAY_MS)),
    end_date: isoDate(now),
    metrics: [...REPORT_METRICS],
    group_by: pickOne(rng, REPORT_GROUPINGS),
  };
}

export interface Interaction {
  entity_type: 'lead';
  entity_id: LeadId;
  interaction_type: 'call';
  subject: string;
  content: string;
}

export function interactionPayload(faker: Faker, leadId: LeadId): Interaction {
  return {
    entity_type: 'lead',
    entity_id: leadId,
    interaction_type: 'call',
    subject: 'Initial roof inspection call',
    content: faker.lorem.sentences({ min: 1, max: 3 }),
  };
}

export interface Appointment {
  entity_type: 'lead';
  entity_id: LeadId;
  title: string;
  scheduled_date: string;
  duration_minutes: 60;
}

/** An inspection two days ahead, at a whole hour. */
export function appointmentPayload(leadId: LeadId, now: Date): Appointment {
  const when = new Date(now.getTime() + 2 * DAY_MS);
  when.setUTCMinutes(0, 0, 0);
  return {
    entity_type: 'lead',
    entity_id: leadId,
    title: 'Roof inspection',
    scheduled_date: when.toISOString(),
    duration_minutes: 60,
  };
}
