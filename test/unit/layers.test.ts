/**
 * The house's layers, read from the imports: each folder imports only the
 * folders below it, so a shared fact has one home (core/) and nothing reaches
 * back up. Table-driven: the rank of every folder, then every relative import
 * of every source file checked against it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

/** Lower ranks are lower layers; a file may import its own layer and those below. */
const LAYERS: ReadonlyArray<[folder: string, rank: number]> = [
  ['plugins/cache-stats/src', 0],
  // The package's own tests, beside it as in Artillery's plugins: they see the package and nothing else.
  ['plugins/cache-stats/test', 0],
  ['core', 1],
  ['processors', 2],
  ['report', 2],
  ['reference-backend', 2],
  ['scenarios/src', 2],
  ['plugins/crm/src', 3],
  ['tools', 4],
  ['bench', 5],
  ['test', 5],
];

function layerOf(file: string): [string, number] | undefined {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return LAYERS.find(([folder]) => rel === folder || rel.startsWith(`${folder}/`));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*'([^']+)'/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] as string);
}

const FILES = LAYERS.flatMap(([folder]) => sourceFiles(path.join(ROOT, folder)));

test('every source file belongs to a layer', () => {
  assert.ok(FILES.length > 50, `read ${FILES.length} files`);
  for (const file of FILES) assert.ok(layerOf(file), path.relative(ROOT, file));
});

test('no import reaches up a layer', () => {
  const upward: string[] = [];
  for (const file of FILES) {
    const [folder, rank] = layerOf(file) as [string, number];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const targetLayer = layerOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (targetLayer && targetLayer[1] > rank)
        upward.push(`${path.relative(ROOT, file)} (${folder}) → ${spec} (${targetLayer[0]})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no folder imports a peer of its own layer (processors, report, reference-backend, scenarios/src)', () => {
  const peers = new Map<number, string[]>();
  for (const [folder, rank] of LAYERS) peers.set(rank, [...(peers.get(rank) ?? []), folder]);
  // Same-rank folders other than one's own are not "below": processors must not import report, and so on.
  const sideways: string[] = [];
  for (const file of FILES) {
    const [folder, rank] = layerOf(file) as [string, number];
    // Rank 0 is one package (its sources and its tests); above 2, folders may use their peers' tools.
    if (rank === 0 || rank >= 3) continue;
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = layerOf(`${path.resolve(path.dirname(file), spec)}.ts`);
      if (target && target[1] === rank && target[0] !== folder) sideways.push(`${path.relative(ROOT, file)} → ${spec}`);
    }
  }
  assert.deepEqual(sideways, []);
});

test('the cache-stats package is imported by its name only, never by a dist/ path', () => {
  const deep = FILES.flatMap((file) =>
    importsOf(file)
      .filter((s) => s.startsWith('artillery-plugin-cache-stats/'))
      .map((s) => `${path.relative(ROOT, file)}: ${s}`),
  );
  assert.deepEqual(deep, []);
});
