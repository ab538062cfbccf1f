/**
 * Analytics routes (DashboardUser and AnalyticsUser). Aggregates are cached and, unlike
 * lists, not invalidated by writes: like the real analytics caches they go stale until
 * their TTL runs out, which is what keeps the dashboard hit rate realistic.
 */
import {
  REVENUE_PERIODS,
  businessSummary,
  conversionFunnel,
  customReport,
  dashboard,
  geographicHeatmap,
  leadSourcePerformance,
  projectsSummary,
  recentActivity,
  revenueTrends,
  teamPerformance,
  type RevenuePeriod,
} from './analytics';
import { parseLimit, positiveInt } from './query';
import { badRequest, ok, route, type RouteDef } from './route-kit';
import { isOneOf } from './types';
import { validateCustomReport } from './validation';

const HEAVY = { heavy: true } as const;
const MAX_FUNNEL_DAYS = 3650;

export const analyticsRoutes: RouteDef[] = [
  route('GET', '/api/analytics/dashboard', ({ store, nowMs }) => ok(dashboard(store, nowMs))),
  route('GET', '/api/business-metrics/summary', ({ store, nowMs }) => ok(businessSummary(store, nowMs))),

  route('GET', '/api/analytics/recent-activity', ({ query, store }) => {
    const limit = parseLimit(query, 20, 100);
    return limit.ok ? ok(recentActivity(store, limit.value)) : badRequest(limit.error);
  }),

  route('GET', '/api/analytics/projects-summary', ({ store }) => ok(projectsSummary(store))),

  route(
    'GET',
    '/api/analytics/revenue-trends',
    ({ query, store, nowMs }) => {
      const period = query.get('period') ?? 'monthly';
      if (!isOneOf<RevenuePeriod>(REVENUE_PERIODS, period)) {
        return badRequest(`period must be one of: ${REVENUE_PERIODS.join(', ')}`, { period: `got ${period}` });
      }
      return ok(revenueTrends(store, period, nowMs));
    },
    HEAVY,
  ),

  route('GET', '/api/analytics/team-performance', ({ store }) => ok(teamPerformance(store)), HEAVY),

  route(
    'GET',
    '/api/enhanced-analytics/conversion-funnel',
    ({ query, store, nowMs }) => {
      const days = positiveInt(query, 'days', 30);
      if (!days.ok) return badRequest(days.error);
      return ok(conversionFunnel(store, Math.min(days.value, MAX_FUNNEL_DAYS), nowMs));
    },
    HEAVY,
  ),

  route(
    'GET',
    '/api/enhanced-analytics/lead-source-performance',
    ({ store }) => ok(leadSourcePerformance(store)),
    HEAVY,
  ),
  route('GET', '/api/enhanced-analytics/geographic-heatmap', ({ store }) => ok(geographicHeatmap(store)), HEAVY),

  // A report over arbitrary dates is computed every time (not cached), so it always pays the heavy cost.
  route(
    'POST',
    '/api/analytics/custom-report',
    ({ body, store, nowMs }) => {
      const request = validateCustomReport(body);
      return request.ok
        ? ok(customReport(store, request.value, nowMs))
        : badRequest('validation failed', request.details);
    },
    HEAVY,
  ),
];
