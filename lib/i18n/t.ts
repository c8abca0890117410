import { browser } from 'wxt/browser';
import type { Reason } from '@/lib/report/types';

/**
 * Looks a message up in `_locales`. Falls back to the key itself so a missing translation is
 * visible in review instead of rendering an empty string.
 */
export function t(key: string, subs?: string | string[]): string {
  // WXT types getMessage with the keys it knows; reasons carry keys as data, so widen here.
  const getMessage = browser.i18n.getMessage as (key: string, subs?: string | string[]) => string;
  const message = getMessage(key, subs);
  return message || key;
}

/** Renders a verdict or exposure reason in the user's language. */
export function reasonText(reason: Reason): string {
  return t(reason.key, reason.params);
}
