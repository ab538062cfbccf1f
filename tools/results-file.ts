/** Reading a results JSON for the report and compare commands, with errors a person can act on. */
import { readFileSync } from 'node:fs';
import type { ResultsFile } from '../report/model';
import { BadInputError } from './tool-cli';

export function readResults(file: string): ResultsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as ResultsFile;
  } catch {
    throw new BadInputError(`${file} is not JSON (expected Artillery's report from artillery run -o FILE)`);
  }
}
