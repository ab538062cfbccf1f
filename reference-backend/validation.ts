/**
 * Pure validation of request bodies. Each validator returns either the cleaned input or
 * a field → problem map that the route turns into `400 {error, details}`, the shape a
 * Flask API with marshmallow-style validation answers.
 */
import {
  CITIES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  PROJECT_STATUSES,
  isOneOf,
  type LeadStatus,
  type ProjectStatus,
} from './types';

export type Details = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; details: Details };

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^[0-9+().\-\s]{7,20}$/;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ISO 8601 date or date-time that names a real calendar day (2024-02-30 is rejected). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE_PATTERN.test(value)) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const day = value.slice(0, 10);
  const [year, month, date] = day.split('-').map(Number);
  const probe = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1));
  return probe.toISOString().slice(0, 10) === day;
}

/** Collects problems field by field so one 400 lists every bad field at once. */
class FieldReader {
  readonly details: Details = {};
  constructor(private readonly body: Record<string, unknown>) {}

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  text(field: string, required: boolean, check?: (value: string) => string | undefined): string | undefined {
    const raw = this.body[field];
    if (raw === undefined || raw === null || raw === '') {
      if (required) this.details[field] = 'is required';
      return undefined;
    }
    if (typeof raw !== 'string') {
      this.details[field] = 'must be a string';
      return undefined;
    }
    const value = raw.trim();
    if (value === '') {
      if (required) this.details[field] = 'is required';
      return undefined;
    }
    const problem = check?.(value);
    if (problem !== undefined) {
      this.details[field] = problem;
      return undefined;
    }
    return value;
  }

  number(field: string, required: boolean, min: number): number | undefined {
    const raw = this.body[field];
    if (raw === undefined || raw === null) {
      if (required) this.details[field] = 'is required';
      return undefined;
    }
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      this.details[field] = `must be a number >= ${min}`;
      return undefined;
    }
    return value;
  }

  result<T>(value: T): Validated<T> {
    return Object.keys(this.details).length === 0 ? { ok: true, value } : { ok: false, details: this.details };
  }
}

const emailCheck = (value: string): string | undefined =>
  EMAIL_PATTERN.test(value) ? undefined : 'must be a valid email address';
const phoneCheck = (value: string): string | undefined =>
  PHONE_PATTERN.test(value) ? undefined : 'must be a phone number';
const oneOf =
  (values: readonly string[]) =>
  (value: string): string | undefined =>
    values.includes(value) ? undefined : `must be one of: ${values.join(', ')}`;

export interface LeadInput {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  source?: string;
  city?: string;
  state?: string;
  zip_code?: string;
  status?: LeadStatus;
  notes?: string;
}

/** Lead fields; `partial` is for PUT, where every field is optional but still checked. */
export function validateLead(body: unknown, partial: boolean): Validated<LeadInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const read = new FieldReader(body);
  const required = !partial;
  const input: LeadInput = {
    first_name: read.text('first_name', required),
    last_name: read.text('last_name', required),
    email: read.text('email', required, emailCheck)?.toLowerCase(),
    phone: read.text('phone', required, phoneCheck),
    source: read.text('source', required, oneOf(LEAD_SOURCES)),
    city: read.text('city', false),
    state: read.text('state', false),
    zip_code: read.text('zip_code', false),
    notes: read.text('notes', false),
  };
  const status = read.text('status', false, oneOf(LEAD_STATUSES));
  if (isOneOf(LEAD_STATUSES, status)) input.status = status;
  if (partial && Object.keys(body).length === 0) read.details['body'] = 'no fields to update';
  return read.result(input);
}

export interface CustomerInput {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
}

export function validateCustomer(body: unknown): Validated<CustomerInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const read = new FieldReader(body);
  return read.result({
    first_name: read.text('first_name', true) ?? '',
    last_name: read.text('last_name', true) ?? '',
    email: (read.text('email', true, emailCheck) ?? '').toLowerCase(),
    phone: read.text('phone', false, phoneCheck) ?? '',
    city: read.text('city', false) ?? CITIES[0],
  });
}

