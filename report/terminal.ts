/**
 * The verdict as the guide's terminal output shows it: LOAD TEST RESULTS,
 * CACHE PERFORMANCE STATISTICS, RECOMMENDATION. Pure: a verdict in, text out.
 */
import { describeCeiling } from '../core/capacity';
import { FULL_PERIOD } from './timeline';
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

function judged(line: VerdictLine | undefined, withNote = true): string {
  if (!line) return '';
  const severity = line.severity === 'critical' ? ', critical' : '';
  const note = line.note && withNote ? `\n${' '.repeat(21)}(${line.note})` : '';
  return `${ICON[line.status]}  (target ${line.target}${severity})${note}`;
}

// A value wider than its column ("no full 10-s period") still keeps two spaces before the status.
const row = (label: string, value: string, verdict = '') =>
  `${label.padEnd(21)}${value.length >= 13 ? `${value}  ` : value.padEnd(14)}${verdict}`.trimEnd();

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
  const title = [
    header.run,
    header.target,
    header.users ? `${header.users} users` : '',
    header.durationSeconds ? `${Math.round(header.durationSeconds)} s` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  out.push(RULE, `LOAD TEST RESULTS  ${title}${verdict.interrupted ? '  (INTERRUPTED: partial run)' : ''}`, RULE);
  if (verdict.outage) out.push(`❌ ${verdict.outage.text}`, '');
  out.push(row('Total Requests:', formatCount(m.requests)));
  out.push(row('Total Failures:', formatCount(m.failed)));
  out.push(row('Error Rate:', formatValue(m.errorRatePct, '%'), judged(line('error_rate_pct'))));
  out.push('', 'Response Times:');
  out.push(row('  Median:', formatValue(m.latency.median, 'ms'), judged(line('median_ms'))));
  out.push(row('  Average:', formatValue(m.latency.mean, 'ms'), judged(line('mean_ms'))));
  out.push(row('  95th Percentile:', formatValue(m.latency.p95, 'ms'), judged(line('p95_ms'))));
  out.push(row('  99th Percentile:', formatValue(m.latency.p99, 'ms'), judged(line('p99_ms'))));
  // Responses, not attempts: a refused connection is a request the backend never served.
  out.push('', 'Throughput (responses per second):');
  const peak =
    m.peakRps === undefined ? `no ${FULL_PERIOD}` : `${formatValue(m.peakRps, '').trim()} peak of ${FULL_PERIOD}s`;
  out.push(row('  Requests/second:', `${formatValue(m.averageRps, '').trim()} average, ${peak}`));
  if (verdict.ceiling) {
    const planned =
      verdict.plannedCeiling && verdict.plannedCeiling !== verdict.ceiling
        ? ` (users as drawn; ${verdict.plannedCeiling.rps.toFixed(0)} req/s as planned)`
        : '';
    out.push(row('  Ceiling:', `${describeCeiling(verdict.ceiling)}${planned}`));
  }
  if (line('throughput_rps'))
    out.push(
      row(
        '  Peak vs target:',
        m.peakRps === undefined ? `no ${FULL_PERIOD}` : formatValue(m.peakRps, 'req/s'),
        judged(line('throughput_rps')),
      ),
    );
  const drift = line('drift');
  if (drift) out.push('', row('Drift (first vs last):', formatDriftValue(drift.value), judged(drift)));
  const endpointLines = verdict.lines.filter((l) => l.key.includes(' '));
  if (endpointLines.length > 0) {
    out.push('', 'Endpoint targets:');
    for (const l of endpointLines) out.push(`  ${l.label}: ${formatValue(l.value, 'ms')}  ${judged(l)}`);
  }

  const window =
    verdict.cacheCoverage?.text ??
    (m.cache.hits === undefined ? 'server counters: NO DATA' : 'server counters over the test window');
  out.push(RULE, `CACHE PERFORMANCE STATISTICS  (${window})`, RULE);
  // No window figure reads as NO DATA with its reason, never as a zero count.
  const reason = m.cache.noDataReason ? ` (${m.cache.noDataReason})` : '';
  out.push(row('Cache Hits:', m.cache.hits === undefined ? `NO DATA${reason}` : formatCount(m.cache.hits)));
  out.push(row('Cache Misses:', m.cache.misses === undefined ? 'NO DATA' : formatCount(m.cache.misses)));
  const coverage = verdict.cacheCoverage;
  if (coverage && !coverage.full)
    out.push(
      row('Window:', `${coverage.text.replace(/^server counters /, '')}: the cache figures cover part of the run only`),
    );
  const cacheLine = line('cache_hit_rate_pct');
  const reasonShown = m.cache.hits === undefined && reason !== '';
  out.push(
    row(
      'Hit Rate:',
      formatValue(m.cache.hitRatePct, '%'),
      cacheLine
        ? judged(cacheLine, !reasonShown)
        : m.cache.noDataReason && !reasonShown
          ? `NO DATA (${m.cache.noDataReason})`
          : '',
    ),
  );
  const detail = m.cache.detail;
  if (detail) {
    out.push(
      row(
        'Source:',
        `${sourceText(detail)}: ${readingsText(detail)}${detail.resets ? `, ${detail.resets} counter reset(s)` : ''}`,
      ),
    );
  }
  const client = m.client;
  if (client.hits + client.misses > 0) {
    const latency = (s: Record<string, number> | undefined) =>
      s ? `median ${formatValue(s.median, 'ms')}, p95 ${formatValue(s.p95, 'ms')}` : '';
    out.push(row('Client X-Cache-Hit:', `${formatCount(client.hits)} cached responses: ${latency(client.hitLatency)}`));
    out.push(row('', `${formatCount(client.misses)} uncached responses: ${latency(client.missLatency)}`));
  }
  out.push(RULE, '', 'RECOMMENDATION:', recommendation(verdict), RULE);
  return out.join('\n');
}

