/**
 * The report page's own script: table sorting, and the Chart.js charts drawn
 * from the page's JSON data block. TypeScript, type-checked against the DOM
 * (tsconfig.json beside it) and the chart specs the report writes
 * (../chart-spec.ts), bundled by `npm run build` into one classic script
 * (dist/report/browser/report-page.js) that the report inlines.
 *
 * It never builds markup from data: text goes in through textContent, rows
 * are moved, not rebuilt.
 */
import type { Chart as ChartJs, ChartConfiguration, LegendItem, ScaleOptions, TooltipItem } from 'chart.js';
import type { AxisSpec, ChartSpec } from '../chart-spec';

/** Chart.js, inlined before this script as its UMD bundle: a global, or absent if it failed to load. */
declare const Chart: typeof ChartJs | undefined;

interface ReportData {
  charts?: ChartSpec[];
}

const body = document.body;

function readData(): ReportData | null {
  const el = document.getElementById('report-data');
  return el ? (JSON.parse(el.textContent || 'null') as ReportData | null) : null;
}

/* ---- sortable tables ---- */

type SortValue = number | string | null;

function sortValue(cell: HTMLTableCellElement | undefined, type: string): SortValue {
  if (!cell) return null;
  const raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
  if (type === 'num') {
    if (raw === null || raw === '') return null;
    const n = Number(raw);
    return isNaN(n) ? null : n;
  }
  return String(raw).toLowerCase();
}

function nextDirection(current: string | null, type: string): 'ascending' | 'descending' {
  if (current === 'descending') return 'ascending';
  if (current === 'ascending') return 'descending';
  return type === 'num' ? 'descending' : 'ascending';
}

function wireTable(table: HTMLTableElement): void {
  const headers = Array.from(table.querySelectorAll<HTMLTableCellElement>('thead th'));
  headers.forEach((th, index) => {
    const button = th.querySelector('button.sort');
    if (!button) return;
    button.addEventListener('click', () => {
      const type = th.getAttribute('data-type') || 'text';
      const dir = nextDirection(th.getAttribute('aria-sort'), type);
      headers.forEach((other) => other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const tbody = table.tBodies[0];
      if (!tbody) return;
      const keyed = Array.from(tbody.rows).map((row, i) => ({ row, i, v: sortValue(row.cells[index], type) }));
      keyed.sort((a, b) => {
        if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1; // missing values last
        const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
        return (dir === 'descending' ? -c : c) || a.i - b.i;
      });
      keyed.forEach((k) => tbody.appendChild(k.row));
    });
  });
}

document.querySelectorAll<HTMLTableElement>('table[data-sortable]').forEach(wireTable);

/* ---- charts ---- */

function formatNumber(v: unknown): string {
  if (typeof v !== 'number' || !isFinite(v)) return '-';
  const abs = Math.abs(v);
  return v.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

function axis(spec: AxisSpec, position: 'left' | 'right'): ScaleOptions<'linear'> {
  const a = {
    type: 'linear',
    position,
    title: { display: true, text: spec.title },
    ticks: { callback: (v: number | string) => formatNumber(v) },
    beginAtZero: true,
  } as ScaleOptions<'linear'>;
  if (spec.min !== undefined) a.min = spec.min;
  if (spec.max !== undefined) a.max = spec.max;
  return a;
}

// Chart.js's dataset options differ by chart type; the page mixes bars and lines in one
// chart, so datasets are built as plain records and handed over as one configuration.
type Dataset = Record<string, unknown>;

function chartConfig(spec: ChartSpec): ChartConfiguration {
  const units: string[] = [];
  let usesY2 = false;
  const datasets: Dataset[] = spec.series.map((s) => {
    const type = s.dashed ? 'line' : s.type || spec.type;
    units.push(s.unit || '');
    if (s.axis === 'y2') usesY2 = true;
    const ds: Dataset = {
      type,
      label: s.label,
      data: s.data,
      yAxisID: s.axis || 'y',
      borderColor: s.color,
      backgroundColor: s.colors || (type === 'bar' ? s.color : s.fill ? s.color + '26' : s.color),
      borderWidth: type === 'bar' ? 0 : 2,
      fill: !!s.fill,
      pointRadius: s.points || (spec.labels && spec.labels.length <= 3) ? 3 : 0,
      pointHoverRadius: 4,
      tension: 0.3,
      cubicInterpolationMode: 'monotone',
      spanGaps: false,
      order: 1,
    };
    if (type === 'bar') Object.assign(ds, { borderRadius: 3, maxBarThickness: 48, order: 2 });
    if (s.dashed) Object.assign(ds, { borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, order: 0 });
    return ds;
  });
  const numberTicks = { callback: (v: number | string) => formatNumber(v) };
  const scales: Record<string, unknown> = {
    x: spec.x.linear
      ? { type: 'linear', title: { display: true, text: spec.x.title }, min: spec.x.min, ticks: numberTicks }
      : {
          type: 'category',
          title: { display: true, text: spec.x.title },
          grid: { display: false },
          ticks: { maxRotation: spec.kind === 'histogram' ? 45 : 0, autoSkip: spec.kind !== 'histogram' },
        },
    y: axis(spec.y, 'left'),
  };
  if (usesY2 && spec.y2) scales.y2 = { ...axis(spec.y2, 'right'), grid: { drawOnChartArea: false } };
  return {
    type: spec.type,
    data: spec.labels ? { labels: spec.labels, datasets } : { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: spec.x.linear ? { xAxisKey: 'x', yAxisKey: 'y' } : undefined,
      interaction: spec.x.linear ? { mode: 'nearest', intersect: false } : { mode: 'index', intersect: false },
      scales,
      plugins: {
        legend: {
          display: datasets.length > 1,
          position: 'bottom',
          labels: {
            boxWidth: 14,
            boxHeight: 2,
            sort: (a: LegendItem, b: LegendItem) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
          },
        },
        tooltip: {
          callbacks: {
            label: (ctx: TooltipItem<'line' | 'bar'>) => {
              const y = ctx.parsed && ctx.parsed.y;
              const unit = units[ctx.datasetIndex];
              return ' ' + ctx.dataset.label + ': ' + formatNumber(y) + (unit ? ' ' + unit : '');
            },
          },
        },
      },
    },
  } as unknown as ChartConfiguration; // mixed bar/line datasets as plain records (see Dataset)
}

let data: ReportData | null = null;
try {
  data = readData();
} catch (e) {
  console.error('report data unreadable: ' + e);
}
const specs = (data && data.charts) || [];
let drawn = 0;
if (typeof Chart === 'undefined') {
  if (specs.length > 0) console.error('Chart.js did not load: the charts cannot be drawn');
} else {
  Chart.defaults.font.family = getComputedStyle(body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#475569';
  Chart.defaults.borderColor = '#e2e8f0';
  for (const spec of specs) {
    const canvas = document.getElementById(spec.id);
    if (!(canvas instanceof HTMLCanvasElement)) continue;
    try {
      new Chart(canvas, chartConfig(spec));
      canvas.setAttribute('data-drawn', 'true');
      drawn++;
    } catch (e) {
      canvas.setAttribute('data-chart-error', String((e as Error | undefined)?.message ?? e));
      console.error('chart ' + spec.id + ' could not be drawn: ' + e);
    }
  }
}
body.dataset.chartsDrawn = String(drawn);
