/**
 * Props every privacy-page component shares: the message lookup and the formats of the UI
 * language. Passed in (never imported) so tests render components in any language.
 */
import type { Translate } from '@/lib/popup/message';
import type { Formats } from '@/lib/privacy/format';

/** Language props of the page's components. */
export interface Lang {
  t: Translate;
  f: Formats;
}

export type { Translate, Formats };
