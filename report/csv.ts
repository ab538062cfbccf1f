/**
 * The report's CSV files: per-endpoint stats, failures, and the time series
 * (one row per reporting period). Pure: rows in, text out.
 */
import type { ReportModel } from './model';

type Cell = string | number | null | undefined;

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe: endpoint names and
 * error kinds come from the server and the config.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const iso = (t: number | null | undefined) => (typeof t === 'number' ? new Date(t).toISOString() : '');

export function endpointsCsv(model: ReportModel): string {
  return toCsv(
    ['endpoint', 'requests', 'failures', 'median_ms', 'p95_ms', 'p99_ms', 'max_ms', 'requests_per_s', 'slow'],
    model.endpoints.map((e) => [
      e.name,
      e.requests,
      e.failures,
      e.median,
      e.p95,
      e.p99,
      e.max,
      e.requestsPerSecond,
      e.slow ? 'yes' : 'no',
    ]),
  );
}

export function failuresCsv(model: ReportModel): string {
  return toCsv(
    ['kind', 'endpoint', 'count', 'first_seen'],
    [
      ...model.errors.byKind.map((e) => [e.kind, '(all)', e.count, iso(e.firstSeen)]),
      ...model.errors.byEndpoint.map((e) => [e.kind, e.endpoint, e.count, iso(e.firstSeen)]),
    ],
  );
}

export function timeSeriesCsv(model: ReportModel): string {
  return toCsv(
    // Throughput counts responses (a refused connection is a request without one); full_period says
    // whether the load ran through the whole 10 s (only those count for the peak and the minimum).
    [
      'period_start',
      'requests',
      'responses',
      'responses_per_s',
      'full_period',
      'median_ms',
      'p95_ms',
      'p99_ms',
      'active_users',
      'failures',
      'errors_per_s',
      'error_rate_pct',
      'cache_hit_rate_pct',
    ],
    model.timeline.map((p) => [
      iso(p.t),
      p.requests,
      p.responses,
      p.responsesPerSecond,
      p.full ? 'yes' : 'no',
      p.p50,
      p.p95,
      p.p99,
      p.activeUsers,
      p.failures,
      p.errorsPerSecond,
      p.errorRatePct,
      p.cacheHitRatePct,
    ]),
  );
}

export function comparisonCsv(comparison: import('./compare').Comparison): string {
  return toCsv(
    ['scope', 'name', 'metric', 'unit', 'old', 'new', 'change', 'change_pct', 'regression', 'note'],
    comparison.rows.map((r) => [
      r.scope,
      r.name,
      r.metric,
      r.unit,
      r.old,
      r.new,
      r.change,
      r.changePct,
      r.regression ? 'yes' : 'no',
      r.note,
    ]),
  );
}
