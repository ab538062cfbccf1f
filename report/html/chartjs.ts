/**
 * Chart.js's UMD bundle, inlined into every report (the report must work
 * offline from disk). Read once per process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inlineScript } from './escape';

let cached: { code: string; version: string } | undefined;

/**
 * dist/chart.umd.js next to the package's CommonJS entry (the package's exports map hides the file itself from
 * require.resolve).
 */
export function chartJsPath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');
}

export function chartJs(): { code: string; version: string } {
  if (!cached) {
    const file = chartJsPath();
    const code = readFileSync(file, 'utf8');
    const version = /Chart\.js v(\d+\.\d+\.\d+)/.exec(code.slice(0, 500))?.[1] ?? 'unknown';
    cached = { code: inlineScript(code, file), version };
  }
  return cached;
}
