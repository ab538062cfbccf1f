/**
 * npm run report -- results.json [--out DIR] [--baseline old-results.json] [--tolerance SPEC]
 *
 * The pack's report from any Artillery JSON (artillery run -o FILE), also
 * from runs made elsewhere (run-fargate, run-lambda, another machine).
 * Prints the verdict, writes the report folder, exits with the verdict's
 * exit code (0 pass, 1 critical target failed, 2 another target failed).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseTolerance } from '../report/compare';
import { formatVerdict } from '../report/terminal';
import { defaultReportDir, writeReportFolder } from '../report/write-report';
import { readModel, readResults } from './results-file';
import { BadInputError, exitWith } from './tool-cli';

const USAGE = `usage: npm run report -- RESULTS.json [--out DIR] [--baseline OLD.json] [--tolerance latencyPct=10,...]

  RESULTS.json     Artillery's JSON report (artillery run -o FILE), or a report folder's results.json
  --out DIR        where to write (default reports/<run>-<start time>)
  --baseline FILE  an earlier run's results: adds the comparison section and comparison.csv
  --tolerance SPEC regression tolerance, as for npm run compare`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      baseline: { type: 'string' },
      tolerance: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new BadInputError('give exactly one results file');
  const results = readResults(positionals[0] as string);
  const baseline = values.baseline ? readResults(values.baseline) : undefined;
  const model = readModel(positionals[0] as string, results);
  const tolerance = parseTolerance(values.tolerance);
  const dir = values.out
    ? path.resolve(values.out)
    : defaultReportDir(process.cwd(), model.meta.run, model.meta.startedAt);
  const written = writeReportFolder(results, dir, { model, tolerance, ...(baseline ? { baseline } : {}) });
  console.log(formatVerdict(model.verdict, model.meta));
  if (written.comparison)
    console.log(`Compared with ${values.baseline}: ${written.comparison.regressions.length} regression(s)`);
  console.log(`Report: ${path.relative(process.cwd(), written.html) || written.html}`);
  return model.verdict.exitCode;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    exitWith(USAGE)(error);
  }
}
