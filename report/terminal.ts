/**
 * The verdict as the guide's terminal output shows it: LOAD TEST RESULTS,
 * CACHE PERFORMANCE STATISTICS, RECOMMENDATION. Pure: a verdict in, text out.
 */
import { describeCeiling } from './capacity';
import type { Status, Verdict, VerdictLine } from './verdict';

const RULE = '='.repeat(64);
const ICON: Record<Status, string> = {
  PASS: '✅ PASS',
  FAIL: '❌ FAIL',
  'NO DATA': '❌ NO DATA',
  'NOT CHECKED': '➖ NOT CHECKED',
  WARN: '⚠️  WARN',
};

export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const digits = unit === '%' ? 2 : Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0+$/, '')} ${unit}`;
}

function judged(line: VerdictLine | undefined): string {
  if (!line) return '';
  const severity = line.severity === 'critical' ? ', critical' : '';
  const note = line.note ? `\n${' '.repeat(21)}(${line.note})` : '';
  return `${ICON[line.status]}  (target ${line.target}${severity})${note}`;
}

const row = (label: string, value: string, verdict = '') => `${label.padEnd(21)}${value.padEnd(14)}${verdict}`.trimEnd();

export interface RunHeader {
  run: string;
  target: string;
  users: number | undefined;
  durationSeconds: number | undefined;
}

export function formatVerdict(verdict: Verdict, header: RunHeader): string {
  const { measured: m } = verdict;
  const line = (key: string) => verdict.lines.find((l) => l.key === key);
  const out: string[] = [];
  const title = [header.run, header.target, header.users ? `${header.users} users` : '', header.durationSeconds ? `${Math.round(header.durationSeconds)} s` : '']
    .filter(Boolean)
    .join(' · ');
  out.push(RULE, `LOAD TEST RESULTS  ${title}${verdict.interrupted ? '  (INTERRUPTED: partial run)' : ''}`, RULE);
  out.push(row('Total Requests:', formatCount(m.requests)));
  out.push(row('Total Failures:', formatCount(m.failed)));
  out.push(row('Error Rate:', formatValue(m.errorRatePct, '%'), judged(line('error_rate_pct'))));
  out.push('', 'Response Times:');
  out.push(row('  Median:', formatValue(m.latency.median, 'ms'), judged(line('median_ms'))));
  out.push(row('  Average:', formatValue(m.latency.mean, 'ms'), judged(line('mean_ms'))));
  out.push(row('  95th Percentile:', formatValue(m.latency.p95, 'ms'), judged(line('p95_ms'))));
  out.push(row('  99th Percentile:', formatValue(m.latency.p99, 'ms'), judged(line('p99_ms'))));
  out.push('', 'Throughput:');
  out.push(row('  Requests/second:', `${formatValue(m.averageRps, '')}average, ${formatValue(m.peakRps, '').trim()} peak`.replace(/ +/g, ' ')));
  if (verdict.ceiling) {
    const planned = verdict.plannedCeiling && verdict.plannedCeiling !== verdict.ceiling ? ` (users as drawn; ${verdict.plannedCeiling.rps.toFixed(0)} req/s as planned)` : '';
    out.push(row('  Ceiling:', `${describeCeiling(verdict.ceiling)}${planned}`));
  }
  if (line('throughput_rps')) out.push(row('  Peak vs target:', formatValue(m.peakRps, 'req/s'), judged(line('throughput_rps'))));
  const drift = line('drift');
  if (drift) out.push('', row('Drift (first vs last):', formatDriftValue(drift.value), judged(drift)));
  const endpointLines = verdict.lines.filter((l) => l.key.includes(' '));
  if (endpointLines.length > 0) {
    out.push('', 'Endpoint targets:');
    for (const l of endpointLines) out.push(`  ${l.label}: ${formatValue(l.value, 'ms')}  ${judged(l)}`);
  }

  out.push(RULE, 'CACHE PERFORMANCE STATISTICS  (server counters over the test window)', RULE);
  out.push(row('Cache Hits:', m.cache.hits === undefined ? '-' : formatCount(m.cache.hits)));
  out.push(row('Cache Misses:', m.cache.misses === undefined ? '-' : formatCount(m.cache.misses)));
  const cacheLine = line('cache_hit_rate_pct');
  out.push(row('Hit Rate:', formatValue(m.cache.hitRatePct, '%'), cacheLine ? judged(cacheLine) : m.cache.noDataReason ? `NO DATA (${m.cache.noDataReason})` : ''));
  const detail = m.cache.detail;
  if (detail) {
    out.push(row('Source:', `${detail.source}: ${detail.polls} readings, ${detail.pollErrors} failed${detail.resets ? `, ${detail.resets} counter reset(s)` : ''}`));
  }
  const client = m.client;
  if (client.hits + client.misses > 0) {
    const latency = (s: Record<string, number> | undefined) => (s ? `median ${formatValue(s.median, 'ms')}, p95 ${formatValue(s.p95, 'ms')}` : '');
    out.push(row('Client X-Cache-Hit:', `${formatCount(client.hits)} cached responses: ${latency(client.hitLatency)}`));
    out.push(row('', `${formatCount(client.misses)} uncached responses: ${latency(client.missLatency)}`));
  }
  out.push(RULE, '', 'RECOMMENDATION:', recommendation(verdict), RULE);
  return out.join('\n');
}

/** The recommendation in words, line by line, and the terminal's icon for it (the report page shows the words alone). */
export function recommendationText(verdict: Verdict): { icon: string; lines: string[] } {
  // The warning sign is narrower than the other two in terminals: a second space lines the text up.
  if (verdict.interrupted) return { icon: '⚠️ ', lines: ['Run interrupted: the figures cover only part of the test; run it to the end before deciding'] };
  if (verdict.failed.length === 0) {
    const warned = verdict.lines.filter((l) => l.status === 'WARN').map((l) => l.label);
    return {
      icon: '✅',
      lines: [warned.length > 0 ? `System meets the checked targets (warning: ${warned.join(', ')} could not be measured)` : 'System meets performance targets'],
    };
  }
  return { icon: '❌', lines: [`System does not meet performance targets: ${verdict.failed.join(', ')}`, 'Review bottlenecks before production deployment'] };
}

export function recommendation(verdict: Verdict): string {
  const { icon, lines } = recommendationText(verdict);
  return `${icon} ${lines.join('\n   ')}`;
}

/** The drift line's value: the p95 change from the first to the last window. */
export function formatDriftValue(changeMs: number | undefined): string {
  return changeMs === undefined ? '-' : `${changeMs >= 0 ? '+' : ''}${formatValue(changeMs, 'ms')} p95`;
}
