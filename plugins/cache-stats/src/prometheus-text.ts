/**
 * The Prometheus text exposition format (version 0.0.4), as far as reading
 * counters needs it: `# HELP` / `# TYPE` comments, and one sample a line,
 * `name{label="value",...} value [timestamp]`. Pure.
 */

export interface PrometheusSample {
  name: string;
  /** The raw `{...}` part, without braces ('' when the series has no labels). */
  labels: string;
  value: number;
}

export type PrometheusParse = { ok: true; samples: PrometheusSample[] } | { ok: false; reason: string };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_VALUES: Readonly<Record<string, number>> = {
  NaN: NaN,
  '+Inf': Infinity,
  Inf: Infinity,
  '-Inf': -Infinity,
};

/** True when a body looks like the exposition format rather than Redis INFO `key:value` text. */
export function looksLikePrometheus(body: string, contentType: string): boolean {
  if (/version=0\.0\.4/i.test(contentType)) return true;
  if (/^# (HELP|TYPE) /m.test(body)) return true;
  const lines = body.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  // Without the telltale comments, only when every line is a sample: Redis INFO lines have no space.
  return lines.length > 0 && lines.every((l) => parseSampleLine(l) !== undefined);
}

/** The `{...}` part of a sample line, honouring quoted values that contain `}` or escaped quotes. */
function labelsEnd(line: string, open: number): number | undefined {
  let inQuotes = false;
  for (let i = open + 1; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes && ch === '\\') i++;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '}') return i;
  }
  return undefined;
}

function parseValue(token: string): number | undefined {
  if (token in SPECIAL_VALUES) return SPECIAL_VALUES[token];
  return NUMBER.test(token) ? Number(token) : undefined;
}

/** One sample line, or undefined when the line is not one. */
export function parseSampleLine(line: string): PrometheusSample | undefined {
  const name = METRIC_NAME.exec(line)?.[0];
  if (name === undefined) return undefined;
  let rest = line.slice(name.length);
  let labels = '';
  if (rest.startsWith('{')) {
    const end = labelsEnd(rest, 0);
    if (end === undefined) return undefined;
    labels = rest.slice(1, end);
    rest = rest.slice(end + 1);
  }
  // The value, then an optional integer timestamp (ms) that does not matter here.
  const tokens = rest.trim().split(/\s+/);
  if (
    !/^\s/.test(rest) ||
    tokens.length < 1 ||
    tokens.length > 2 ||
    (tokens[1] !== undefined && !/^-?\d+$/.test(tokens[1]))
  )
    return undefined;
  const value = parseValue(tokens[0] as string);
  return value === undefined ? undefined : { name, labels, value };
}

/** Every sample of a body; the first line that is neither a comment nor a sample fails it, with its number. */
export function parsePrometheusText(body: string): PrometheusParse {
  const samples: PrometheusSample[] = [];
  const lines = body.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseSampleLine(line);
    if (sample === undefined) {
      const shown = line.length > 60 ? `${line.slice(0, 60)}...` : line;
      return {
        ok: false,
        reason: `answered malformed Prometheus text (line ${index + 1}: "${shown}" is not \`name{labels} value\`)`,
      };
    }
    samples.push(sample);
  }
  return { ok: true, samples };
}

/**
 * The total of every series of one metric name: a counter exposed per label
 * set (e.g. per cache or per instance) counts as one. Undefined when no
 * series has that name.
 */
export function sumSeries(
  samples: readonly PrometheusSample[],
  name: string,
): { total: number; series: number } | undefined {
  const matching = samples.filter((s) => s.name === name);
  if (matching.length === 0) return undefined;
  return { total: matching.reduce((sum, s) => sum + s.value, 0), series: matching.length };
}
