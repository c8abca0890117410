/**
 * Shared prop types of the certificate components. Type-only imports from lib/cert keep
 * @peculiar/x509 out of the popup's first bundle: the parser is loaded with `import()`.
 */

/**
 * Message lookup, same signature as lib/i18n `t`. Only labels and numbers go through it:
 * certificate text is rendered as separate text nodes, never substituted into a message.
 */
export type Translate = (key: string, subs?: string | string[]) => string;

/** Formats an instant (ms) for display; the popup passes a locale-aware one. */
export type FormatDate = (ms: number) => string;

let dateFormat: Intl.DateTimeFormat | undefined;

/**
 * Default date format: the user's locale, date only. One formatter, made on first use:
 * toLocaleDateString with options builds a new one on every call (~1 ms each).
 */
export const defaultFormatDate: FormatDate = (ms) =>
  (dateFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })).format(ms);

/** Message key for a parse error: `_locales` names allow only [A-Za-z0-9_], so hyphens become underscores. */
export function certErrorKey(reason: string): string {
  return `cert_error_${reason.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
