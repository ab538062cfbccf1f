/** Number, time and status formatting for the HTML report, plus small markup helpers. */
import { formatCount, formatValue } from '../terminal';
import type { Status } from '../verdict';
import { attrs, escapeHtml } from './escape';

export { formatValue };

export const DASH = '–';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A value with its unit as the terminal shows it ("7.9 ms", "4.75 %"), a dash when missing. */
export function fmt(value: number | null | undefined, unit: string): string {
  return finite(value) ? formatValue(value, unit).trim() : DASH;
}

/** A bare number for a table cell: as the terminal rounds it, without unit. */
export function num(value: number | null | undefined, digits?: number): string {
  if (!finite(value)) return DASH;
  if (digits !== undefined)
    return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return formatValue(value, '').trim();
}

export const count = (value: number | null | undefined): string => (finite(value) ? formatCount(value) : DASH);
export const pct = (value: number | null | undefined): string => fmt(value, '%');
/** "+12 ms", "−3.5 %", "±0 ms" (also for changes that round to zero). */
export function signed(value: number | null | undefined, unit: string): string {
  if (!finite(value)) return DASH;
  const magnitude = unit ? fmt(Math.abs(value), unit) : num(Math.abs(value));
  const zero = /^0(\s|$)/.test(magnitude);
  return `${zero ? '±' : value > 0 ? '+' : '−'}${magnitude}`;
}

export { clock } from '../timeline';

/** "2026-11-25 15:42:43 UTC". */
export function dateTime(epochMs: number | null | undefined): string {
  if (!finite(epochMs)) return DASH;
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? DASH : `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** "45 s", "1 min 30 s", "2 h 05 min". */
export function duration(seconds: number | null | undefined): string {
  if (!finite(seconds)) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const STATUS_CLASS: Record<Status, string> = {
  PASS: 'pass',
  FAIL: 'fail',
  'NO DATA': 'nodata',
  'NOT CHECKED': 'unchecked',
  WARN: 'warn',
};
export const statusClass = (status: Status): string => STATUS_CLASS[status];

export const badge = (status: Status, text: string = status): string =>
  `<span class="badge st-${statusClass(status)}">${escapeHtml(text)}</span>`;

/** A table cell; numeric cells carry their value for sorting (missing values sort last). */
export function td(html: string, sort?: number | string | null, cls?: string): string {
  const sortValue =
    sort === undefined
      ? undefined
      : sort === null || (typeof sort === 'number' && !Number.isFinite(sort))
        ? ''
        : String(sort);
  return `<td${attrs({ class: cls, 'data-sort': sortValue })}>${html}</td>`;
}

export const numTd = (value: number | null | undefined, text: string = num(value), cls?: string): string =>
  td(text, value ?? null, cls ? `num ${cls}` : 'num');

export const textTd = (value: string, cls?: string): string => td(escapeHtml(value), value, cls);

export interface Header {
  label: string;
  /** Numeric column: right-aligned, sorted as numbers. */
  num?: boolean;
  title?: string;
}

/** A table; sortable ones get header buttons that the client script wires up. */
export function table(
  id: string,
  headers: Header[],
  rows: string[],
  options: { sortable?: boolean; caption?: string; cls?: string } = {},
): string {
  const head = headers
    .map((h) => {
      const cls = h.num ? 'num' : undefined;
      const inner = options.sortable
        ? `<button type="button" class="sort">${escapeHtml(h.label)}</button>`
        : escapeHtml(h.label);
      // Only sortable tables need the column type: the client script sorts by it.
      const dataType = options.sortable ? (h.num ? 'num' : 'text') : undefined;
      return `<th${attrs({ class: cls, scope: 'col', title: h.title, 'data-type': dataType })}>${inner}</th>`;
    })
    .join('');
  return [
    `<div class="table-wrap"><table${attrs({ id, class: options.cls, 'data-sortable': options.sortable })}>`,
    options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
  ].join('');
}

/** A figure card for the summary strip. */
export function card(label: string, value: string, sub = '', status?: Status): string {
  const statusCls = status ? ` st-${statusClass(status)}` : '';
  // Long values get a smaller font so they still fit the card.
  const valueCls = value.length > 12 ? ' small' : '';
  const subHtml = sub ? `<div class="card-sub">${escapeHtml(sub)}</div>` : '';
  return (
    `<div class="card${statusCls}"><div class="card-label">${escapeHtml(label)}</div>` +
    `<div class="card-value${valueCls}">${escapeHtml(value)}</div>${subHtml}</div>`
  );
}

export function section(id: string, title: string, body: string, intro = ''): string {
  const introHtml = intro ? `<p class="intro">${escapeHtml(intro)}</p>` : '';
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${introHtml}${body}</section>`;
}

export const note = (text: string, cls = 'note'): string => `<p class="${escapeHtml(cls)}">${escapeHtml(text)}</p>`;

/**
 * A highlighted sentence: `kind` gives its colour (pass, fail, warn, nodata, unchecked); a status badge may lead it.
 */
export function callout(
  kind: 'pass' | 'fail' | 'warn' | 'nodata' | 'unchecked',
  text: string,
  options: { id?: string; badge?: Status } = {},
): string {
  const lead = options.badge ? `${badge(options.badge)} ` : '';
  return `<p class="callout callout-${kind}"${attrs({ id: options.id })}>${lead}${escapeHtml(text)}</p>`;
}

/** A definition list: label, value, and an id on the value where a test or a link needs one. */
export function factList(
  cls: string,
  items: ReadonlyArray<readonly [label: string, value: string, id?: string]>,
): string {
  const entries = items.map(
    ([label, value, id]) => `<div><dt>${escapeHtml(label)}</dt><dd${attrs({ id })}>${escapeHtml(value)}</dd></div>`,
  );
  return `<dl class="${cls}">${entries.join('')}</dl>`;
}

export const empty = (text: string): string => `<p class="empty">${escapeHtml(text)}</p>`;
