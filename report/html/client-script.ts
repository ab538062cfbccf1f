/**
 * The pages' own scripts, written in TypeScript in report/browser/ and
 * bundled by `npm run build` into one classic script each: report-page.js
 * (sorting, charts) and live-page.js (the live view's updates). Read here
 * once per process to be inlined into each page.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BUNDLE = 'report-page.js';
export const LIVE_BUNDLE = 'live-page.js';

/**
 * Where the bundle is: next to this file's compiled form (dist/report/html →
 * dist/report/browser), in the repository's dist/ when this runs from source
 * (tsx: report/html → dist/report/browser), or beside a bundled plugin.
 */
export function clientScriptCandidates(dir: string = __dirname, bundle = BUNDLE): string[] {
  return [
    path.join(dir, '..', 'browser', bundle),
    path.join(dir, '..', '..', 'dist', 'report', 'browser', bundle),
    path.join(dir, bundle),
  ];
}

const cached = new Map<string, string>();

export function clientScript(bundle = BUNDLE): string {
  let code = cached.get(bundle);
  if (code === undefined) {
    const file = clientScriptCandidates(__dirname, bundle).find((candidate) => existsSync(candidate));
    if (!file) {
      throw new Error(
        `the page script ${bundle} is not built: run \`npm run build\` ` +
          `(looked in ${clientScriptCandidates(__dirname, bundle).join(', ')})`,
      );
    }
    code = readFileSync(file, 'utf8');
    cached.set(bundle, code);
  }
  return code;
}
