/**
 * Sentences for history events. `from` / `to` come from certificates (issuer organisations)
 * and are attacker-controlled: they pass through `safeParam`, which makes invisible and
 * reordering characters visible and isolates right-to-left text inside the sentence.
 */
import { HISTORY_EVENT_MESSAGES } from '@/lib/i18n/keys';
import type { HistoryEventRecord } from '@/lib/history/schema';
import { safeParam, type Translate } from '@/lib/popup/message';
import type { Formats } from './format';

/** The explanation of one event, with its before/after values filled in. */
export function eventDetail(e: HistoryEventRecord, t: Translate, formats: Formats): string {
  const unknown = t('privacy_value_unknown');
  const from = e.from !== undefined ? safeParam(e.from) : unknown;
  let to = e.to !== undefined ? safeParam(e.to) : unknown;
  if (e.kind === 'expiring' && e.to !== undefined && /^\d+$/.test(e.to)) to = formats.date(Number(e.to));
  return t(HISTORY_EVENT_MESSAGES[e.kind].detail, [from, to]);
}
