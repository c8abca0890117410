import type { DetailRow } from '@/lib/privacy/visit-details';
import type { Translate } from './types';

/**
 * Label/value pairs as a description list. Values are text nodes: certificate fields are
 * attacker-controlled and must never be parsed as markup.
 */
export function DetailList({ rows, t }: { rows: readonly DetailRow[]; t: Translate }) {
  return (
    <dl class="detail-list">
      {rows.map((r) => (
        <div class="detail-row" key={r.label}>
          <dt>{t(r.label)}</dt>
          <dd class={r.code ? 'code' : undefined}>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
