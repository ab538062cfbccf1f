/** The full 30-minute sustained run's memory, measured once (README: "Benchmarks"). Writes bench/long-memory.json. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchReferenceBackend } from '../reference-backend/launch';
import { CrmClient } from '../tools/crm-client';
import { warmCache } from '../tools/warm-cache';
import { measuredRun, rssGrowthPct } from './harness';

async function main(): Promise<void> {
  const backend = await launchReferenceBackend();
  try {
    await warmCache(new CrmClient(backend.url));
    const m = await measuredRun(
      {
        scenario: 'sustained',
        target: backend.url,
        env: { LOADTEST_REPORT_DIR: path.join(__dirname, '../test-output/long-sustained') },
        outputFile: path.join(__dirname, '../test-output/long-sustained.json'),
      },
      5,
    );
    const result = {
      date: new Date().toISOString(),
      exitCode: m.run.exitCode,
      wallSeconds: m.run.wallMs / 1000,
      requests: m.requests,
      cpuSeconds: m.cpuSeconds,
      maxRssMb: m.maxRssMb,
      growthPct: rssGrowthPct(m.rss, 120),
      rss: m.rss,
    };
    writeFileSync(path.join(__dirname, 'long-memory.json'), JSON.stringify(result, null, 1));
    console.log(JSON.stringify({ ...result, rss: `${m.rss.length} samples` }));
  } finally {
    await backend.stop();
  }
}

void main();
