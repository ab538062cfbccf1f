/**
 * `--scenario-name` checked before load. Artillery matches it against the
 * scenario names (exactly, or as a regular expression) only when the first
 * virtual user arrives, inside a worker: a typo then crashes the worker with
 * a stack trace and exit code 11, after the pre-flight. The same match here,
 * in the main process, turns it into a clear error naming the user types.
 */

/** Artillery's own rule (core/runner.ts): the exact name, or a regular expression that matches it. */
export function scenariosMatching(pattern: string, names: readonly string[]): string[] {
  let regex: RegExp | undefined;
  try {
    regex = new RegExp(pattern);
  } catch {
    regex = undefined; // not a valid regex: Artillery would throw; only an exact name can match
  }
  return names.filter((name) => name === pattern || (regex !== undefined && regex.test(name)));
}

/** Edit distance (insertions, deletions, substitutions), case-insensitive: for "did you mean". */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[y.length] as number;
}

export function closestName(wanted: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(wanted, name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

/**
 * Why `--scenario-name` cannot run, or undefined when it matches exactly one
 * scenario (Artillery also refuses a pattern that matches several).
 */
export function scenarioNameProblem(pattern: unknown, names: readonly string[]): string | undefined {
  if (pattern === undefined || pattern === null || pattern === '') return undefined;
  const wanted = String(pattern);
  const matching = scenariosMatching(wanted, names);
  const known = `The user types of this run: ${names.join(', ')}.`;
  if (matching.length === 1) return undefined;
  if (matching.length > 1) {
    return (
      `--scenario-name "${wanted}" matches ${matching.length} user types (${matching.join(', ')}); ` +
      'Artillery runs exactly one. Give its full name.'
    );
  }
  const suggestion = closestName(wanted, names);
  const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
  return `--scenario-name "${wanted}" is not a user type of this run. ${known}${hint}`;
}
