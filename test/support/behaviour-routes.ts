/**
 * Every route of the traffic spec the pack was built from (behaviour.md,
 * kept outside this repository), as endpoint names (method and templated
 * path). Written out here, independently of the scenario source, so a route
 * dropped from a flow fails a test instead of vanishing.
 */
export const MIXED_RUN_ROUTES = [
  'GET /api/analytics/dashboard',
  'GET /api/business-metrics/summary',
  'GET /api/cache/stats',
  'GET /api/analytics/recent-activity',
  'GET /api/leads',
  'POST /api/leads',
  'GET /api/leads/{id}',
  'PUT /api/leads/{id}',
  'GET /api/leads/search',
  'DELETE /api/leads/{id}',
  'GET /api/projects',
  'GET /api/projects/{id}',
  'GET /api/analytics/projects-summary',
  'GET /api/customers',
  'GET /api/customers/{id}/projects',
  'GET /api/enhanced-analytics/conversion-funnel',
  'GET /api/analytics/revenue-trends',
  'GET /api/enhanced-analytics/lead-source-performance',
  'GET /api/analytics/team-performance',
  'GET /api/enhanced-analytics/geographic-heatmap',
  'POST /api/analytics/custom-report',
  'GET /api/interactions',
  'POST /api/interactions',
  'POST /api/appointments',
] as const;

export const REALTIME_ROUTES = ['GET /api/realtime/ping', 'GET /api/realtime/status'] as const;

export const DASHBOARD_RUN_ROUTES = [
  'GET /api/analytics/dashboard',
  'GET /api/business-metrics/summary',
  'GET /api/cache/stats',
  'GET /api/analytics/recent-activity',
] as const;

/** behaviour.md's user-type table. */
export const USER_TYPE_WEIGHTS: Record<string, number> = {
  DashboardUser: 40,
  LeadManagementUser: 30,
  ProjectViewUser: 20,
  AnalyticsUser: 10,
  MixedWorkloadUser: 15,
};
