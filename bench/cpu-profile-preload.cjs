// Preloaded into a profiled Artillery run (NODE_OPTIONS=--require), in the
// main thread and in every worker thread: profiles each thread's CPU with
// the inspector from BENCH_CPU_PROFILE_FROM_S to BENCH_CPU_PROFILE_TO_S
// seconds after start and writes BENCH_CPU_PROFILE_DIR/<thread>.cpuprofile.
// A window of the steady load, start-up and shutdown left out; and unlike
// `node --cpu-prof` it also works where Artillery terminates its worker
// before the worker's own exit hooks run. Used by bench/profile.ts.
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');
const { isMainThread, threadId } = require('node:worker_threads');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
const from = Number(process.env.BENCH_CPU_PROFILE_FROM_S ?? 10);
const to = Number(process.env.BENCH_CPU_PROFILE_TO_S ?? 50);
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  setTimeout(() => {
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
    );
  }, from * 1000).unref();
  setTimeout(() => {
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        fs.writeFileSync(
          path.join(dir, `${isMainThread ? 'main' : `worker-${threadId}`}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  }, to * 1000).unref();
}
