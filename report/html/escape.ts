/**
 * Escaping for the HTML report. Everything that came from the server, the
 * scenario config or the environment (endpoint names, error kinds, target
 * URL, run name, warnings, notes) goes through `escapeHtml` before it is put
 * into markup; data for the client script goes through `jsonForScript`.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and
 * the line separators U+2028/U+2029 become \u escapes, so neither
 * `</script>` nor `<!--` in the data can end the element. JSON.parse reads
 * the escapes back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Code for an inline `<script>` element. Script text cannot be escaped, so
 * code that contains `</script` or `<!--` (which would end or confuse the
 * element) is refused rather than silently broken.
 */
export function inlineScript(code: string, what: string): string {
  if (/<\/script|<!--/i.test(code)) throw new Error(`${what} contains "</script" or "<!--" and cannot be inlined`);
  return code;
}

/** Tag attributes from a record; values escaped, undefined/false left out. */
export function attrs(values: Record<string, string | number | boolean | undefined | null>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
}
