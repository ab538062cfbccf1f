/**
 * Building the report of a 30-minute run: time and size. Uses the real
 * 30-minute sustained run's results when bench/memory-long.ts has produced
 * them, else a 30-minute series made from the short sustained fixture's
 * periods, shifted in time (same shape of data, 180 periods).
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResultsFile } from '../report/model';
import { writeReportFolder } from '../report/write-report';

const LONG_RESULTS = path.join(__dirname, '..', 'test-output', 'long-sustained.json');
const SHORT_FIXTURE = path.join(__dirname, '..', 'test', 'fixtures', 'results', 'sustained.json');

export function thirtyMinuteResults(): { results: ResultsFile; source: string } {
  if (existsSync(LONG_RESULTS))
    return { results: JSON.parse(readFileSync(LONG_RESULTS, 'utf8')) as ResultsFile, source: 'the real 30-minute run' };
  const short = JSON.parse(readFileSync(SHORT_FIXTURE, 'utf8')) as ResultsFile;
  const inner = short.intermediate.slice(1, -1);
  const start = Number(short.intermediate[0]?.period ?? 0);
  const intermediate = Array.from({ length: 180 }, (_, i) => {
    const p = structuredClone(inner[i % inner.length]) as ResultsFile['intermediate'][number];
    const t = start + i * 10_000;
    return { ...p, period: String(t), firstMetricAt: t, lastMetricAt: t + 9_999 };
  });
  const aggregate = { ...short.aggregate, firstMetricAt: start, lastMetricAt: start + 1_800_000 };
  return { results: { aggregate, intermediate }, source: 'the short sustained fixture stretched to 180 periods' };
}

export function reportBuild(): { ms: number; bytes: number; periods: number; source: string } {
  const { results, source } = thirtyMinuteResults();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  const started = process.hrtime.bigint();
  const written = writeReportFolder(results, dir);
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  return { ms, bytes: statSync(written.html).size, periods: results.intermediate.length, source };
}
