/**
 * A real headless browser for the report tests: Debian's Chromium
 * (/usr/bin/chromium, `apt-get install chromium`) driven by playwright-core.
 * No browser is ever downloaded; without the binary the tests skip.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 20_000 });
}

export interface OpenedReport {
  page: Page;
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  /** Every request the page made, by URL. */
  requests: string[];
  /** Requests to anything but the file itself or data:/blob: URLs. */
  foreignRequests: string[];
  dialogs: string[];
}

/** Opens a report file from disk, recording console errors, page errors, dialogs and every request. */
export async function openReport(
  browser: Browser,
  file: string,
  viewport = { width: 1280, height: 900 },
): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const opened: OpenedReport = {
    page,
    url,
    consoleErrors: [],
    pageErrors: [],
    requests: [],
    foreignRequests: [],
    dialogs: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      opened.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => opened.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const target = request.url();
    opened.requests.push(target);
    if (target !== url && !target.startsWith('data:') && !target.startsWith('blob:'))
      opened.foreignRequests.push(target);
  });
  await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
  return opened;
}

/** Waits until the report's script has drawn its charts; returns how many it drew. */
export async function waitForCharts(page: Page, timeoutMs = 10_000): Promise<number> {
  // Browser-side code as strings: the test runner's TypeScript has no DOM types, and
  // compiled functions may carry helpers that do not exist in the page.
  await page.waitForFunction('document.body.dataset.chartsDrawn !== undefined', undefined, { timeout: timeoutMs });
  return Number(await page.evaluate('document.body.dataset.chartsDrawn'));
}

export interface CanvasState {
  id: string;
  kind: string;
  width: number;
  height: number;
  /** The canvas differs from a blank canvas of the same size. */
  drawn: boolean;
}

const CANVAS_STATES = `Array.from(document.querySelectorAll('canvas[data-chart]')).map(function (canvas) {
  var blank = document.createElement('canvas');
  blank.width = canvas.width;
  blank.height = canvas.height;
  return {
    id: canvas.id,
    kind: canvas.dataset.chart || '',
    width: canvas.width,
    height: canvas.height,
    drawn: canvas.width > 0 && canvas.height > 0 && canvas.toDataURL() !== blank.toDataURL()
  };
})`;

export async function canvasStates(page: Page): Promise<CanvasState[]> {
  return (await page.evaluate(CANVAS_STATES)) as CanvasState[];
}

/** Runs browser-side JavaScript (an expression, as text) and returns its value. */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

export interface VerdictRow {
  key: string;
  status: string;
  /** The value cell's text, as the terminal prints it. */
  value: string;
}

/** The report's verdict table, row by row. */
export function verdictRows(page: Page): Promise<VerdictRow[]> {
  return inPage<VerdictRow[]>(
    page,
    `Array.from(document.querySelectorAll('#verdict-table tbody tr')).map(function (row) {
  return { key: row.dataset.key, status: row.dataset.status, value: row.querySelector('td.value').textContent };
})`,
  );
}
