import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const TEST_OUTPUT = path.join(ROOT, 'test-output');

/** One of the recorded Artillery results files in test/fixtures/results (parsed). */
export function resultsFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'results', `${name}.json`), 'utf8'));
}

/**
 * A variant of a shipped scenario for one test (the shipped files are never
 * edited): written under test-output/fixtures, with the processor path made
 * absolute so it still resolves from there.
 */
export function fixtureScript(scenario: string, name: string, transform: (yaml: string) => string): string {
  const source = readFileSync(path.join(ROOT, 'scenarios', `${scenario}.yml`), 'utf8');
  const processor = path.join(ROOT, 'dist', 'processors', 'crm.js');
  const dir = path.join(TEST_OUTPUT, 'fixtures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  writeFileSync(file, transform(source.replace('processor: ../dist/processors/crm.js', `processor: ${processor}`)));
  return file;
}
