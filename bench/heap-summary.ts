/**
 * npx tsx bench/heap-summary.ts FILE.heapsnapshot   (from bench/memory-preload.cjs or --heapsnapshot-signal)
 *
 * What one V8 heap holds: self size by node type (code, strings, objects,
 * closures, ...) and the largest groups by type and name (an object's
 * constructor, a function's name). Self sizes only: enough to say whether a
 * heap is code loaded once or data that grows with the run.
 */
import { readFileSync } from 'node:fs';

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  totalBytes: number;
  nodeCount: number;
  byType: Array<{ name: string; bytes: number; count: number }>;
  byName: Array<{ name: string; bytes: number; count: number }>;
}

export function summarizeHeap(h: HeapSnapshot): HeapSummary {
  const fields = h.snapshot.meta.node_fields;
  const types = h.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const byType = new Map<string, { bytes: number; count: number }>();
  const byName = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  const add = (m: Map<string, { bytes: number; count: number }>, key: string, bytes: number) => {
    const entry = m.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += bytes;
    entry.count += 1;
    m.set(key, entry);
  };
  for (let i = 0; i < h.nodes.length; i += width) {
    const type = types[h.nodes[i + typeAt] ?? 0] ?? '?';
    const size = h.nodes[i + sizeAt] ?? 0;
    totalBytes += size;
    add(byType, type, size);
    // Strings and numbers are named by their content: group them by type only.
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number'
        ? ''
        : (h.strings[h.nodes[i + nameAt] ?? 0] ?? '').slice(0, 80);
    add(byName, `${type}${name ? `: ${name}` : ''}`, size);
  }
  const sorted = (m: Map<string, { bytes: number; count: number }>) =>
    [...m].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.bytes - a.bytes);
  return { totalBytes, nodeCount: h.nodes.length / width, byType: sorted(byType), byName: sorted(byName) };
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/heap-summary.ts FILE.heapsnapshot');
    process.exit(2);
  }
  const s = summarizeHeap(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1).padStart(6)} MB`;
  const top = Number(process.env.TOP ?? 25);
  console.log(`== ${file}: ${mb(s.totalBytes)} in ${s.nodeCount} objects`);
  console.log('-- by type');
  for (const t of s.byType) console.log(`${mb(t.bytes)}  ${String(t.count).padStart(8)}  ${t.name}`);
  console.log('-- largest groups (type: name)');
  for (const t of s.byName.slice(0, top)) console.log(`${mb(t.bytes)}  ${String(t.count).padStart(8)}  ${t.name}`);
}

if (require.main === module) main();
