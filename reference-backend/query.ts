/**
 * Pure query-string handling for list endpoints: pagination, filters, search. Kept free
 * of HTTP so the table-driven unit tests can pin the exact paging arithmetic.
 */
import {
  LEAD_STATUSES,
  PROJECT_STATUSES,
  isOneOf,
  type Lead,
  type LeadStatus,
  type Project,
  type ProjectStatus,
} from './types';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Pagination {
  page: number;
  per_page: number;
}

export interface Page<T> {
  data: T[];
  pagination: { page: number; per_page: number; total: number; pages: number };
}

/** A positive integer parameter; absent → fallback. */
export function positiveInt(query: URLSearchParams, name: string, fallback: number): Parsed<number> {
  const raw = query.get(name);
  if (raw === null || raw === '') return { ok: true, value: fallback };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    return { ok: false, error: `${name} must be a positive integer (got ${raw})` };
  return { ok: true, value };
}

/** Optional non-negative number (project value bounds). */
export function optionalNumber(query: URLSearchParams, name: string): Parsed<number | undefined> {
  const raw = query.get(name);
  if (raw === null || raw === '') return { ok: true, value: undefined };
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    return { ok: false, error: `${name} must be a non-negative number (got ${raw})` };
  return { ok: true, value };
}

/** per_page above the maximum is clamped, as Flask-SQLAlchemy's paginate(max_per_page) does. */
export function parsePagination(query: URLSearchParams): Parsed<Pagination> {
  const page = positiveInt(query, 'page', 1);
  if (!page.ok) return page;
  const perPage = positiveInt(query, 'per_page', DEFAULT_PER_PAGE);
  if (!perPage.ok) return perPage;
  return { ok: true, value: { page: page.value, per_page: Math.min(perPage.value, MAX_PER_PAGE) } };
}

export function paginate<T>(items: readonly T[], { page, per_page }: Pagination): Page<T> {
  const start = (page - 1) * per_page;
  return {
    data: items.slice(start, start + per_page),
    pagination: { page, per_page, total: items.length, pages: Math.ceil(items.length / per_page) },
  };
}

function optionalEnum<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
): Parsed<T | undefined> {
  const raw = query.get(name);
  if (raw === null || raw === '') return { ok: true, value: undefined };
  if (!isOneOf(values, raw)) return { ok: false, error: `${name} must be one of: ${values.join(', ')} (got ${raw})` };
  return { ok: true, value: raw };
}

export function parseLeadStatus(query: URLSearchParams): Parsed<LeadStatus | undefined> {
  return optionalEnum(query, 'status', LEAD_STATUSES);
}

export function filterLeads(leads: Iterable<Lead>, status: LeadStatus | undefined): Lead[] {
  const all = [...leads];
  return status === undefined ? all : all.filter((lead) => lead.status === status);
}

export interface ProjectFilter {
  status?: ProjectStatus | undefined;
  minValue?: number | undefined;
  maxValue?: number | undefined;
}

export function parseProjectFilter(query: URLSearchParams): Parsed<ProjectFilter> {
  const status = optionalEnum(query, 'status', PROJECT_STATUSES);
  if (!status.ok) return status;
  const minValue = optionalNumber(query, 'min_value');
  if (!minValue.ok) return minValue;
  const maxValue = optionalNumber(query, 'max_value');
  if (!maxValue.ok) return maxValue;
  return { ok: true, value: { status: status.value, minValue: minValue.value, maxValue: maxValue.value } };
}

/** Bounds are inclusive: min_value=10000&max_value=30000 keeps a 30000 project. */
export function filterProjects(projects: Iterable<Project>, filter: ProjectFilter): Project[] {
  const result: Project[] = [];
  for (const project of projects) {
    if (filter.status !== undefined && project.status !== filter.status) continue;
    if (filter.minValue !== undefined && project.value < filter.minValue) continue;
    if (filter.maxValue !== undefined && project.value > filter.maxValue) continue;
    result.push(project);
  }
  return result;
}

const SEARCHED_FIELDS = ['first_name', 'last_name', 'email', 'city', 'source', 'notes'] as const;

/**
 * Case-insensitive substring match over name, email, city, source and notes ("John Smith" matches the full name too).
 */
export function searchLeads(leads: Iterable<Lead>, q: string): Lead[] {
  const needle = q.trim().toLowerCase();
  if (needle === '') return [];
  const result: Lead[] = [];
  for (const lead of leads) {
    const fullName = `${lead.first_name} ${lead.last_name}`.toLowerCase();
    if (fullName.includes(needle) || SEARCHED_FIELDS.some((field) => lead[field].toLowerCase().includes(needle)))
      result.push(lead);
  }
  return result;
}

/** A bounded `limit` parameter (recent activity, interactions). */
export function parseLimit(query: URLSearchParams, fallback: number, max: number): Parsed<number> {
  const limit = positiveInt(query, 'limit', fallback);
  return limit.ok ? { ok: true, value: Math.min(limit.value, max) } : limit;
}
