/**
 * report.html in a real headless Chromium, opened from disk: no request
 * leaves the page, no console or page errors, every chart draws, the verdict
 * rows are the terminal's verdict, the tables sort, hostile strings stay
 * text. Screenshots go to test-output/screenshots/; with
 * UPDATE_README_SCREENSHOT=1 the top of the healthy baseline report is also
 * saved as docs/report-screenshot.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { compareModels } from '../../report/compare';
import { buildReportModel, type ReportModel } from '../../report/model';
import { renderReportHtml } from '../../report/html/render';
import { formatVerdict } from '../../report/terminal';
import {
  browserSkipReason,
  canvasStates,
  inPage,
  launchChromium,
  openReport,
  waitForCharts,
  type CanvasState,
  type OpenedReport,
  verdictRows,
} from '../support/browser';
import { resultsFixture } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const REPORTS = path.join(ROOT, 'test-output', 'reports');
const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');
const README_SCREENSHOT = path.join(ROOT, 'docs', 'report-screenshot.png');

const fixture = resultsFixture;

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

function writeReport(name: string, html: string): string {
  mkdirSync(REPORTS, { recursive: true });
  const file = path.join(REPORTS, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

/** The faulty baseline with hostile strings as endpoint names, an error kind, the run name and poller warnings. */
function hostileResults(): unknown {
  const inJson = (s: string) => JSON.stringify(s).slice(1, -1);
  const text = JSON.stringify(fixture('baseline-faulty'))
    .split('GET /api/leads/search')
    .join(inJson(SCRIPT))
    .split('POST /api/appointments')
    .join(inJson(IMG))
    .split('http_500')
    .join(inJson(`http_500${SCRIPT}`));
  const results = JSON.parse(text) as { aggregate: Record<string, Record<string, unknown>> };
  (results.aggregate.crm as Record<string, unknown>).run = SCRIPT;
  (results.aggregate['cache-stats'] as Record<string, unknown>).warnings = [SCRIPT, IMG];
  return results;
}

const columnState = (table: string, label: string) => `(function () {
  var table = document.getElementById(${JSON.stringify(table)});
  var cells = Array.from(table.tHead.rows[0].cells);
  var index = cells.findIndex(function (th) { return th.textContent.trim() === ${JSON.stringify(label)}; });
  return {
    index: index,
    sort: index < 0 ? null : cells[index].getAttribute('aria-sort'),
    values: Array.from(table.tBodies[0].rows).map(function (row) { return row.cells[index].getAttribute('data-sort'); })
  };
})()`;

interface ColumnState {
  index: number;
  sort: string | null;
  values: string[];
}

async function clickHeader(opened: OpenedReport, table: string, label: string): Promise<ColumnState> {
  const before = await inPage<ColumnState>(opened.page, columnState(table, label));
  assert.ok(before.index >= 0, `${table} has a "${label}" column`);
  await opened.page.click(`#${table} thead th:nth-child(${before.index + 1}) button`);
  return inPage<ColumnState>(opened.page, columnState(table, label));
}

const numbers = (values: string[]) => values.filter((v) => v !== '').map(Number);
const sortedDesc = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) >= x);
const sortedAsc = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) <= x);
/** Missing values (empty data-sort) come after all numbers. */
const missingLast = (values: string[]) =>
  values.findIndex((v) => v === '') === -1 || values.slice(values.findIndex((v) => v === '')).every((v) => v === '');

/** What every report page must do: nothing fetched, no errors, every chart drawn, the verdict as the terminal's. */
/** The checks every report passes; returns the page's charts for the case's own checks. */
async function checkPage(opened: OpenedReport, model: ReportModel): Promise<CanvasState[]> {
  const drawn = await waitForCharts(opened.page);
  const canvases = await canvasStates(opened.page);
  assert.ok(canvases.length >= 5, `charts on the page: ${canvases.map((c) => c.kind).join(', ')}`);
  assert.equal(drawn, canvases.length, 'every chart was drawn');
  for (const canvas of canvases) {
    assert.ok(canvas.width > 100 && canvas.height > 100, `${canvas.id} has a size (${canvas.width}x${canvas.height})`);
    assert.ok(canvas.drawn, `${canvas.id} (${canvas.kind}) is not blank`);
  }
  const rows = await verdictRows(opened.page);
  assert.deepEqual(
    rows.map(({ key, status }) => ({ key, status })),
    model.verdict.lines.map(({ key, status }) => ({ key, status })),
  );
  const terminal = formatVerdict(model.verdict, model.meta);
  for (const row of rows)
    assert.ok(terminal.includes(row.value), `the terminal verdict shows "${row.value}" (${row.key}) too`);
  const exitCode = await inPage<string>(opened.page, `document.getElementById('overall').dataset.exitCode`);
  assert.equal(Number(exitCode), model.verdict.exitCode);
  assert.deepEqual(opened.consoleErrors, [], 'no console errors or warnings');
  assert.deepEqual(opened.pageErrors, [], 'no page errors');
  assert.deepEqual(opened.foreignRequests, [], 'no request leaves the page');
  assert.deepEqual(opened.requests, [opened.url], 'the only request is the file itself');
  assert.deepEqual(opened.dialogs, [], 'no dialogs');
  return canvases;
}

