/**
 * No line of the pack's code is longer than 120 characters (Prettier wraps
 * what it can at that width; this catches the literals and comments it
 * cannot). Every tracked source file: TypeScript, JavaScript, Python.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX = 120;

test(`no source line over ${MAX} characters`, () => {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', '*.py'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f !== '' && !f.includes('/dist/'));
  assert.ok(files.length > 100, `read ${files.length} files`);
  const long: string[] = [];
  for (const file of files) {
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if ([...line].length > MAX) long.push(`${file}:${i + 1} (${[...line].length})`);
      });
  }
  assert.deepEqual(long, []);
});
