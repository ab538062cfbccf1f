/** The HTML document around the sections: CSP, inlined styles, data, Chart.js and the report's script. */
import { chartJs } from './chartjs';
import { clientScript } from './client-script';
import { escapeHtml, inlineScript, jsonForScript } from './escape';
import { STYLES } from './styles';

/** No request may leave the page: everything it needs is inline. */
export const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

/** The live view's page (plugins/crm/src/live-server.ts) may also talk to the server that served it. */
export const LIVE_CSP = `${CSP}; connect-src 'self'`;

/** What the live view adds: a banner above the report and its script after the report's. */
export interface LiveParts {
  bannerHtml: string;
  script: string;
}

export interface PageParts {
  title: string;
  header: string;
  nav: Array<{ id: string; label: string }>;
  sections: string[];
  data: unknown;
  footer: string;
  live?: LiveParts;
}

export function page(parts: PageParts): string {
  const lib = chartJs();
  const nav = parts.nav.map((n) => `<li><a href="#${escapeHtml(n.id)}">${escapeHtml(n.label)}</a></li>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.live ? LIVE_CSP : CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<main class="page">',
    parts.live?.bannerHtml ?? '',
    parts.header,
    `<nav class="toc" aria-label="Contents"><ul>${nav}</ul></nav>`,
    ...parts.sections,
    `<footer>${parts.footer} · Charts drawn with Chart.js v${escapeHtml(lib.version)} (MIT license), ` +
      `inlined: this file needs no network.</footer>`,
    '</main>',
    `<script type="application/json" id="report-data">${jsonForScript(parts.data)}</script>`,
    `<script>${lib.code}</script>`,
    `<script>${inlineScript(clientScript(), 'the report script')}</script>`,
    parts.live ? `<script>${inlineScript(parts.live.script, 'the live script')}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
