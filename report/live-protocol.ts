/**
 * What the live view's server (plugins/crm/src/live-server.ts) and its page
 * script (report/browser/live-page.ts) say to each other: one definition for
 * both sides. Types and names only: it is compiled for Node and the browser.
 */
export const LIVE_PATHS = {
  page: '/',
  snapshot: '/live.json',
  events: '/events',
} as const;

/** Server-Sent Events the page listens to. */
export const LIVE_EVENTS = {
  /** A reporting period arrived: data is the LiveState. */
  period: 'period',
  /** The run ended: data is the LiveState with `final` set; the server stops soon after. */
  final: 'final',
} as const;

/** The verdict at the end of the run, as the terminal printed it. */
export interface LiveFinal {
  /** PASS / FAIL as the terminal's first verdict word, with the exit code. */
  result: string;
  exitCode: number;
  /** The terminal's verdict text. */
  verdictText: string;
  /** Where report.html was written, when it was. */
  reportPath: string | undefined;
  interrupted: boolean;
}

/** GET /live.json: the snapshot of the run so far (report/progress.ts), and the end when it came. */
export interface LiveState {
  run: string;
  elapsedSeconds: number;
  plannedSeconds: number | undefined;
  users: { active: number; planned: number | undefined };
  requests: number;
  failed: number;
  errorRatePct: number | undefined;
  p95Ms: number | undefined;
  lastPeriod: { requestsPerSecond: number | undefined; p95Ms: number | undefined } | undefined;
  cacheHitRatePct: number | undefined;
  periods: number;
  targets: Array<{
    key: string;
    label: string;
    target: string;
    value: number | undefined;
    unit: string;
    status: 'on track' | 'failing' | 'no data yet' | 'warning';
  }>;
  final?: LiveFinal;
}
