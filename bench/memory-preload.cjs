// Preloaded into a profiled Artillery run (NODE_OPTIONS=--require), in the
// main thread and in every worker thread (Node runs --require preloads in
// workers too). Every BENCH_MEMORY_EVERY_S seconds (default 5) each thread
// appends one JSON line to BENCH_MEMORY_DIR/memory.jsonl: its V8 heap (used,
// total, per space), external memory, and the process's RSS split into
// anonymous and file-backed pages (/proc/self/status), and (main thread) the
// CPU time of every thread of the process by name. With
// BENCH_HEAP_SNAPSHOT_AT_S set, each thread writes a heap snapshot there at
// that second. For bench/README.md's profile notes; not used by npm run bench.
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { isMainThread, threadId } = require('node:worker_threads');

const dir = process.env.BENCH_MEMORY_DIR;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const kb = (status, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  const sample = () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_used_size / 1024)]),
    );
    const usage = process.memoryUsage();
    const line = {
      t: Math.round((Date.now() - started) / 1000),
      thread: isMainThread ? 'main' : `worker ${threadId}`,
      tid: Number(fs.readlinkSync('/proc/thread-self').split('/').pop()),
      heapUsedKb: Math.round(heap.used_heap_size / 1024),
      heapTotalKb: Math.round(heap.total_heap_size / 1024),
      externalKb: Math.round(usage.external / 1024),
      arrayBuffersKb: Math.round(usage.arrayBuffers / 1024),
      spacesUsedKb: spaces,
      rssKb: kb(status, 'VmRSS'),
      rssAnonKb: kb(status, 'RssAnon'),
      rssFileKb: kb(status, 'RssFile'),
      hwmKb: kb(status, 'VmHWM'),
    };
    if (isMainThread) line.threadCpuS = threadCpu();
    fs.appendFileSync(path.join(dir, 'memory.jsonl'), `${JSON.stringify(line)}\n`);
  };
  // CPU seconds so far of each of the process's threads, by name and id (JS threads, V8's background
  // compiler and GC threads, libuv's pool): what a sampling profiler of the JS threads does not see.
  const threadCpu = () => {
    const byName = {};
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        byName[`${name} ${tid}`] = (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // the thread ended
      }
    }
    return byName;
  };
  setInterval(sample, 1000 * Number(process.env.BENCH_MEMORY_EVERY_S ?? 5)).unref();
  const snapshotAt = Number(process.env.BENCH_HEAP_SNAPSHOT_AT_S);
  if (Number.isFinite(snapshotAt) && snapshotAt > 0) {
    setTimeout(() => {
      v8.writeHeapSnapshot(path.join(dir, `${isMainThread ? 'main' : `worker-${threadId}`}.heapsnapshot`));
    }, snapshotAt * 1000).unref();
  }
}
