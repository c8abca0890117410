/**
 * The one safe-text path: every text a certificate, a backup or a page can set (names, SANs,
 * URLs, host names) goes through here before the UI shows it.
 *
 * Anyone can put anything in a certificate, a backup file or a host name: markup, right-to-left overrides that make
 * "moc.knab" read as "bank.com", invisible characters, 64 KB names, thousands of SANs.
 * Rendering as text (Preact text nodes, never innerHTML) already defeats markup; these helpers
 * handle what text rendering does not: invisible or reordering characters and sheer size.
 * They never drop information — hidden characters become visible tokens, long text says how
 * much was cut, and the full value stays available to the caller.
 *
 * No dependencies: safe to import from components.
 */

/**
 * Characters that reorder, hide or break text: bidi embeddings/overrides/isolates and marks,
 * zero-width characters, line/paragraph separators, C0/C1 controls, and the BOM.
 */
const INVISIBLE_CLASS = '[\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]';
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');
// A separate non-global copy: test() on a /g regex is stateful (lastIndex).
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);

/** True when the text contains characters `neutralise` would make visible. */
export function hasInvisible(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}

/** Replaces each invisible or bidi-control character with a visible token such as ⟨U+202E⟩. */
export function neutralise(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Default display cap for one value (a CN, a URL); the full text stays available. */
export const DEFAULT_TEXT_LIMIT = 200;

/** A value prepared for display. */
export interface DisplayText {
  /** Neutralised, possibly shortened text to render. */
  text: string;
  /** Characters (UTF-16 code units of the original) left out; 0 when nothing was cut. */
  omitted: number;
  /** The original value, untouched, for "show all" and copying. */
  full: string;
}

/**
 * Caps and neutralises a hostile string. The cut never splits a surrogate pair, and the count
 * is of the original text, so "(N more characters)" is honest.
 */
export function displayText(value: string, limit: number = DEFAULT_TEXT_LIMIT): DisplayText {
  if (value.length <= limit) return { text: neutralise(value), omitted: 0, full: value };
  let cut = limit;
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // a high surrogate would be orphaned
  return { text: neutralise(value.slice(0, cut)), omitted: value.length - cut, full: value };
}

/**
 * A hostile value as one display string: invisible and bidi-control characters made visible,
 * capped at `limit` with "…" when cut. For places that show a string, not a component
 * (table cells, list rows); components/cert/parts.tsx SafeText adds "show all" on top.
 */
export function safeText(value: string, limit: number = DEFAULT_TEXT_LIMIT): string {
  const shown = displayText(value, limit);
  return shown.omitted > 0 ? `${shown.text}…` : shown.text;
}

/** Default number of list items (SANs, URLs) shown before "show all". */
export const DEFAULT_LIST_LIMIT = 10;

/** A list prepared for a collapsed view. */
export interface CappedList<T> {
  shown: readonly T[];
  /** Items not shown; 0 when the list fits. */
  hidden: number;
  total: number;
}

/** Caps a list for a collapsed view. */
export function capList<T>(items: readonly T[], limit: number = DEFAULT_LIST_LIMIT): CappedList<T> {
  if (items.length <= limit) return { shown: items, hidden: 0, total: items.length };
  return { shown: items.slice(0, limit), hidden: items.length - limit, total: items.length };
}

/** Longest substitution shown inside a sentence; certificate names can be 64 KB. */
const PARAM_LIMIT = 80;

/**
 * A substitution made safe to put inside a sentence. Reasons carry certificate names
 * ("…ends in a root certificate … ($ROOT$)"), which are attacker-controlled: invisible and
 * bidi-control characters become visible tokens, the length is capped, and anything beyond
 * printable ASCII is wrapped in Unicode isolates (FSI … PDI) so right-to-left text cannot
 * reorder the sentence around it. Printable ASCII has no right-to-left letters, so numbers,
 * IPs and ASCII host names stay plain (and searchable).
 */
export function safeParam(value: string, limit = PARAM_LIMIT): string {
  const shown = displayText(value, limit);
  const capped = `${shown.text}${shown.omitted > 0 ? '…' : ''}`;
  return /^[\x20-\x7E]*$/.test(value) ? capped : `\u2068${capped}\u2069`;
}
