import { browser } from 'wxt/browser';
import type { MessageKey } from './keys';
import { withNumbers, type Translate } from './locale';

/**
 * Looks a message up in `_locales`, numbers formatted in the messages' language. Falls back to
 * the key itself so a missing translation is visible in review instead of rendering an empty string.
 */
export const t: Translate = withNumbers((key: MessageKey, subs?: string | string[]): string => {
  // WXT types getMessage as one overload per key, which a MessageKey union cannot call: widen.
  const getMessage = browser.i18n.getMessage as (key: string, subs?: string | string[]) => string;
  const message = getMessage(key, subs);
  return message || key;
});
