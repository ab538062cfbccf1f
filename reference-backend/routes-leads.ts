/**
 * Lead routes (the LeadManagementUser's CRUD loop) plus interactions and appointments,
 * which the mixed workflow creates against a lead.
 */
import type { Invalidation } from './cache';
import { filterLeads, paginate, parseLeadStatus, parseLimit, parsePagination, searchLeads } from './query';
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
  type Reply,
  type RouteDef,
} from './route-kit';
import type { WriteResult } from './store';
import { validateAppointment, validateInteraction, validateLead } from './validation';

/**
 * A lead write makes stale that lead's own entry and the recent-activity feed; other
 * leads' entries stay valid, and lists and searches expire with their shorter TTL
 * (--list-cache-ttl) instead of being dropped on every write.
 */
export function leadInvalidations(id: number): Invalidation[] {
  return [
    { kind: 'path', path: `/api/leads/${id}` },
    { kind: 'path', path: '/api/analytics/recent-activity' },
  ];
}

const INTERACTION_INVALIDATIONS: Invalidation[] = [{ kind: 'prefix', prefix: '/api/interactions' }];
const MAX_SEARCH_RESULTS = 100;

function writeReply<T extends { id: number }>(result: WriteResult<T>, status: number): Reply {
  switch (result.kind) {
    case 'ok':
      return { status, body: result.record, invalidate: leadInvalidations(result.record.id) };
    case 'not-found':
      return notFound('lead');
    case 'conflict':
      return conflict(result.field);
    case 'invalid':
      return badRequest('validation failed', { [result.field]: result.problem });
  }
}

export const leadRoutes: RouteDef[] = [
  route(
    'GET',
    '/api/leads',
    ({ query, store }) => {
      const paging = parsePagination(query);
      if (!paging.ok) return badRequest(paging.error);
      const status = parseLeadStatus(query);
      if (!status.ok) return badRequest(status.error);
      return okPage('leads', paginate(filterLeads(store.leads.values(), status.value), paging.value));
    },
    { list: true },
  ),

  route('POST', '/api/leads', (ctx) => {
    const input = validateLead(ctx.body, false);
    if (!input.ok) return badRequest('validation failed', input.details);
    return writeReply(ctx.store.createLead(input.value, isoNow(ctx)), 201);
  }),

  route(
    'GET',
    '/api/leads/search',
    ({ query, store }) => {
      const q = query.get('q') ?? '';
      if (q.trim() === '') return badRequest('q is required', { q: 'is required' });
      const matches = searchLeads(store.leads.values(), q);
      return okList('leads', matches.slice(0, MAX_SEARCH_RESULTS), { total: matches.length, query: q });
    },
    { list: true },
  ),

  route('GET', '/api/leads/{id}', (ctx) => {
    const id = idParam(ctx);
    const lead = id === undefined ? undefined : ctx.store.leads.get(id);
    return lead === undefined ? notFound('lead') : ok(lead);
  }),

  route('PUT', '/api/leads/{id}', (ctx) => {
    const id = idParam(ctx);
    if (id === undefined || !ctx.store.leads.has(id)) return notFound('lead');
    const input = validateLead(ctx.body, true);
    if (!input.ok) return badRequest('validation failed', input.details);
    return writeReply(ctx.store.updateLead(id, input.value, isoNow(ctx)), 200);
  }),

  route('DELETE', '/api/leads/{id}', (ctx) => {
    const id = idParam(ctx);
    if (id === undefined || !ctx.store.deleteLead(id)) return notFound('lead');
    return { status: 200, body: { deleted: true, id }, invalidate: leadInvalidations(id) };
  }),

  route('GET', '/api/interactions', ({ query, store }) => {
    const limit = parseLimit(query, 20, 100);
    if (!limit.ok) return badRequest(limit.error);
    // `recent=true` is what the scenarios send; newest-first is the only order offered either way.
    return okList('interactions', store.recentInteractions(limit.value), { limit: limit.value });
  }),

  route('POST', '/api/interactions', (ctx) => {
    const input = validateInteraction(ctx.body);
    if (!input.ok) return badRequest('validation failed', input.details);
    return created(ctx.store.addInteraction(input.value, isoNow(ctx)), INTERACTION_INVALIDATIONS);
  }),

  route('POST', '/api/appointments', (ctx) => {
    const input = validateAppointment(ctx.body);
    if (!input.ok) return badRequest('validation failed', input.details);
    // No cached route lists appointments, so nothing to invalidate.
    return created(ctx.store.addAppointment(input.value, isoNow(ctx)), []);
  }),
];
