/**
 * npx tsx bench/profile-summary.ts FILE.cpuprofile [...]   (node --cpu-prof output; one file per thread)
 *
 * What the CPU went to: the top functions by self time, and by "module"
 * (a package in node_modules, Node's internals, the pack's own folders,
 * V8's garbage collector) both self and inclusive (time with the module
 * anywhere on the stack). Idle time is left out of the totals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, Node itself, the pack's own code, or V8's pseudo-frames. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = url.slice(at + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const inRepo = /\/(plugins\/[^/]+|processors|report|scenarios|tools|reference-backend)\//.exec(url);
  return inRepo ? `pack: ${inRepo[1]}` : path.basename(url);
}

export interface Summary {
  totalMs: number;
  idleMs: number;
  byFunction: Array<{ name: string; ms: number }>;
  byModuleSelf: Array<{ name: string; ms: number }>;
  byModuleInclusive: Array<{ name: string; ms: number }>;
}

const sortDesc = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
const bump = (m: Map<string, number>, key: string, by: number) => m.set(key, (m.get(key) ?? 0) + by);

export function summarize(profiles: readonly CpuProfile[]): Summary {
  const byFunction = new Map<string, number>();
  const byModuleSelf = new Map<string, number>();
  const byModuleInclusive = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    profile.samples.forEach((id, i) => {
      // timeDeltas[i] is the time before sample i; the next delta is what this sample stands for.
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const node = nodes.get(id);
      if (!node) return;
      if (node.callFrame.functionName === '(idle)') {
        idleMs += ms;
        return;
      }
      totalMs += ms;
      const f = node.callFrame;
      const where = f.url
        ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${f.lineNumber + 1}`
        : '';
      bump(byFunction, `${f.functionName || '(anonymous)'} ${where}`.trim(), ms);
      bump(byModuleSelf, moduleOf(f), ms);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nodes.get(at)?.callFrame;
        if (frame && frame.functionName !== '(root)') seen.add(moduleOf(frame));
      }
      for (const name of seen) bump(byModuleInclusive, name, ms);
    });
  }
  return {
    totalMs,
    idleMs,
    byFunction: sortDesc(byFunction),
    byModuleSelf: sortDesc(byModuleSelf),
    byModuleInclusive: sortDesc(byModuleInclusive),
  };
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [...]');
    process.exit(2);
  }
  const top = Number(process.env.TOP ?? 25);
  for (const group of [files, ...(files.length > 1 ? files.map((f) => [f]) : [])]) {
    const s = summarize(group.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile));
    const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %`;
    console.log(
      `\n== ${group.map((f) => path.basename(f)).join(' + ')}: ` +
        `${(s.totalMs / 1000).toFixed(2)} s on CPU (${(s.idleMs / 1000).toFixed(1)} s idle)`,
    );
    if (group !== files && files.length > 1) console.log('(this thread alone)');
    console.log('-- modules, self time');
    for (const m of s.byModuleSelf.slice(0, top))
      console.log(`${pct(m.ms)}  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${m.name}`);
    console.log('-- modules, inclusive (on the stack)');
    for (const m of s.byModuleInclusive.slice(0, top))
      console.log(`${pct(m.ms)}  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${m.name}`);
    console.log('-- functions, self time');
    for (const m of s.byFunction.slice(0, top))
      console.log(`${pct(m.ms)}  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${m.name}`);
  }
}

if (require.main === module) main();