type CacheDetail = NonNullable<Verdict['measured']['cache']['detail']>;

/** Where the counters came from, and where in the answer they were found (found, not configured, so say it). */
export function sourceText(detail: CacheDetail): string {
  return detail.countersPath ? `${detail.source} → ${detail.countersPath}` : detail.source;
}

/** Readings, failed ones, and a read abandoned at the end (it reached the backend: counted, so the total is exact). */
export function readingsText(detail: CacheDetail): string {
  const abandoned = detail.pollsAbandoned ? `, ${detail.pollsAbandoned} abandoned at the end` : '';
  return `${detail.polls} readings, ${detail.pollErrors} failed${abandoned}`;
}

/**
 * The recommendation in words, line by line, and the terminal's icon for it (the report page shows the words alone).
 */
export function recommendationText(verdict: Verdict): { icon: string; lines: string[] } {
  // The warning sign is narrower than the other two in terminals: a second space lines the text up.
  if (verdict.interrupted)
    return {
      icon: '⚠️ ',
      lines: ['Run interrupted: the figures cover only part of the test; run it to the end before deciding'],
    };
  if (verdict.outage) {
    const failedTargets = verdict.failed.length > 0 ? [`Targets not met: ${verdict.failed.join(', ')}`] : [];
    return {
      icon: '❌',
      lines: [
        `${verdict.outage.text}.`,
        ...failedTargets,
        'Find out why the backend stopped answering before judging its performance',
      ],
    };
  }
  if (verdict.failed.length === 0) {
    const warned = verdict.lines.filter((l) => l.status === 'WARN').map((l) => l.label);
    return {
      icon: '✅',
      lines: [
        warned.length > 0
          ? `System meets the checked targets (warning: ${warned.join(', ')} could not be measured)`
          : 'System meets performance targets',
      ],
    };
  }
  return {
    icon: '❌',
    lines: [
      `System does not meet performance targets: ${verdict.failed.join(', ')}`,
      'Review bottlenecks before production deployment',
    ],
  };
}

export function recommendation(verdict: Verdict): string {
  const { icon, lines } = recommendationText(verdict);
  return `${icon} ${lines.join('\n   ')}`;
}

/** The drift line's value: the p95 change from the first to the last window. */
export function formatDriftValue(changeMs: number | undefined): string {
  return changeMs === undefined ? '-' : `${changeMs >= 0 ? '+' : ''}${formatValue(changeMs, 'ms')} p95`;
}
