import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../tools/artillery-cli';

/** Runs one of the pack's tools (tools/<script>.ts), as `npm run <script> -- args` does, and waits for it. */
export function runTool(script: string, args: readonly string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `tools/${script}.ts`, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}
