/**
 * npm run verify: accuracy, on every answer profile. Runs each scenario,
 * shortened, against the reference backend started with each profile of the
 * matrix (answers shaped as other Flask CRMs shape them: envelopes, list keys,
 * 204 writes, stats shapes), and compares the pack's figures with the
 * backend's own ledger, line by line: requests per endpoint and status code,
 * the cache window, the client-side cache signal, the poller. Every line must
 * be equal and no request may fail; every line is printed. Exit 1 otherwise.
 *
 *   npm run verify                         the whole matrix (about 3 minutes)
 *   npm run verify -- --profile envelope   one profile (repeat, or comma-separate, for more)
 *   npm run verify -- --scale 0.1          longer runs (every scenario at this LOADTEST_TIME_SCALE)
 */
import { parseArgs } from 'node:util';
import { launchReferenceBackend } from '../reference-backend/launch';
import { CRM_METRICS } from '../core/metric-names';
import { runArtillery } from './artillery-cli';
import { inParallel } from './crm-client';
import { compareWithLedger, type Comparison } from './ledger-compare';
import { warmThenResetLedger } from './warm-cache';

export interface Profile {
  name: string;
  /** Reference-backend flags (reference-backend/README.md). */
  args: string[];
}

/**
 * The CRMs the pack must be right on. The stats shapes vary too, so the
 * cache-stats plugin's shape detection is part of the proof.
 */
export const PROFILES: readonly Profile[] = [
  { name: 'default', args: [] },
  {
    name: 'envelope',
    args: ['--profile', 'envelope', '--delete-status', '204', '--put-status', '204', '--stats-shape', 'envelope'],
  },
  { name: 'results', args: ['--list-key', 'results', '--stats-shape', 'prometheus'] },
  { name: 'bare', args: ['--list-key', 'bare', '--stats-shape', 'nested'] },
  { name: 'leads', args: ['--list-key', 'leads', '--stats-shape', 'redis'] },
];

/**
 * Scenario → LOADTEST_TIME_SCALE: about 9 s of load each (sustained is 30 minutes
 * long, the others 5), so the matrix stays around 3 minutes on 2 cores; baseline
 * 21 s, because only a run of 20 s or more is sure to hold a full 10-s period
 * (periods are wall-clock windows), and the peak is compared on full periods only.
 */
export const MATRIX_SCALES: Readonly<Record<string, number>> = {
  baseline: 0.07,
  stress: 0.03,
  sustained: 0.005,
  dashboard: 0.03,
};

export interface ScenarioOutcome {
  scenario: string;
  scale: number;
  exitCode: number | null;
  rows: Comparison[];
  failedRequests: number;
  /** Routes the backend saw (METHOD /template), for checks that id-dependent routes ran. */
  routes: string[];
}

export interface ProfileOutcome {
  profile: Profile;
  scenarios: ScenarioOutcome[];
}

/** One profile: its own backend, each scenario after a warm-up, compared with the ledger. */
export async function verifyProfile(
  profile: Profile,
  scales: Readonly<Record<string, number>> = MATRIX_SCALES,
): Promise<ProfileOutcome> {
  const backend = await launchReferenceBackend(profile.args);
  const scenarios: ScenarioOutcome[] = [];
  try {
    for (const [scenario, scale] of Object.entries(scales)) {
      await warmThenResetLedger(backend);
      const run = await runArtillery({
        scenario,
        target: backend.url,
        env: { LOADTEST_TIME_SCALE: String(scale), LOADTEST_REPORT: 'off', LOADTEST_SEED: '20261201' },
        timeoutMs: 300_000,
      });
      if (!run.report)
        throw new Error(`${profile.name}/${scenario}: no results (exit ${run.exitCode})\n${run.stderr.slice(-1500)}`);
      const ledger = await backend.ledger();
      scenarios.push({
        scenario,
        scale,
        exitCode: run.exitCode,
        rows: compareWithLedger(run.report, ledger),
        failedRequests: run.report.aggregate.counters[CRM_METRICS.failedRequests] ?? 0,
        routes: Object.keys(ledger.byRoute),
      });
    }
  } finally {
    await backend.stop();
  }
  return { profile, scenarios };
}

/** Profiles two at a time (each has its own backend): a 2-core machine runs two light loads side by side. */
export async function verifyMatrix(
  profiles: readonly Profile[],
  scales?: Readonly<Record<string, number>>,
  concurrency = 2,
): Promise<ProfileOutcome[]> {
  return inParallel(profiles, concurrency, (profile) => verifyProfile(profile, scales));
}

/** The printed lines of one profile; `bad` counts differing lines and scenarios with failed requests. */
export function describeProfile(outcome: ProfileOutcome): { lines: string[]; bad: number } {
  const lines = [
    `\n== profile ${outcome.profile.name} (reference backend ${outcome.profile.args.join(' ') || 'defaults'})`,
  ];
  let bad = 0;
  for (const s of outcome.scenarios) {
    const differ = s.rows.filter((r) => !r.equal).length;
    bad += differ + (s.failedRequests > 0 ? 1 : 0);
    lines.push(
      `${s.scenario} (LOADTEST_TIME_SCALE=${s.scale}, exit ${s.exitCode}): ` +
        `${s.rows.length} lines compared, ${differ} differ, ${s.failedRequests} failed requests`,
    );
    for (const r of s.rows) {
      const pack = String(r.pack).padStart(8);
      const backend = String(r.backend).padStart(8);
      lines.push(`  ${r.equal ? '=' : '≠'} ${r.what.padEnd(62)} pack ${pack}   backend ${backend}`);
    }
  }
  return { lines, bad };
}

function selectProfiles(names: string[]): Profile[] {
  if (names.length === 0) return [...PROFILES];
  const wanted = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  return wanted.map((name) => {
    const profile = PROFILES.find((p) => p.name === name);
    if (!profile) throw new Error(`unknown profile "${name}" (known: ${PROFILES.map((p) => p.name).join(', ')})`);
    return profile;
  });
}

function scalesFor(raw: string | undefined): Record<string, number> {
  if (raw === undefined) return { ...MATRIX_SCALES };
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number above 0 and at most 10 (got "${raw}")`);
  return Object.fromEntries(Object.keys(MATRIX_SCALES).map((s) => [s, scale]));
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { profile: { type: 'string', multiple: true, default: [] }, scale: { type: 'string' } },
  });
  const profiles = selectProfiles(values.profile ?? []);
  const started = Date.now();
  const outcomes = await verifyMatrix(profiles, scalesFor(values.scale));
  let bad = 0;
  for (const outcome of outcomes) {
    const described = describeProfile(outcome);
    bad += described.bad;
    console.log(described.lines.join('\n'));
  }
  const lines = outcomes.flatMap((o) => o.scenarios).reduce((n, s) => n + s.rows.length, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    bad === 0
      ? `\nverify: ${profiles.length} profiles × ${Object.keys(MATRIX_SCALES).length} scenarios, ${lines} lines: ` +
          `every line equals the backend’s own count, no failed request (${seconds} s)`
      : `\nverify: ${bad} line(s) differ or scenario(s) had failed requests (${seconds} s)`,
  );
  return bad === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`verify: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
