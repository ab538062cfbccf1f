/**
 * The CRM's user types, written once (as the team's Locust test ran them).
 *
 * Everything about a user type lives here: its weight among users, its think
 * time, its tasks with their weights, and each task's requests. The four
 * scenario files are generated from this (npm run scenarios) and the
 * processor reads the weights and think times from it at run time, so a
 * number changed here changes the load and the maths about it together.
 */
import { del, get, post, put, type TaskStep } from './steps';

export type UserTypeName =
  'DashboardUser' | 'LeadManagementUser' | 'ProjectViewUser' | 'AnalyticsUser' | 'MixedWorkloadUser' | 'RealtimeUser';

export interface TaskSpec {
  id: string;
  weight: number;
  steps: TaskStep[];
  /**
   * Requests one run of the task makes on average, where steps are
   * conditional (a first read lists leads, later reads don't). Defaults to
   * the number of request steps. Used only for the theoretical throughput
   * ceiling printed next to measured throughput.
   */
  meanRequests?: number;
}

export interface UserTypeSpec {
  name: UserTypeName;
  /** Relative share of users. */
  weight: number;
  /**
   * Environment variable that sets the weight at run time instead (Artillery
   * templates scenario weights); unset means 0, so the type runs only when
   * asked for by name or by that variable.
   */
  weightFromEnv?: string;
  thinkSeconds: { min: number; max: number };
  tasks: TaskSpec[];
}

// Status codes are named only where the guide names them (the dashboard's 200, a
// created lead's 201); everywhere else any 2xx is a success (crm plugin, outcome.ts),
// so a CRM answering a PUT or DELETE with 204 is right too.
const dashboard = get({ url: '/api/analytics/dashboard', name: 'GET /api/analytics/dashboard', statuses: [200] });
const projectsSummary = get({
  url: '/api/analytics/projects-summary',
  name: 'GET /api/analytics/projects-summary',
});
const createLead = post({
  url: '/api/leads',
  name: 'POST /api/leads',
  json: '{{ newLead }}',
  statuses: [201],
  returnsIdOf: 'lead',
  afterResponse: 'rememberCreatedLead',
});

