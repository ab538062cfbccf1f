/** Customer and project routes (the ProjectViewUser's browsing). */
import type { Invalidation } from './cache';
import { filterProjects, paginate, parsePagination, parseProjectFilter } from './query';
import {
  badRequest,
  conflict,
  created,
  idParam,
  isoNow,
  notFound,
  ok,
  okList,
  okPage,
  route,
  type RouteDef,
} from './route-kit';
import { validateCustomer, validateProject } from './validation';

/** Customers own projects, so a write to either makes both families (and the project summary) stale. */
export const CATALOG_INVALIDATIONS: Invalidation[] = [
  { kind: 'prefix', prefix: '/api/customers' },
  { kind: 'prefix', prefix: '/api/projects' },
  { kind: 'path', path: '/api/analytics/projects-summary' },
];

export const catalogRoutes: RouteDef[] = [
  route('GET', '/api/customers', ({ query, store }) => {
    const paging = parsePagination(query);
    if (!paging.ok) return badRequest(paging.error);
    return okPage('customers', paginate([...store.customers.values()], paging.value));
  }),

  route('POST', '/api/customers', (ctx) => {
    const input = validateCustomer(ctx.body);
    if (!input.ok) return badRequest('validation failed', input.details);
    const result = ctx.store.createCustomer(input.value, isoNow(ctx));
    if (result.kind === 'conflict') return conflict(result.field);
    if (result.kind !== 'ok') return badRequest('validation failed');
    return created(result.record, CATALOG_INVALIDATIONS);
  }),

  route('GET', '/api/customers/{id}', (ctx) => {
    const id = idParam(ctx);
    const customer = id === undefined ? undefined : ctx.store.customers.get(id);
    return customer === undefined ? notFound('customer') : ok(customer);
  }),

  route('DELETE', '/api/customers/{id}', (ctx) => {
    const id = idParam(ctx);
    const result = id === undefined ? { deleted: false, projectsDeleted: 0 } : ctx.store.deleteCustomer(id);
    if (!result.deleted) return notFound('customer');
    return {
      status: 200,
      body: { deleted: true, id, projects_deleted: result.projectsDeleted },
      invalidate: CATALOG_INVALIDATIONS,
    };
  }),

  route('GET', '/api/customers/{id}/projects', (ctx) => {
    const id = idParam(ctx);
    if (id === undefined || !ctx.store.customers.has(id)) return notFound('customer');
    return okList('projects', ctx.store.projectsOf(id), { customer_id: id });
  }),

  route('GET', '/api/projects', ({ query, store }) => {
    const paging = parsePagination(query);
    if (!paging.ok) return badRequest(paging.error);
    const filter = parseProjectFilter(query);
    if (!filter.ok) return badRequest(filter.error);
    return okPage('projects', paginate(filterProjects(store.projects.values(), filter.value), paging.value));
  }),

  route('POST', '/api/projects', (ctx) => {
    const input = validateProject(ctx.body);
    if (!input.ok) return badRequest('validation failed', input.details);
    const result = ctx.store.createProject(input.value, isoNow(ctx));
    if (result.kind === 'invalid') return badRequest('validation failed', { [result.field]: result.problem });
    if (result.kind !== 'ok') return badRequest('validation failed');
    return created(result.record, CATALOG_INVALIDATIONS);
  }),

  route('GET', '/api/projects/{id}', (ctx) => {
    const id = idParam(ctx);
    const project = id === undefined ? undefined : ctx.store.projects.get(id);
    return project === undefined ? notFound('project') : ok(project);
  }),

  route('DELETE', '/api/projects/{id}', (ctx) => {
    const id = idParam(ctx);
    if (id === undefined || !ctx.store.deleteProject(id)) return notFound('project');
    return { status: 200, body: { deleted: true, id }, invalidate: CATALOG_INVALIDATIONS };
  }),
];
