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
