/**
 * Shared prop types of the certificate components. Type-only imports from lib/cert keep
 * @peculiar/x509 out of the popup's first bundle: the parser is loaded with `import()`.
 */
import type { MessageKey } from '../../lib/i18n/keys';
import { safeLocale } from '../../lib/i18n/locale';
import type { CertParseErrorReason, SanEntry, ValidationLevel } from '../../lib/cert/types';

/**
 * Message lookup, lib/i18n `t`. Only labels and numbers go through it: certificate text is
 * rendered as separate text nodes, never substituted into a message.
 */
export type { Translate } from '../../lib/i18n/locale';

/** Formats an instant (ms) for display; the popup passes a locale-aware one. */
export type FormatDate = (ms: number) => string;

const dateFormats = new Map<string | undefined, FormatDate>();

/**
 * Dates (no time) in `lang`, the language of the messages around them (`popup_lang`): "20 Nov
 * 2026" next to English text, "20. Nov. 2026" next to German. One formatter per language, made
 * on first use: toLocaleDateString with options builds a new one on every call (~1 ms each).
 */
export function dateFormatIn(lang: string | undefined): FormatDate {
  let format = dateFormats.get(lang);
  if (!format) {
    let intl: Intl.DateTimeFormat | undefined;
    format = (ms) => (intl ??= new Intl.DateTimeFormat(safeLocale(lang), { year: 'numeric', month: 'short', day: 'numeric' })).format(ms);
    dateFormats.set(lang, format);
  }
  return format;
}

/** For callers without messages (tests, a component on its own): the runtime's locale. */
export const defaultFormatDate: FormatDate = dateFormatIn(undefined);

// Tables rather than keys built from the value, so the compiler checks each value has a message.

const CERT_ERROR_KEYS: Record<CertParseErrorReason, MessageKey> = {
  empty: 'cert_error_empty',
  'not-base64': 'cert_error_not_base64',
  'too-large': 'cert_error_too_large',
  'too-complex': 'cert_error_too_complex',
  'not-der': 'cert_error_not_der',
  'not-certificate': 'cert_error_not_certificate',
  internal: 'cert_error_internal',
};

/** Message key for a parse error. */
export function certErrorKey(reason: CertParseErrorReason): MessageKey {
  return CERT_ERROR_KEYS[reason];
}

/** A validation level's short name and its one-line explanation. */
export const CERT_LEVEL_KEYS: Record<ValidationLevel, { name: MessageKey; hint: MessageKey }> = {
  ev: { name: 'cert_level_ev', hint: 'cert_level_ev_hint' },
  ov: { name: 'cert_level_ov', hint: 'cert_level_ov_hint' },
  iv: { name: 'cert_level_iv', hint: 'cert_level_iv_hint' },
  dv: { name: 'cert_level_dv', hint: 'cert_level_dv_hint' },
  unknown: { name: 'cert_level_unknown', hint: 'cert_level_unknown_hint' },
};

/** Short type labels of SANs; DNS names (the usual case) get none. */
export const CERT_SAN_KEYS: Record<Exclude<SanEntry['type'], 'dns'>, MessageKey> = {
  ip: 'cert_san_ip',
  email: 'cert_san_email',
  uri: 'cert_san_uri',
  dn: 'cert_san_dn',
  rid: 'cert_san_rid',
  other: 'cert_san_other',
};
