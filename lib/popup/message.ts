/**
 * A `_locales` message named as data: view-model functions return these so they stay pure
 * (no i18n lookup) and components translate them with the `t` they are given.
 * Same shape as the report's `Reason`, so reasons from lib/report pass through unchanged.
 */
import { displayText } from '@/lib/cert/hostile';
import type { Reason } from '@/lib/report/types';

/** A message key with its substitutions. */
export type Message = Reason;

/** Builds a Message; parameters are the message's $1, $2, … in order. */
export function msg(key: string, ...params: string[]): Message {
  return params.length ? { key, params } : { key };
}

/** Message lookup, the signature of lib/i18n `t` (and of components/cert `Translate`). */
export type Translate = (key: string, subs?: string | string[]) => string;

/** Longest substitution shown inside a sentence; certificate names can be 64 KB. */
export const PARAM_LIMIT = 80;

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

/** Translates a Message, with every substitution made safe. */
export function text(t: Translate, m: Message): string {
  return t(m.key, m.params?.map((p) => safeParam(p)));
}
