/**
 * Answer profiles: the same data, shaped as other Flask CRMs shape their answers, so
 * the pack can be shown right on them too (npm run verify runs every scenario against
 * each). Pure: a handler's reply in, status and JSON text out; the adapter (server.ts)
 * applies it before caching and counting, so the ledger counts the status the client
 * really got.
 *
 *   --profile envelope    {"success": true, "data": ...}; lists {"success": true,
 *                         "data": {"items": [...], "pagination": {...}}}; errors
 *                         {"success": false, "error": ...}
 *   --list-key K          where a list goes without the envelope: data (default), items,
 *                         results, leads (the collection's own name: leads, projects,
 *                         customers, interactions) or bare (the array alone, no pagination)
 *   --put-status N        status of a successful PUT (default 200); 204 sends no body
 *   --delete-status N     the same for DELETE
 */
import { isSuccessStatus } from '../core/response-shape';
import type { Reply, RouteDef } from './route-kit';

export const ANSWER_PROFILES = ['plain', 'envelope'] as const;
export type AnswerProfile = (typeof ANSWER_PROFILES)[number];
export const LIST_KEYS = ['data', 'items', 'results', 'leads', 'bare'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export interface ProfileSettings {
  profile: AnswerProfile;
  listKey: ListKey;
  putStatus: number;
  deleteStatus: number;
}

export const DEFAULT_PROFILE: Readonly<ProfileSettings> = {
  profile: 'plain',
  listKey: 'data',
  putStatus: 200,
  deleteStatus: 200,
};

/** A list reply, before shaping: its items, the collection's name, and what goes beside the items. */
export interface ListBody {
  items: readonly unknown[];
  /** The collection's own name (`leads`), the key of --list-key leads. */
  plural: string;
  /** Beside the items: pagination, search total, ... (dropped by --list-key bare). */
  extra: Record<string, unknown>;
}

const LIST_MARK = Symbol('list');
type MarkedList = ListBody & { [LIST_MARK]: true };

/** A handler's list answer; shaped per profile (plain, default list key: `{"data": [...], ...extra}`). */
export function listBody(plural: string, items: readonly unknown[], extra: Record<string, unknown> = {}): ListBody {
  return { items, plural, extra, [LIST_MARK]: true } as MarkedList;
}

function isList(body: unknown): body is MarkedList {
  return typeof body === 'object' && body !== null && (body as Partial<MarkedList>)[LIST_MARK] === true;
}

function shapeList(list: ListBody, settings: ProfileSettings): unknown {
  if (settings.profile === 'envelope') return { success: true, data: { items: list.items, ...list.extra } };
  switch (settings.listKey) {
    case 'bare':
      return list.items;
    case 'leads':
      return { [list.plural]: list.items, ...list.extra };
    default:
      return { [settings.listKey]: list.items, ...list.extra };
  }
}

/** The body as this profile answers it (status unchanged). */
export function shapeBody(status: number, body: unknown, settings: ProfileSettings): unknown {
  if (isList(body)) return shapeList(body, settings);
  if (settings.profile !== 'envelope') return body;
  return isSuccessStatus(status)
    ? { success: true, data: body }
    : { success: false, ...(body as Record<string, unknown>) };
}

export interface ShapedReply {
  status: number;
  /** JSON text; '' for a 204 (no body). */
  text: string;
}

/** A route's reply as sent: the profile's status for successful writes, its body shape, serialized. */
export function shapeReply(method: RouteDef['method'], reply: Reply, settings: ProfileSettings): ShapedReply {
  let status = reply.status;
  if (isSuccessStatus(status) && method === 'PUT') status = settings.putStatus;
  if (isSuccessStatus(status) && method === 'DELETE') status = settings.deleteStatus;
  if (status === 204) return { status, text: '' };
  return { status, text: JSON.stringify(shapeBody(status, reply.body, settings)) };
}

/** The profile's flags cannot contradict each other: the envelope fixes where lists go. */
export function profileProblem(settings: ProfileSettings): string | undefined {
  if (settings.profile === 'envelope' && settings.listKey !== 'data') {
    return (
      `--list-key ${settings.listKey} applies only without --profile envelope (the envelope puts lists at ` +
      `data.items)`
    );
  }
  return undefined;
}
