/**
 * The report page's own script (sorting, charts), written in TypeScript in
 * report/browser/report-page.ts and bundled by `npm run build` into one
 * classic script, read here once per process to be inlined into each page.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BUNDLE = 'report-page.js';

/**
 * Where the bundle is: next to this file's compiled form (dist/report/html →
 * dist/report/browser), in the repository's dist/ when this runs from source
 * (tsx: report/html → dist/report/browser), or beside a bundled plugin.
 */
export function clientScriptCandidates(dir: string = __dirname): string[] {
  return [
    path.join(dir, '..', 'browser', BUNDLE),
    path.join(dir, '..', '..', 'dist', 'report', 'browser', BUNDLE),
    path.join(dir, BUNDLE),
  ];
}

let cached: string | undefined;

export function clientScript(): string {
  if (cached === undefined) {
    const file = clientScriptCandidates().find((candidate) => existsSync(candidate));
    if (!file) {
      throw new Error(
        `the report page's script (${BUNDLE}) is not built: run \`npm run build\` ` +
          `(looked in ${clientScriptCandidates().join(', ')})`,
      );
    }
    cached = readFileSync(file, 'utf8');
  }
  return cached;
}
