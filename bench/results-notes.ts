/**
 * RESULTS.md is rewritten by every full `npm run bench`; the notes written by
 * hand after its table (the profile and what it shows) are kept: everything
 * from NOTES_MARKER on.
 */
export const NOTES_MARKER = '<!-- Notes from here on are written by hand; npm run bench keeps them. -->';

/** The notes of an existing RESULTS.md, from the marker on (after a blank line), or ''. */
export function keptNotes(previous: string): string {
  const at = previous.indexOf(NOTES_MARKER);
  return at < 0 ? '' : `\n${previous.slice(at)}`;
}