const skip = browserSkipReason();
if (skip) console.log(`# skipping browser tests: ${skip}`);

describe('report.html in headless Chromium', { skip: skip ?? false }, () => {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  const CASES: Array<{ name: string; fixture: string; baseline?: string }> = [
    { name: 'baseline-faulty', fixture: 'baseline-faulty' },
    { name: 'stress', fixture: 'stress' },
    { name: 'sustained', fixture: 'sustained' },
    { name: 'baseline-healthy', fixture: 'baseline-healthy' },
    { name: 'faulty-vs-healthy', fixture: 'baseline-faulty', baseline: 'baseline-healthy' },
  ];

  for (const c of CASES) {
    test(`${c.name}: opens from file://, draws every chart, sorts, shows the verdict`, async () => {
      const model = buildReportModel(fixture(c.fixture));
      const comparison = c.baseline ? compareModels(buildReportModel(fixture(c.baseline)), model) : undefined;
      const file = writeReport(c.name, renderReportHtml(model, comparison ? { comparison } : {}));
      const opened = await openReport(browser as Browser, file);
      try {
        const canvases = await checkPage(opened, model);
        if (c.fixture === 'stress')
          assert.ok(
            canvases.some((x) => x.kind === 'stress'),
            'the stress chart',
          );
        if (c.fixture === 'sustained')
          assert.ok(
            canvases.some((x) => x.kind === 'drift'),
            'the drift chart',
          );
        if (comparison) {
          const regressions = await inPage<number>(
            opened.page,
            `document.querySelectorAll('#comparison tr.regression').length`,
          );
          assert.equal(regressions, comparison.regressions.length);
        }

        // Sorting: a numeric column sorts descending first, then ascending; missing values stay last.
        const p95 = numbers((await inPage<ColumnState>(opened.page, columnState('endpoints-table', 'p95 ms'))).values);
        const down = await clickHeader(opened, 'endpoints-table', 'p95 ms');
        assert.equal(down.sort, 'descending');
        assert.ok(sortedDesc(numbers(down.values)) && missingLast(down.values), `descending: ${down.values.join(' ')}`);
        assert.deepEqual(
          [...numbers(down.values)].sort((a, b) => a - b),
          [...p95].sort((a, b) => a - b),
          'the same rows, reordered',
        );
        const up = await clickHeader(opened, 'endpoints-table', 'p95 ms');
        assert.equal(up.sort, 'ascending');
        assert.ok(sortedAsc(numbers(up.values)) && missingLast(up.values), `ascending: ${up.values.join(' ')}`);
        const byName = await clickHeader(opened, 'endpoints-table', 'Endpoint');
        assert.equal(byName.sort, 'ascending');
        assert.deepEqual(
          byName.values,
          [...byName.values].sort((a, b) =>
            a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
          ),
        );
        assert.equal(
          (await inPage<ColumnState>(opened.page, columnState('endpoints-table', 'p95 ms'))).sort,
          null,
          'one sorted column at a time',
        );

        await opened.page.screenshot({ path: path.join(SCREENSHOTS, `${c.name}.png`), fullPage: true });
        if (c.name === 'baseline-healthy' && process.env.UPDATE_README_SCREENSHOT === '1') {
          await opened.page.evaluate('window.scrollTo(0, 0)');
          mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
          await opened.page.screenshot({ path: README_SCREENSHOT });
        }
      } finally {
        await opened.page.context().close();
      }
    });
  }

  test('hostile strings stay text: no dialog, no injected element', async () => {
    const model = buildReportModel(hostileResults());
    assert.ok(model.endpoints.some((e) => e.name === SCRIPT) && model.endpoints.some((e) => e.name === IMG));
    const file = writeReport('hostile', renderReportHtml(model, { comparison: compareModels(model, model) }));
    const opened = await openReport(browser as Browser, file);
    try {
      await checkPage(opened, model);
      await opened.page.waitForTimeout(200);
      assert.deepEqual(opened.dialogs, [], 'no alert ran');
      const injected = await inPage<number>(
        opened.page,
        `document.querySelectorAll('img, iframe, object, embed, script[src], link').length`,
      );
      assert.equal(injected, 0, 'no injected element');
      assert.equal(
        await inPage<number>(opened.page, `document.scripts.length`),
        3,
        'only the report’s own three scripts',
      );
      const text = await inPage<string>(opened.page, 'document.body.textContent');
      for (const s of [SCRIPT, IMG, `http_500${SCRIPT}`]) assert.ok(text.includes(s), `"${s}" shows as text`);
      const warnings = await inPage<string[]>(
        opened.page,
        `Array.from(document.querySelectorAll('ul.warnings li')).map(function (li) { return li.textContent; })`,
      );
      assert.deepEqual(warnings, [SCRIPT, IMG]);
      const names = await inPage<string[]>(
        opened.page,
        `Array.from(document.querySelectorAll('#endpoints-table tbody tr')).map(function (tr) { ` +
          `return tr.dataset.endpoint; })`,
      );
      assert.ok(names.includes(SCRIPT) && names.includes(IMG), 'endpoint names intact in attributes');
    } finally {
      await opened.page.context().close();
    }
  });
});