export interface ProjectInput {
  customer_id: number;
  name: string;
  value: number;
  status: ProjectStatus;
  start_date?: string;
}

export function validateProject(body: unknown): Validated<ProjectInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const read = new FieldReader(body);
  const customerId = read.number('customer_id', true, 1);
  const status = read.text('status', false, oneOf(PROJECT_STATUSES));
  const startDate = read.text('start_date', false, (value) => (isIsoDate(value) ? undefined : 'must be an ISO date'));
  return read.result({
    customer_id: customerId ?? 0,
    name: read.text('name', true) ?? '',
    value: read.number('value', true, 0) ?? 0,
    status: isOneOf(PROJECT_STATUSES, status) ? status : 'pending',
    ...(startDate === undefined ? {} : { start_date: startDate }),
  });
}

export interface InteractionInput {
  entity_type: string;
  entity_id: number;
  interaction_type: string;
  subject: string;
  content: string;
}

export function validateInteraction(body: unknown): Validated<InteractionInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const read = new FieldReader(body);
  return read.result({
    entity_type: read.text('entity_type', true) ?? '',
    entity_id: read.number('entity_id', true, 1) ?? 0,
    interaction_type: read.text('interaction_type', true) ?? '',
    subject: read.text('subject', false) ?? '',
    content: read.text('content', false) ?? '',
  });
}

export interface AppointmentInput {
  entity_type: string;
  entity_id: number;
  title: string;
  scheduled_date: string;
  duration_minutes: number;
}

export function validateAppointment(body: unknown): Validated<AppointmentInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const read = new FieldReader(body);
  return read.result({
    entity_type: read.text('entity_type', true) ?? '',
    entity_id: read.number('entity_id', true, 1) ?? 0,
    title: read.text('title', true) ?? '',
    scheduled_date: read.text('scheduled_date', true, (v) => (isIsoDate(v) ? undefined : 'must be an ISO date')) ?? '',
    duration_minutes: read.number('duration_minutes', false, 1) ?? 60,
  });
}

export const REPORT_METRICS = ['leads', 'conversions', 'revenue'] as const;
export const REPORT_GROUPS = ['source', 'city', 'status'] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];
export type ReportGroup = (typeof REPORT_GROUPS)[number];
export interface CustomReportInput {
  start_date: string;
  end_date: string;
  metrics: ReportMetric[];
  group_by: ReportGroup;
}

export function validateCustomReport(body: unknown): Validated<CustomReportInput> {
  if (!isRecord(body)) return { ok: false, details: { body: 'must be a JSON object' } };
  const details: Details = {};
  const { start_date: start, end_date: end, metrics, group_by: groupBy } = body;
  if (!isIsoDate(start)) details['start_date'] = 'must be an ISO date';
  if (!isIsoDate(end)) details['end_date'] = 'must be an ISO date';
  if (isIsoDate(start) && isIsoDate(end) && Date.parse(end) < Date.parse(start))
    details['end_date'] = 'must not be before start_date';
  if (!isOneOf(REPORT_GROUPS, groupBy)) details['group_by'] = `must be one of: ${REPORT_GROUPS.join(', ')}`;
  let chosen: ReportMetric[] = [...REPORT_METRICS];
  if (metrics !== undefined) {
    if (!Array.isArray(metrics) || metrics.length === 0 || !metrics.every((m) => isOneOf(REPORT_METRICS, m))) {
      details['metrics'] = `must be a non-empty list drawn from: ${REPORT_METRICS.join(', ')}`;
    } else {
      chosen = [...new Set(metrics as ReportMetric[])];
    }
  }
  if (Object.keys(details).length > 0 || !isIsoDate(start) || !isIsoDate(end) || !isOneOf(REPORT_GROUPS, groupBy)) {
    return { ok: false, details };
  }
  return { ok: true, value: { start_date: start, end_date: end, metrics: chosen, group_by: groupBy } };
}
