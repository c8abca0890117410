/**
 * The status line when a button's action failed. The exception's own message is English (or
 * the browser's language) and may carry database internals: it goes to the console, and the
 * page shows a translated reason instead.
 */
import { isQuotaError } from '@/lib/history/schema';
import type { Translate } from '@/lib/i18n/locale';

/** The translated sentence for a failed action: the disk was full, or it simply did not work. */
export function actionFailureText(err: unknown, t: Translate): string {
  return t(isQuotaError(err) ? 'privacy_action_failed_quota' : 'privacy_action_failed');
}
