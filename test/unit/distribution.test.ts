/**
 * What can be tested here of running beyond one machine: the cache-stats
 * package installs and loads on its own (as run-fargate installs it from a
 * registry), the merged report of several generators keeps the right hit
 * rate, and the CI workflow file is valid.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { validateWorkflow } from '@action-validator/core';
import { hitRateCondition, METRICS } from '../../plugins/cache-stats/src/metrics';
import { evaluate } from '../../report/verdict';
import { GUIDE_TARGETS } from '../../core/targets';

const ROOT = path.resolve(__dirname, '../..');
const { Plugin: Ensure } = require('artillery-plugin-ensure') as {
  Plugin: {
    statsToVars(data: unknown): unknown;
    runChecks(checks: unknown, vars: unknown): Array<{ result: unknown }>;
  };
};
(globalThis as { artillery?: unknown }).artillery ??= { log: () => undefined };

describe('artillery-plugin-cache-stats as a package', () => {
  test('npm pack gives an installable package: compiled code, no sources, no dependencies', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-stats-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: path.join(ROOT, 'plugins/cache-stats'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [info] = JSON.parse(out) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    assert.equal(info?.name, 'artillery-plugin-cache-stats');
    const files = info?.files.map((f) => f.path) ?? [];
    assert.ok(
      files.includes('dist/index.js') && files.includes('dist/sync-probe-child.js') && files.includes('README.md'),
      files.join(', '),
    );
    assert.ok(!files.some((f) => f.startsWith('src/')), 'no TypeScript sources');

    // Installed on its own, outside this repository (as in a Fargate container), it loads.
    const project = mkdtempSync(path.join(tmpdir(), 'cache-stats-install-'));
    execFileSync('tar', ['-xzf', path.join(dir, info?.filename ?? ''), '-C', project]);
    const pkg = JSON.parse(readFileSync(path.join(project, 'package', 'package.json'), 'utf8')) as {
      dependencies?: object;
    };
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'nothing to install besides the package');
    const loaded = spawnSync(
      process.execPath,
      [
        '-e',
        `const p = require(${JSON.stringify(path.join(project, 'package'))}); console.log(typeof p.Plugin, ` +
          `p.LEGACY_METRICS_FORMAT)`,
      ],
      { cwd: project, encoding: 'utf8' },
    );
    assert.equal(loaded.stdout.trim(), 'function false', loaded.stderr);
  });

  test('its compiled code needs only Node itself', () => {
    const dist = path.join(ROOT, 'plugins/cache-stats/dist');
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      const requires = [...readFileSync(path.join(dist, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
        (m) => m[1] as string,
      );
      for (const r of requires) assert.ok(r.startsWith('node:') || r.startsWith('./'), `${file} requires ${r}`);
    }
  });
});

describe('artillery-plugin-crm as a package', () => {
  test('npm run pack:plugins bundles crm into one file that needs only Node, chart.js and cache-stats', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'plugins-'));
    execFileSync('bash', ['tools/pack-plugins.sh', out], { cwd: ROOT, stdio: 'ignore' });
    const tarball = readdirSync(out).find((f) => f.startsWith('artillery-plugin-crm-'));
    assert.ok(tarball, readdirSync(out).join(', '));
    const project = mkdtempSync(path.join(tmpdir(), 'crm-install-'));
    execFileSync('tar', ['-xzf', path.join(out, tarball), '-C', project]);
    const bundle = readFileSync(path.join(project, 'package', 'dist', 'index.js'), 'utf8');
    const requires = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string));
    for (const r of requires)
      assert.ok(
        /^node:|^(fs|path|os|child_process|worker_threads|url|util)$|^chart\.js|^artillery-plugin-cache-stats/.test(r),
        `bundle requires ${r}`,
      );
    // Installed with its two dependencies and nothing else, away from this repository, it loads.
    const modules = path.join(project, 'node_modules');
    execFileSync('mkdir', ['-p', modules]);
    execFileSync('mv', [path.join(project, 'package'), path.join(modules, 'artillery-plugin-crm')]);
    for (const dep of ['chart.js', 'artillery-plugin-cache-stats'])
      execFileSync('cp', ['-rL', path.join(ROOT, 'node_modules', dep), path.join(modules, dep)]);
    const loaded = spawnSync(
      process.execPath,
      ['-e', "const p = require('artillery-plugin-crm'); console.log(typeof p.Plugin)"],
      { cwd: project, encoding: 'utf8' },
    );
    assert.equal(loaded.stdout.trim(), 'function', loaded.stderr);
  });
});

describe('merged reports of several load generators', () => {
  test(
    'N pollers each measured the same window: the summed counters keep the hit rate, ensure and ' + 'the verdict agree',
    () => {
      const one = { hits: 930, misses: 70 };
      for (const generators of [1, 3, 10]) {
        const counters = {
          'http.requests': 5000 * generators,
          'crm.failed_requests': 0,
          [METRICS.hits]: one.hits * generators,
          [METRICS.misses]: one.misses * generators,
          [METRICS.noDataWaived]: 0,
        };
        const report = {
          counters,
          rates: {},
          summaries: { 'http.response_time': { median: 5, p95: 20, p99: 40, mean: 8 } },
        };
        const checks = Ensure.runChecks(
          { conditions: [{ expression: hitRateCondition(90), strict: true }] },
          Ensure.statsToVars({ report }),
        );
        assert.equal(checks[0]?.result, 1, `${generators} generators`);
        const verdict = evaluate({
          report,
          targets: { ...GUIDE_TARGETS, cache_hit_rate_pct: 90 },
          ceiling: undefined,
          cacheStatsConfigured: true,
        });
        assert.equal(verdict.measured.cache.hitRatePct, 93);
      }
    },
  );
});

test('the GitHub Actions workflow is a valid workflow', () => {
  const source = readFileSync(path.join(ROOT, '.github/workflows/load-test.yml'), 'utf8');
  const state = validateWorkflow(source);
  assert.deepEqual(state.errors, [], JSON.stringify(state.errors, null, 1));
  for (const part of [
    'npm ci',
    'workflow_dispatch',
    'schedule',
    'postgres:16',
    'redis:7',
    'upload-artifact',
    'scenarios/$SCENARIO.yml',
  ]) {
    assert.ok(source.includes(part), `the workflow lacks ${part}`);
  }
});
