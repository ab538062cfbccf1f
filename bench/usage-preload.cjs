// Preloaded into a measured process (NODE_OPTIONS=--require): on exit,
// writes the process's own resource usage (CPU time of all its threads,
// peak RSS) to BENCH_USAGE_FILE. Artillery's workers are threads of this
// process, so this is the whole load generator's cost.
const { writeFileSync } = require('node:fs');
const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ userCpuUs: usage.userCPUTime, systemCpuUs: usage.systemCPUTime, maxRssKb: usage.maxRSS }),
    );
  });
}
