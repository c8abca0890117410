/**
 * Bounds on what a certificate reader hands to the screen. A certificate may hold a 60 KB
 * name or thousands of SANs; the readers (summary.ts, parse.ts) pass their result through
 * `capOutput`, which shortens every list and every text and records what it left out, so the
 * view can say "N more" and point to the PEM download, which always has the whole certificate.
 *
 * No dependencies: components import the types and the totals helper.
 */

/** Items kept of any one list (SANs, URLs, policies, name attributes, extensions, SCTs). */
export const MAX_LIST_ITEMS = 256;
/** Characters (UTF-16 code units) kept of any one text (a name, a SAN, a URL). */
export const MAX_TEXT_CHARS = 1024;

/** What was left out, by field path ("san", "subject.text", "san.3.value"). */
export interface OutputCuts {
  /** Path of a list → items left out. */
  items: Record<string, number>;
  /** Path of a text → characters left out. */
  chars: Record<string, number>;
}

/** Fields never cut: the DER itself, which is what the PEM download saves. */
const KEEP_WHOLE: ReadonlySet<string> = new Set(['derBase64']);

/** Cuts one text, never splitting a surrogate pair. */
function capText(text: string, path: string, cuts: OutputCuts): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  let end = MAX_TEXT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  cuts.chars[path] = text.length - end;
  return text.slice(0, end);
}

/**
 * Copies a reader's result (plain data: objects, arrays, strings, numbers) with every list and
 * text within the caps. Results are shallow (three levels), so recursion here is bounded by
 * the result types, not by the certificate.
 */
function capValue(value: unknown, path: string, cuts: OutputCuts): unknown {
  if (typeof value === 'string') return capText(value, path, cuts);
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) cuts.items[path] = value.length - MAX_LIST_ITEMS;
    return value.slice(0, MAX_LIST_ITEMS).map((v, i) => capValue(v, `${path}.${i}`, cuts));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const p = path ? `${path}.${key}` : key;
      out[key] = KEEP_WHOLE.has(p) ? v : capValue(v, p, cuts);
    }
    return out;
  }
  return value;
}

/** The result within the caps, with `cut` saying what was left out (absent when nothing was). */
export function capOutput<T extends object>(result: T): T & { cut?: OutputCuts } {
  const cuts: OutputCuts = { items: {}, chars: {} };
  const out = capValue(result, '', cuts) as T & { cut?: OutputCuts };
  if (Object.keys(cuts.items).length || Object.keys(cuts.chars).length) out.cut = cuts;
  return out;
}

/** A name's one-line text and its cn/o/… fields repeat its attributes: not counted twice. */
const DERIVED_NAME_FIELD = /^(subject|issuer)\.(text|cn|o|ou|c|l|st)$/;

/** Totals for a "parts of this certificate are not shown" note. */
export function cutTotals(cut: OutputCuts | undefined): { items: number; chars: number } {
  let items = 0;
  let chars = 0;
  for (const n of Object.values(cut?.items ?? {})) items += n;
  for (const [path, n] of Object.entries(cut?.chars ?? {})) if (!DERIVED_NAME_FIELD.test(path)) chars += n;
  return { items, chars };
}
