/**
 * Pure analytics over the store's records. Each function takes the records and "now" and
 * returns the JSON body; nothing here knows about HTTP or the cache, which is why the
 * results can be cached (and unit-tested) as plain values.
 */
import { LEAD_STATUSES, PROJECT_STATUSES, type Lead, type Project } from './types';
import type { Store } from './store';

const DAY_MS = 86_400_000;

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

export function countBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  seedKeys: readonly string[] = [],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of seedKeys) counts[key] = 0;
  for (const item of items) {
    const key = keyOf(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function sum<T>(items: Iterable<T>, valueOf: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += valueOf(item);
  return total;
}

const isRevenue = (project: Project): boolean => project.status === 'completed' || project.status === 'approved';
const isActive = (project: Project): boolean => project.status === 'in_progress' || project.status === 'approved';

export function dashboard(store: Store, nowMs: number): Record<string, unknown> {
  const leads = [...store.leads.values()];
  const projects = [...store.projects.values()];
  const converted = leads.filter((lead) => lead.status === 'converted').length;
  return {
    total_leads: leads.length,
    leads_by_status: countBy(leads, (lead) => lead.status, LEAD_STATUSES),
    new_leads_7d: leads.filter((lead) => nowMs - Date.parse(lead.created_at) <= 7 * DAY_MS).length,
    conversion_rate: ratio(converted, leads.length),
    total_customers: store.customers.size,
    total_projects: projects.length,
    active_projects: projects.filter(isActive).length,
    pipeline_value: sum(
      projects.filter((p) => p.status !== 'completed'),
      (p) => p.value,
    ),
    revenue: sum(
      projects.filter((p) => p.status === 'completed'),
      (p) => p.value,
    ),
    generated_at: new Date(nowMs).toISOString(),
  };
}

export function businessSummary(store: Store, nowMs: number): Record<string, unknown> {
  const leads = [...store.leads.values()];
  const projects = [...store.projects.values()];
  const monthAgo = nowMs - 30 * DAY_MS;
  const revenueProjects = projects.filter(isRevenue);
  return {
    revenue: {
      total: sum(revenueProjects, (p) => p.value),
      completed: sum(
        projects.filter((p) => p.status === 'completed'),
        (p) => p.value,
      ),
      pipeline: sum(
        projects.filter((p) => !isRevenue(p)),
        (p) => p.value,
      ),
    },
    leads: {
      total: leads.length,
      new_last_30d: leads.filter((lead) => Date.parse(lead.created_at) >= monthAgo).length,
      conversion_rate: ratio(leads.filter((lead) => lead.status === 'converted').length, leads.length),
    },
    projects: {
      total: projects.length,
      average_value: projects.length === 0 ? 0 : Math.round(sum(projects, (p) => p.value) / projects.length),
    },
    customers: { total: store.customers.size },
    generated_at: new Date(nowMs).toISOString(),
  };
}

/** Latest lead events, newest first; derived from leads only, which is why lead writes invalidate it. */
export function recentActivity(store: Store, limit: number): Record<string, unknown> {
  const leads = [...store.leads.values()].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
  const data = leads.slice(0, limit).map((lead) => ({
    type: lead.created_at === lead.updated_at ? 'lead_created' : 'lead_updated',
    lead_id: lead.id,
    name: `${lead.first_name} ${lead.last_name}`,
    status: lead.status,
    at: lead.updated_at,
  }));
  return { data, limit };
}

export function projectsSummary(store: Store): Record<string, unknown> {
  const projects = [...store.projects.values()];
  const total = sum(projects, (p) => p.value);
  const valueByStatus: Record<string, number> = {};
  for (const status of PROJECT_STATUSES)
    valueByStatus[status] = sum(
      projects.filter((p) => p.status === status),
      (p) => p.value,
    );
  return {
    total_projects: projects.length,
    by_status: countBy(projects, (p) => p.status, PROJECT_STATUSES),
    value_by_status: valueByStatus,
    total_value: total,
    average_value: projects.length === 0 ? 0 : Math.round(total / projects.length),
  };
}

export const REVENUE_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type RevenuePeriod = (typeof REVENUE_PERIODS)[number];
const PERIOD_BUCKETS: Record<RevenuePeriod, number> = { daily: 30, weekly: 12, monthly: 12 };

/** Start of the bucket containing `ms`, in UTC. */
export function bucketStart(ms: number, period: RevenuePeriod): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (period === 'daily') return day;
  if (period === 'weekly') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS; // Monday
  const date = new Date(day);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function previousBucket(start: number, period: RevenuePeriod): number {
  if (period === 'daily') return start - DAY_MS;
  if (period === 'weekly') return start - 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
}

/** Revenue (completed + approved project value) per period, oldest bucket first. */
export function revenueTrends(store: Store, period: RevenuePeriod, nowMs: number): Record<string, unknown> {
  const starts: number[] = [bucketStart(nowMs, period)];
  while (starts.length < PERIOD_BUCKETS[period])
    starts.push(previousBucket(starts[starts.length - 1] ?? nowMs, period));
  starts.reverse();
  const byStart = new Map(starts.map((start) => [start, { revenue: 0, projects: 0 }]));
  for (const project of store.projects.values()) {
    if (!isRevenue(project)) continue;
    const bucket = byStart.get(bucketStart(Date.parse(project.created_at), period));
    if (bucket !== undefined) {
      bucket.revenue += project.value;
      bucket.projects += 1;
    }
  }
  const data = starts.map((start) => ({
    period_start: new Date(start).toISOString().slice(0, 10),
    ...byStart.get(start),
  }));
  return { period, data, total_revenue: sum(data, (bucket) => bucket.revenue ?? 0) };
}

interface GroupFigures {
  leads: number;
  converted: number;
  lost: number;
  value: number;
}

function figuresBy(leads: Iterable<Lead>, keyOf: (lead: Lead) => string): Map<string, GroupFigures> {
  const groups = new Map<string, GroupFigures>();
  for (const lead of leads) {
    const key = keyOf(lead);
    const figures = groups.get(key) ?? { leads: 0, converted: 0, lost: 0, value: 0 };
    figures.leads += 1;
    if (lead.status === 'converted') {
      figures.converted += 1;
      figures.value += lead.estimated_value;
    }
    if (lead.status === 'lost') figures.lost += 1;
    groups.set(key, figures);
  }
  return groups;
}

export function teamPerformance(store: Store): Record<string, unknown> {
  const data = [...figuresBy(store.leads.values(), (lead) => lead.assigned_to)].map(([rep, f]) => ({
    rep,
    leads: f.leads,
    converted: f.converted,
    lost: f.lost,
    revenue: f.value,
    conversion_rate: ratio(f.converted, f.leads),
  }));
  data.sort((a, b) => b.revenue - a.revenue || a.rep.localeCompare(b.rep));
  return { data };
}

/** Funnel of leads created in the last `days` days: each stage counts leads that reached at least it. */
export function conversionFunnel(store: Store, days: number, nowMs: number): Record<string, unknown> {
  const since = nowMs - days * DAY_MS;
  const recent = [...store.leads.values()].filter((lead) => Date.parse(lead.created_at) >= since);
  const progression = ['new', 'contacted', 'qualified', 'proposal_sent', 'converted'];
  const reached = (lead: Lead, stage: string): boolean =>
    lead.status !== 'lost' ? progression.indexOf(lead.status) >= progression.indexOf(stage) : stage === 'new';
  const stages = progression.map((stage) => ({ stage, count: recent.filter((lead) => reached(lead, stage)).length }));
  const converted = stages[stages.length - 1]?.count ?? 0;
  return {
    days,
    total_leads: recent.length,
    stages,
    lost: recent.filter((l) => l.status === 'lost').length,
    conversion_rate: ratio(converted, recent.length),
  };
}

export function leadSourcePerformance(store: Store): Record<string, unknown> {
  const data = [...figuresBy(store.leads.values(), (lead) => lead.source)].map(([source, f]) => ({
    source,
    leads: f.leads,
    converted: f.converted,
    conversion_rate: ratio(f.converted, f.leads),
    revenue: f.value,
  }));
  data.sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source));
  return { data };
}

