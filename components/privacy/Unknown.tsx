import type { Translate } from './types';

/** An unknown value in a table cell: a dash to the eye, the word "unknown" to a screen reader. */
export function Unknown({ t }: { t: Translate }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{t('privacy_value_unknown')}</span>
    </>
  );
}
