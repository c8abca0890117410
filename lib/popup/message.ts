/**
 * A `_locales` message named as data: view-model functions return these so they stay pure
 * (no i18n lookup) and components translate them with the `t` they are given.
 * Same shape as the report's `Reason`, so reasons from lib/report pass through unchanged.
 */
import { safeParam } from '@/lib/safe-text';

export { safeParam } from '@/lib/safe-text';
import type { MessageKey } from '@/lib/i18n/keys';
import type { Sub, Translate } from '@/lib/i18n/locale';
import type { Reason } from '@/lib/report/types';

/** A message key with its substitutions. */
export type Message = Reason;

/** Builds a Message; parameters are the message's $1, $2, … in order (numbers stay numbers). */
export function msg(key: MessageKey, ...params: Sub[]): Message {
  return params.length ? { key, params } : { key };
}

export type { Translate };

/** Translates a Message, with every text substitution made safe (`t` formats the numbers). */
export function text(t: Translate, m: Message): string {
  return t(
    m.key,
    m.params?.map((p) => (typeof p === 'number' ? p : safeParam(p))),
  );
}
