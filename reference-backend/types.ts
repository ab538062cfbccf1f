/**
 * Domain records of the imitated iSwitch Roofs CRM and the fixed vocabularies the
 * load-test scenarios draw from (behaviour.md). Kept in one place so data generation,
 * validation and analytics can never disagree about what a valid status is.
 */

export const LEAD_SOURCES = ['Google LSA', 'Facebook Ads', 'Website', 'Referral', 'Insurance Agent'] as const;
export const CITIES = ['Birmingham', 'Bloomfield Hills', 'Troy', 'Rochester Hills'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'proposal_sent', 'converted', 'lost'] as const;
export const PROJECT_STATUSES = ['in_progress', 'completed', 'approved', 'pending'] as const;
export const INTERACTION_TYPES = ['call', 'email', 'meeting', 'note', 'sms'] as const;
/** Sales reps leads are assigned to; only used by team-performance analytics. */
export const SALES_REPS = ['Alex Carter', 'Jordan Lee', 'Sam Rivera', 'Taylor Brooks', 'Morgan Hayes'] as const;

export type LeadSource = (typeof LEAD_SOURCES)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface Lead {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  source: string;
  city: string;
  state: string;
  zip_code: string;
  status: LeadStatus;
  notes: string;
  assigned_to: string;
  /** Estimated job value; lets analytics report revenue per lead group. */
  estimated_value: number;
  created_at: string;
  updated_at: string;
}

export interface Customer {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
  created_at: string;
}

export interface Project {
  id: number;
  customer_id: number;
  name: string;
  status: ProjectStatus;
  value: number;
  start_date: string;
  created_at: string;
}

export interface Interaction {
  id: number;
  entity_type: string;
  entity_id: number;
  interaction_type: string;
  subject: string;
  content: string;
  created_at: string;
}

export interface Appointment {
  id: number;
  entity_type: string;
  entity_id: number;
  title: string;
  scheduled_date: string;
  duration_minutes: number;
  created_at: string;
}

export interface SeedData {
  leads: Lead[];
  customers: Customer[];
  projects: Project[];
  interactions: Interaction[];
}

export function isOneOf<T extends string>(values: readonly T[], candidate: unknown): candidate is T {
  return typeof candidate === 'string' && (values as readonly string[]).includes(candidate);
}