export function geographicHeatmap(store: Store): Record<string, unknown> {
  const customersByCity = countBy(store.customers.values(), (customer) => customer.city);
  const data = [...figuresBy(store.leads.values(), (lead) => lead.city)].map(([city, f]) => ({
    city,
    state: 'MI',
    leads: f.leads,
    converted: f.converted,
    customers: customersByCity[city] ?? 0,
    intensity: ratio(f.leads, store.leads.size),
  }));
  data.sort((a, b) => b.leads - a.leads || a.city.localeCompare(b.city));
  return { data };
}

export interface CustomReportRequest {
  start_date: string;
  end_date: string;
  metrics: ReadonlyArray<'leads' | 'conversions' | 'revenue'>;
  group_by: 'source' | 'city' | 'status';
}

/**
 * Leads created in [start_date, end_date] grouped by one field. A date-only end_date
 * includes that whole day, which is what someone typing "to 2025-03-31" means.
 */
export function customReport(store: Store, request: CustomReportRequest, nowMs: number): Record<string, unknown> {
  const start = Date.parse(request.start_date);
  const endRaw = Date.parse(request.end_date);
  const end = request.end_date.length === 10 ? endRaw + DAY_MS - 1 : endRaw;
  const inRange = [...store.leads.values()].filter((lead) => {
    const created = Date.parse(lead.created_at);
    return created >= start && created <= end;
  });
  const pickMetrics = (f: GroupFigures): Record<string, number> => {
    const row: Record<string, number> = {};
    if (request.metrics.includes('leads')) row['leads'] = f.leads;
    if (request.metrics.includes('conversions')) row['conversions'] = f.converted;
    if (request.metrics.includes('revenue')) row['revenue'] = f.value;
    return row;
  };
  const groups = [...figuresBy(inRange, (lead) => lead[request.group_by])].sort(([a], [b]) => a.localeCompare(b));
  const totals = [...figuresBy(inRange, () => 'all').values()][0] ?? { leads: 0, converted: 0, lost: 0, value: 0 };
  return {
    start_date: request.start_date,
    end_date: request.end_date,
    group_by: request.group_by,
    metrics: request.metrics,
    rows: groups.map(([group, figures]) => ({ group, ...pickMetrics(figures) })),
    totals: pickMetrics(totals),
    generated_at: new Date(nowMs).toISOString(),
  };
}
