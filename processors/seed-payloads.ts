/**
 * Records for `npm run seed`: customers, projects and leads like the guide's
 * seed script makes, all in the test e-mail domain (subdomain "seed") so
 * `npm run seed -- --clean` can find and remove them on any CRM.
 */
import type { Faker } from '@faker-js/faker';
import { integerBetween, pickOne, type Rng } from '../core/random';
import {
  contactFields,
  DAY_MS,
  isoDate,
  LEAD_CITIES,
  newLeadPayload,
  type ContactFields,
  type NewLead,
} from './payloads';
import { SEED_SUBDOMAIN } from '../core/test-data-domain';

export const SEED_PROJECT_STATUSES = ['in_progress', 'completed', 'approved', 'pending'] as const;
const ROOF_WORK = [
  'Roof replacement',
  'Storm damage repair',
  'Shingle repair',
  'Gutter installation',
  'Roof inspection',
];

export interface SeedCustomer extends ContactFields {
  city: string;
}

export interface SeedProject {
  customer_id: string | number;
  name: string;
  value: number;
  status: (typeof SEED_PROJECT_STATUSES)[number];
  start_date: string;
}

export function seedCustomerPayload(faker: Faker, rng: Rng, uniqueTag: string, emailDomain: string): SeedCustomer {
  return {
    ...contactFields(faker, rng, uniqueTag, `${SEED_SUBDOMAIN}.${emailDomain}`),
    city: pickOne(rng, LEAD_CITIES),
  };
}

/** A project worth 10,000-80,000 (the range the ProjectViewUser's value filters cover). */
export function seedProjectPayload(
  rng: Rng,
  customerId: string | number,
  customerName: string,
  now: Date,
): SeedProject {
  const start = new Date(now.getTime() - integerBetween(rng, 0, 180) * DAY_MS);
  return {
    customer_id: customerId,
    name: `${pickOne(rng, ROOF_WORK)} - ${customerName}`,
    value: integerBetween(rng, 10, 80) * 1000,
    status: pickOne(rng, SEED_PROJECT_STATUSES),
    start_date: isoDate(start),
  };
}

export function seedLeadPayload(faker: Faker, rng: Rng, uniqueTag: string, emailDomain: string): NewLead {
  return newLeadPayload(faker, rng, uniqueTag, emailDomain, SEED_SUBDOMAIN);
}
