/**
 * The locale for Intl formatters: the language of the messages (`popup_lang`, `privacy_lang`),
 * not the browser's, so dates and numbers read like the sentence around them. They differ when
 * `_locales` has no translation for the browser's language and falls back to English.
 */
import type { MessageKey } from './keys';

/** A BCP 47 tag from a message ("de", "pt_BR"); undefined (the runtime default) when invalid. */
export function safeLocale(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** A message substitution: text, or a number shown in the messages' language ("12,345", "12.345"). */
export type Sub = string | number;

/**
 * Message lookup as components call it. Numbers among the substitutions are formatted in the
 * language of the messages, so no caller writes `String(n)` into a translated sentence.
 */
export type Translate = (key: MessageKey, subs?: Sub | readonly Sub[]) => string;

/** A lookup that takes text only: browser.i18n.getMessage, or the tests' messages.json reader. */
export type TextLookup = (key: MessageKey, subs?: string | string[]) => string;

/**
 * `lookup` with numbers formatted in the language its own messages name (`popup_lang`, which
 * every locale sets to its tag). The formatter is made on the first number: Intl is slow to build.
 */
export function withNumbers(lookup: TextLookup): Translate {
  let numbers: Intl.NumberFormat | undefined;
  const sub = (s: Sub): string =>
    typeof s === 'number' ? (numbers ??= new Intl.NumberFormat(safeLocale(lookup('popup_lang')))).format(s) : s;
  return (key, subs) => (subs === undefined ? lookup(key) : lookup(key, typeof subs === 'object' ? subs.map(sub) : sub(subs)));
}

/** Languages written right to left (ISO 639 codes), for the page's `dir`. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/**
 * The writing direction of a messages' language ("ar" → rtl). From the language of the messages
 * (`popup_lang`) rather than `@@bidi_dir`, which follows the browser's UI language: a Persian
 * browser without a Persian translation shows English messages, which must stay left to right.
 */
export function directionOf(lang: string | undefined): 'rtl' | 'ltr' {
  const primary = (safeLocale(lang) ?? '').split('-')[0]?.toLowerCase() ?? '';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}