export const USER_TYPES: readonly UserTypeSpec[] = [
  {
    // Managers watching the dashboard.
    name: 'DashboardUser',
    weight: 40,
    thinkSeconds: { min: 2, max: 5 },
    tasks: [
      { id: 'dashboard', weight: 5, steps: [dashboard] },
      {
        id: 'business_metrics',
        weight: 3,
        steps: [get({ url: '/api/business-metrics/summary', name: 'GET /api/business-metrics/summary' })],
      },
      {
        id: 'cache_stats',
        weight: 2,
        steps: [get({ url: '/api/cache/stats', name: 'GET /api/cache/stats' })],
      },
      {
        id: 'recent_activity',
        weight: 1,
        steps: [
          get({
            url: '/api/analytics/recent-activity?limit=20',
            name: 'GET /api/analytics/recent-activity',
          }),
        ],
      },
    ],
  },
  {
    // Sales reps working leads (CRUD).
    name: 'LeadManagementUser',
    weight: 30,
    thinkSeconds: { min: 1, max: 3 },
    tasks: [
      {
        id: 'list_leads',
        weight: 10,
        steps: [get({ url: '/api/leads?{{ leadListQuery }}', name: 'GET /api/leads' })],
      },
      { id: 'create_lead', weight: 3, steps: [createLead] },
      {
        id: 'view_lead',
        weight: 5,
        meanRequests: 1.1,
        steps: [
          get(
            { url: '/api/leads?per_page=10', name: 'GET /api/leads', afterResponse: 'adoptLeadFromList' },
            'not leadReady',
          ),
          get({ url: '/api/leads/{{ leadId }}', name: 'GET /api/leads/{id}' }, 'leadReady'),
        ],
      },
      {
        id: 'update_lead',
        weight: 4,
        meanRequests: 0.9,
        steps: [
          put({ url: '/api/leads/{{ leadId }}', name: 'PUT /api/leads/{id}', json: '{{ leadUpdate }}' }, 'leadReady'),
        ],
      },
      {
        id: 'search_leads',
        weight: 2,
        steps: [get({ url: '/api/leads/search?q={{ searchTerm }}', name: 'GET /api/leads/search' })],
      },
      {
        id: 'delete_lead',
        weight: 1,
        meanRequests: 0.5,
        steps: [del({ url: '/api/leads/{{ leadId }}', name: 'DELETE /api/leads/{id}' }, 'leadReady')],
      },
    ],
  },
  {
    // Project managers browsing projects.
    name: 'ProjectViewUser',
    weight: 20,
    thinkSeconds: { min: 2, max: 4 },
    tasks: [
      {
        id: 'list_projects',
        weight: 6,
        steps: [get({ url: '/api/projects?{{ projectListQuery }}', name: 'GET /api/projects' })],
      },
      {
        id: 'view_project',
        weight: 3,
        steps: [
          get({
            url: '/api/projects?per_page=10',
            name: 'GET /api/projects',
            afterResponse: 'adoptProjectFromList',
          }),
          get({ url: '/api/projects/{{ projectId }}', name: 'GET /api/projects/{id}' }, 'projectReady'),
        ],
      },
      {
        id: 'filter_projects_by_value',
        weight: 2,
        steps: [
          get({
            url: '/api/projects?min_value={{ minValue }}&max_value={{ maxValue }}',
            name: 'GET /api/projects',
          }),
        ],
      },
      { id: 'projects_summary', weight: 2, steps: [projectsSummary] },
      {
        id: 'customer_projects',
        weight: 1,
        steps: [
          get({
            url: '/api/customers?per_page=10',
            name: 'GET /api/customers',
            afterResponse: 'adoptCustomerFromList',
          }),
          get(
            {
              url: '/api/customers/{{ customerId }}/projects',
              name: 'GET /api/customers/{id}/projects',
            },
            'customerReady',
          ),
        ],
      },
    ],
  },
  {
    // Executives running heavy reports.
    name: 'AnalyticsUser',
    weight: 10,
    thinkSeconds: { min: 3, max: 6 },
    tasks: [
      {
        id: 'conversion_funnel',
        weight: 4,
        steps: [
          get({
            url: '/api/enhanced-analytics/conversion-funnel?days={{ funnelDays }}',
            name: 'GET /api/enhanced-analytics/conversion-funnel',
          }),
        ],
      },
      {
        id: 'revenue_trends',
        weight: 3,
        steps: [
          get({
            url: '/api/analytics/revenue-trends?period={{ revenuePeriod }}',
            name: 'GET /api/analytics/revenue-trends',
          }),
        ],
      },
      {
        id: 'lead_source_performance',
        weight: 3,
        steps: [
          get({
            url: '/api/enhanced-analytics/lead-source-performance',
            name: 'GET /api/enhanced-analytics/lead-source-performance',
          }),
        ],
      },
      {
        id: 'team_performance',
        weight: 2,
        steps: [get({ url: '/api/analytics/team-performance', name: 'GET /api/analytics/team-performance' })],
      },
      {
        id: 'geographic_heatmap',
        weight: 2,
        steps: [
          get({
            url: '/api/enhanced-analytics/geographic-heatmap',
            name: 'GET /api/enhanced-analytics/geographic-heatmap',
          }),
        ],
      },
      {
        id: 'custom_report',
        weight: 1,
        steps: [
          post({
            url: '/api/analytics/custom-report',
            name: 'POST /api/analytics/custom-report',
            json: '{{ customReport }}',
          }),
        ],
      },
    ],
  },
  {
    // Realistic multi-step workflows.
    name: 'MixedWorkloadUser',
    weight: 15,
    thinkSeconds: { min: 1, max: 4 },
    tasks: [
      {
        id: 'morning_routine',
        weight: 3,
        steps: [
          dashboard,
          get({ url: '/api/leads?status=new&per_page=20', name: 'GET /api/leads' }),
          createLead,
          put(
            { url: '/api/leads/{{ newLeadId }}', name: 'PUT /api/leads/{id}', json: '{{ leadUpdate }}' },
            'newLeadReady',
          ),
        ],
      },
      {
        id: 'project_review',
        weight: 2,
        steps: [
          get({ url: '/api/projects?status=in_progress', name: 'GET /api/projects' }),
          projectsSummary,
          get({ url: '/api/interactions?recent=true&limit=10', name: 'GET /api/interactions' }),
        ],
      },
      {
        id: 'full_lead_workflow',
        weight: 1,
        steps: [
          createLead,
          post(
            {
              url: '/api/interactions',
              name: 'POST /api/interactions',
              beforeRequest: 'prepareInteraction',
              json: '{{ interaction }}',
            },
            'newLeadReady',
          ),
          post(
            {
              url: '/api/appointments',
              name: 'POST /api/appointments',
              beforeRequest: 'prepareAppointment',
              json: '{{ appointment }}',
            },
            'newLeadReady',
          ),
        ],
      },
    ],
  },
  {
    // Keeps a realtime channel alive (optional; not in the guide).
    name: 'RealtimeUser',
    weight: 5,
    weightFromEnv: 'LOADTEST_REALTIME_WEIGHT',
    thinkSeconds: { min: 10, max: 20 },
    tasks: [
      { id: 'ping', weight: 1, steps: [get({ url: '/api/realtime/ping', name: 'GET /api/realtime/ping' })] },
      {
        id: 'status',
        weight: 2,
        steps: [get({ url: '/api/realtime/status', name: 'GET /api/realtime/status' })],
      },
    ],
  },
];

export function userType(name: string): UserTypeSpec {
  const spec = USER_TYPES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown user type "${name}" (known: ${USER_TYPES.map((t) => t.name).join(', ')})`);
  return spec;
}
