/**
 * The test-only admin API under /__ref/: read and change fault settings, reset or clear
 * the cache, read and reset the ledger. These requests bypass faults and are never
 * counted, so inspecting the backend cannot disturb what is being measured.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TtlCache } from './cache';
import { validateFaultPatch, type FaultPatch, type FaultSettings } from './faults';
import { JSON_CONTENT_TYPE, parseJson, readBody, writeRaw } from './http-io';
import type { RequestLedger } from './ledger';

export interface AdminDeps {
  faults: FaultSettings;
  cache: TtlCache;
  ledger: RequestLedger;
  cacheTtlS: () => number;
  routeKeys: () => string[];
}

/** Applies a validated patch; the cache switch is mirrored into the cache itself. */
export function applyFaultPatch(faults: FaultSettings, patch: FaultPatch, cache: TtlCache): FaultSettings {
  Object.assign(faults, patch);
  if (patch.cacheEnabled !== undefined) cache.setEnabled(patch.cacheEnabled);
  return faults;
}

type AdminAction = (req: IncomingMessage, deps: AdminDeps) => Promise<{ status: number; body: unknown }>;

const settingsView = (deps: AdminDeps): Record<string, unknown> => ({ ...deps.faults, cacheTtlS: deps.cacheTtlS() });

const ACTIONS: Record<string, AdminAction> = {
  'GET /__ref/faults': async (_req, deps) => ({ status: 200, body: settingsView(deps) }),
  'POST /__ref/faults': async (req, deps) => {
    const body = await readBody(req);
    if (body.kind !== 'ok') return { status: 400, body: { error: 'could not read body' } };
    const json = parseJson(body.text);
    if (!json.ok) return { status: 400, body: { error: 'invalid JSON', details: { body: json.problem } } };
    const patch = validateFaultPatch(json.value);
    if (!patch.ok) return { status: 400, body: { error: 'invalid fault settings', details: patch.details } };
    applyFaultPatch(deps.faults, patch.patch, deps.cache);
    return { status: 200, body: settingsView(deps) };
  },
  'POST /__ref/cache/reset-stats': async (_req, deps) => {
    deps.cache.resetStats();
    return { status: 200, body: { reset: true, counters: deps.cache.counters() } };
  },
  'POST /__ref/cache/clear': async (_req, deps) => {
    const keys = deps.cache.keyCount();
    deps.cache.clear();
    return { status: 200, body: { cleared: keys } };
  },
  'GET /__ref/ledger': async (_req, deps) => ({ status: 200, body: deps.ledger.report() }),
  'POST /__ref/ledger/reset': async (_req, deps) => {
    deps.ledger.reset();
    return { status: 200, body: { reset: true, since: deps.ledger.report().since } };
  },
  'GET /__ref/routes': async (_req, deps) => ({ status: 200, body: { routes: deps.routeKeys() } }),
};

const KNOWN_PATHS = new Set(Object.keys(ACTIONS).map((key) => key.slice(key.indexOf(' ') + 1)));

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: AdminDeps,
): Promise<void> {
  const action = ACTIONS[`${req.method ?? 'GET'} ${path}`];
  let reply: { status: number; body: unknown };
  if (action !== undefined) reply = await action(req, deps);
  else if (KNOWN_PATHS.has(path)) reply = { status: 405, body: { error: 'method not allowed' } };
  else reply = { status: 404, body: { error: 'not found', path } };
  writeRaw(res, reply.status, JSON_CONTENT_TYPE, JSON.stringify(reply.body));
}
