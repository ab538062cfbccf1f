/**
 * Before any load: does the target answer GET /health? A refused connection,
 * a time-out or an error status stops the run with exit code 3 and a reason
 * a person can act on, instead of minutes of failed requests.
 */
import { httpGetSync } from 'artillery-plugin-cache-stats';
import { AUTH_TOKEN_ENV, bearer } from '../../../core/auth';
import { EXIT_CODES, stopRun } from '../../../core/exit-codes';
import { TARGET_ENV } from '../../../core/run-shape';

export function preflight(target: string, healthPath: string, timeoutMs: number, env: NodeJS.ProcessEnv): void {
  const url = `${target}${healthPath}`;
  // A CRM that protects /health needs the same token as the load's requests (never printed).
  const token = env[AUTH_TOKEN_ENV];
  const headers: Record<string, string> = {
    'user-agent': 'crm-loadtest-preflight',
    ...(token ? { authorization: bearer(token) } : {}),
  };
  const result = httpGetSync({ url, timeoutMs, headers });
  if (!result.ok) {
    stopRun(
      EXIT_CODES.targetUnreachable,
      `crm-loadtest: pre-flight failed, no load was sent: GET ${url}: ${result.reason}.\n` +
        `  Start the backend (npm run backend -- --port 8000) or point the run elsewhere (-t URL or ${TARGET_ENV}).`,
    );
  } else if (result.status >= 400) {
    const credentials = token ? `check the token in ${AUTH_TOKEN_ENV}` : `set ${AUTH_TOKEN_ENV}`;
    stopRun(
      EXIT_CODES.targetUnreachable,
      `crm-loadtest: pre-flight failed, no load was sent: GET ${url} answered ${result.status}; ` +
        (result.status === 401 || result.status === 403
          ? `the backend wants credentials: ${credentials}.`
          : 'the backend is up but not healthy.'),
    );
  }
}
