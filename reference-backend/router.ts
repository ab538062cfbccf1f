/**
 * Matches a method + path to a route template ("/api/leads/{id}"). Static paths are one
 * Map lookup; the handful of templates with a parameter are compared segment by segment.
 * The template (not the concrete path) is what the ledger counts by.
 */

export interface RouteLike {
  method: string;
  template: string;
}

export type RouteMatch<R extends RouteLike> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; template: string; allowed: string[] }
  | { kind: 'not-found' };

interface TemplateGroup<R> {
  template: string;
  segments: string[];
  byMethod: Map<string, R>;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Drops one trailing slash ("/api/leads/" → "/api/leads") as Flask's strict_slashes redirect would resolve it. */
export function normalizePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export class Router<R extends RouteLike> {
  private readonly staticGroups = new Map<string, TemplateGroup<R>>();
  private readonly paramGroups: TemplateGroup<R>[] = [];

  constructor(routes: readonly R[]) {
    const groups = new Map<string, TemplateGroup<R>>();
    for (const route of routes) {
      let group = groups.get(route.template);
      if (group === undefined) {
        group = { template: route.template, segments: route.template.split('/'), byMethod: new Map() };
        groups.set(route.template, group);
        if (group.segments.some(isParam)) this.paramGroups.push(group);
        else this.staticGroups.set(route.template, group);
      }
      if (group.byMethod.has(route.method)) throw new Error(`duplicate route ${route.method} ${route.template}`);
      group.byMethod.set(route.method, route);
    }
  }

  match(method: string, rawPath: string): RouteMatch<R> {
    const path = normalizePath(rawPath);
    const staticGroup = this.staticGroups.get(path);
    if (staticGroup !== undefined) return this.pick(staticGroup, method, {});
    const segments = path.split('/');
    for (const group of this.paramGroups) {
      const params = matchSegments(group.segments, segments);
      if (params !== undefined) return this.pick(group, method, params);
    }
    return { kind: 'not-found' };
  }

  /** Every "METHOD /template" this router serves, e.g. for documentation and tests. */
  routeKeys(): string[] {
    const keys: string[] = [];
    for (const group of [...this.staticGroups.values(), ...this.paramGroups]) {
      for (const method of group.byMethod.keys()) keys.push(`${method} ${group.template}`);
    }
    return keys.sort();
  }

  private pick(group: TemplateGroup<R>, method: string, params: Record<string, string>): RouteMatch<R> {
    // HEAD is answered by the GET route, as Flask does.
    const route = group.byMethod.get(method) ?? (method === 'HEAD' ? group.byMethod.get('GET') : undefined);
    if (route !== undefined) return { kind: 'found', route, params };
    return { kind: 'method-not-allowed', template: group.template, allowed: [...group.byMethod.keys()] };
  }
}

function matchSegments(template: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const expected = template[i] ?? '';
    const segment = actual[i] ?? '';
    if (isParam(expected)) {
      if (segment === '') return undefined;
      params[expected.slice(1, -1)] = safeDecode(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

/** A malformed escape ("%E0%A4%A") must not throw out of the router: keep the raw text. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
