/**
 * npm run compare -- old-results.json new-results.json
 *   [--tolerance latencyPct=10,latencyMinMs=5,errorRatePts=0.5,cacheHitRatePts=2,throughputPct=10]
 *
 * Per metric and per endpoint: old, new, change, and a regression flag
 * beyond the tolerance (report/compare.ts). Exit 0: no regression; 1: at
 * least one regression; 4: bad input. CI gates on "no worse than last release".
 */
import { parseArgs } from 'node:util';
import { compareModels, parseTolerance, type Comparison, type ComparisonRow } from '../report/compare';
import { formatValue } from '../report/terminal';
import { readModel } from './results-file';
import { BadInputError, exitWith } from './tool-cli';

const USAGE =
  'usage: npm run compare -- OLD.json NEW.json ' +
  `[--tolerance latencyPct=10,latencyMinMs=5,errorRatePts=0.5,cacheHitRatePts=2,throughputPct=10] [--all]

  Exit code 0: no regression; 1: at least one regression; 4: bad input.
  --all   list every endpoint row, not only changed ones`;

function line(r: ComparisonRow): string {
  // A change of a percentage is in points; the relative change would only confuse.
  const relative =
    r.unit === '%' || r.changePct === null ? '' : ` (${r.changePct >= 0 ? '+' : ''}${r.changePct.toFixed(1)} %)`;
  const change =
    r.change === null
      ? (r.note ?? '')
      : `${r.change >= 0 ? '+' : ''}${formatValue(r.change, r.unit === '%' ? 'points' : r.unit)}${relative}`;
  const label = r.scope === 'run' ? r.name : `${r.name} ${r.metric}`;
  const oldValue = formatValue(r.old ?? undefined, r.unit).padStart(12);
  const newValue = formatValue(r.new ?? undefined, r.unit).padEnd(12);
  return `${r.regression ? '❌' : '  '} ${label.padEnd(62)} ${oldValue} → ${newValue} ${change}`;
}

export function formatComparison(c: Comparison, all = false): string {
  const interesting = (r: ComparisonRow) =>
    all || r.scope === 'run' || r.regression || (r.change !== null && r.change !== 0) || r.note;
  const t = c.tolerance;
  return [
    `COMPARISON  old: ${c.oldLabel}  →  new: ${c.newLabel}`,
    `tolerance: latency +${t.latencyPct} % and +${t.latencyMinMs} ms, error rate +${t.errorRatePts} points, ` +
      `cache hit rate -${t.cacheHitRatePts} points, throughput -${t.throughputPct} %`,
    '',
    ...c.rows.filter(interesting).map(line),
    '',
    c.regressions.length === 0
      ? '✅ No regression beyond the tolerance'
      : `❌ ${c.regressions.length} regression(s) beyond the tolerance`,
  ].join('\n');
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tolerance: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new BadInputError('give two results files: the old run, then the new one');
  let tolerance;
  try {
    tolerance = parseTolerance(values.tolerance);
  } catch (error) {
    throw new BadInputError((error as Error).message);
  }
  const [oldFile, newFile] = positionals as [string, string];
  const comparison = compareModels(readModel(oldFile), readModel(newFile), tolerance);
  console.log(formatComparison(comparison, values.all ?? false));
  return comparison.regressions.length === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    exitWith(USAGE)(error);
  }
}
