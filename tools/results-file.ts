/** Reading a results JSON for the report and compare commands, with errors a person can act on. */
import { readFileSync } from 'node:fs';
import { buildReportModel, type ReportModel, type ResultsFile } from '../report/model';
import { BadInputError } from './tool-cli';

/**
 * The report model of a results file (read with readResults when not given); a file that is no Artillery report is
 * bad input.
 */
export function readModel(file: string, results: ResultsFile = readResults(file)): ReportModel {
  try {
    return buildReportModel(results);
  } catch (error) {
    throw new BadInputError(`${file}: ${(error as Error).message}`);
  }
}

export function readResults(file: string): ResultsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as ResultsFile;
  } catch {
    throw new BadInputError(`${file} is not JSON (expected Artillery's report from artillery run -o FILE)`);
  }
}
