/**
 * Where a CRM's answer keeps the new record's id and the items of a list.
 *
 * Flask CRMs wrap their answers in many ways: `{"id": 7}`, `{"data": {"id": 7}}`,
 * `{"lead": {...}}`, `{"success": true, "data": {"lead": {...}}}`; lists as a bare
 * array, `{"data": [...]}`, `{"results": [...]}`, `{"leads": [...]}`, `{"items": [...]}`
 * or `{"success": true, "data": {"items": [...], "pagination": {...}}}`. The pack finds
 * both in all of these without configuration, trying candidate paths in a fixed order;
 * for the rare rest, LOADTEST_ID_PATH / LOADTEST_LIST_PATH name the one path to use.
 *
 * One module decides, so the processor (ids it keeps), expect (the id check in
 * the generated YAML, a JMESPath expression built from the same candidates) and the
 * tools (seed, clean, warm-cache) can never disagree about where an id is.
 */

export type RecordId = string | number;

/**
 * Success, as the pack judges every answer: any 2xx final status (redirects are followed first),
 * as Locust counted it. The outcome hook, the processor, the tools and the reference backend's
 * envelope all use this one rule.
 */
export const isSuccessStatus = (status: number): boolean => status >= 200 && status < 300;

/** Names of the override variables (read through core/settings.ts). */
export const ID_PATH_ENV = 'LOADTEST_ID_PATH';
export const LIST_PATH_ENV = 'LOADTEST_LIST_PATH';

/** Where to look: the override when one is set, the candidates otherwise. */
export interface ShapeOverrides {
  idPath?: string;
  listPath?: string;
}

// A dotted path of plain keys: letters, digits, `_` and `-`, no empty segment.
const DOTTED_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Validates an override; blank or malformed is an error naming the variable (never a silent fallback). */
export function parseDottedPath(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '' || !DOTTED_PATH.test(value)) {
    throw new Error(
      `${name} must be a dotted path of keys such as data.lead.id (letters, digits, _ and -; got "${raw}")`,
    );
  }
  return value;
}

/**
 * Candidate paths of a created record's id, most common first. `resource` is the
 * singular record name a CRM may wrap it in (`lead` → `{"lead": {...}}`).
 */
export function idPaths(resource: string, overrides: ShapeOverrides = {}): string[] {
  if (overrides.idPath) return [overrides.idPath];
  return ['id', 'data.id', `${resource}.id`, `data.${resource}.id`];
}

/**
 * Candidate paths of a list's items, most common first; `plural` is the
 * collection's own key (`leads`, `projects`, `customers`). A bare array is
 * always tried first, whatever the candidates.
 */
export function listPaths(plural: string, overrides: ShapeOverrides = {}): string[] {
  if (overrides.listPath) return [overrides.listPath];
  return ['data', 'data.items', 'items', 'results', plural, 'data.results', `data.${plural}`];
}

/** The value at a dotted path, or undefined when any step is missing. */
export function valueAt(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asId(value: unknown): RecordId | undefined {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : undefined;
}

/** The new record's id from a creation's answer, wherever the CRM put it. */
export function findCreatedId(body: unknown, resource: string, overrides: ShapeOverrides = {}): RecordId | undefined {
  for (const path of idPaths(resource, overrides)) {
    const id = asId(valueAt(body, path));
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The id of one listed item (items are records; their id is their own `id`). */
export function itemId(item: unknown): RecordId | undefined {
  return asId(valueAt(item, 'id'));
}

/** A list answer's items, wherever the CRM put them; [] when none is found. */
export function findListItems(body: unknown, plural: string, overrides: ShapeOverrides = {}): unknown[] {
  if (Array.isArray(body) && !overrides.listPath) return body;
  for (const path of listPaths(plural, overrides)) {
    const items = valueAt(body, path);
    if (Array.isArray(items)) return items;
  }
  return [];
}

/** Pages a list has, when the answer says (`pagination.pages` at the top or inside `data`, or `meta.pages`). */
export function pageCount(body: unknown): number | undefined {
  for (const path of ['pagination.pages', 'data.pagination.pages', 'meta.pages']) {
    const pages = valueAt(body, path);
    if (typeof pages === 'number' && Number.isFinite(pages)) return pages;
  }
  return undefined;
}

// ---- the matching expect check ------------------------------------------------

/** A JMESPath identifier: quoted unless it is a plain one (`data-v2` must be `"data-v2"`). */
function jmesKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
}

export function jmesPathOf(dotted: string): string {
  return dotted.split('.').map(jmesKey).join('.');
}

/** The JMESPath expression that is truthy when the answer holds an id at one of `paths`. */
export function idCheckExpression(paths: readonly string[]): string {
  return paths.map(jmesPathOf).join(' || ');
}

/** Marks the generated id checks, so the crm plugin can find them to apply LOADTEST_ID_PATH. */
const ID_CHECK_DESCRIPTION = /^id of the new (\w+)$/;

export interface IdExpectation {
  jmespath: string;
  description: string;
}

/**
 * artillery-plugin-expect's check that a creation's answer holds the new id,
 * from the same candidates as findCreatedId (expect's `hasProperty: id` would
 * fail on `{"data": {"id": 7}}`).
 */
export function idExpectation(resource: string, overrides: ShapeOverrides = {}): IdExpectation {
  return { jmespath: idCheckExpression(idPaths(resource, overrides)), description: `id of the new ${resource}` };
}

/** The same check with the overrides applied, when `expectation` is one of ours; otherwise undefined. */
export function rewriteIdExpectation(expectation: unknown, overrides: ShapeOverrides): IdExpectation | undefined {
  const { jmespath, description } = (expectation ?? {}) as Partial<IdExpectation>;
  const resource = typeof description === 'string' ? ID_CHECK_DESCRIPTION.exec(description)?.[1] : undefined;
  if (typeof jmespath !== 'string' || resource === undefined) return undefined;
  return idExpectation(resource, overrides);
}
