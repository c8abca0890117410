/**
 * The locale for Intl formatters: the language of the messages (`popup_lang`, `privacy_lang`),
 * not the browser's, so dates and numbers read like the sentence around them. They differ when
 * `_locales` has no translation for the browser's language and falls back to English.
 */

/** A BCP 47 tag from a message ("de", "pt_BR"); undefined (the runtime default) when invalid. */
export function safeLocale(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
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
