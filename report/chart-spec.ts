/**
 * What a chart of the report is, as data: written by the report module
 * (html/charts.ts) into the page's JSON block and drawn by the page's own
 * script (browser/report-page.ts). No imports: both sides, Node and the
 * browser, type-check against it.
 */

export type Point = { x: number; y: number | null };

export interface SeriesSpec {
  label: string;
  data: Array<number | null> | Point[];
  color: string;
  /** Per-bar colours (bar charts). */
  colors?: string[];
  axis?: 'y' | 'y2';
  type?: 'line' | 'bar';
  dashed?: boolean;
  fill?: boolean;
  /** Unit for the tooltip. */
  unit: string;
  /** Draw point markers (for sparse series). */
  points?: boolean;
}

export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
}

export interface ChartSpec {
  id: string;
  /** The data-chart attribute: what the chart shows. */
  kind: string;
  type: 'line' | 'bar';
  title: string;
  /** Category labels of the x axis; absent for a linear x axis ({x, y} points). */
  labels?: string[];
  x: AxisSpec & { linear?: boolean };
  y: AxisSpec;
  y2?: AxisSpec;
  series: SeriesSpec[];
}
