/**
 * History events (certificate changes, downgrades, …), newest first. Unseen ones are marked
 * in words ("new"), not only by colour, and each can be marked as seen.
 */
import type { HistoryEventRecord } from '@/lib/history/schema';
import { HISTORY_EVENT_MESSAGES } from '@/lib/i18n/keys';
import { eventDetail } from '@/lib/privacy/events';
import { isoTime } from '@/lib/privacy/format';
import type { Lang } from './types';
import { safeText } from '@/lib/safe-text';
import { safeParam } from '@/lib/safe-text';

/** Props of {@link EventList}. */
export interface EventListProps extends Lang {
  events: readonly HistoryEventRecord[];
  onMarkSeen: (ids: number[]) => void;
  /** Hash link of a site page; absent on the site page itself (no host column there). */
  siteHref?: (host: string) => string;
  /** id of the heading naming the list. */
  labelledBy: string;
}

export function EventList({ events, onMarkSeen, siteHref, labelledBy, t, f }: EventListProps) {
  const unseen = events.filter((e) => e.ack === undefined && e.id !== undefined).map((e) => e.id!);
  if (events.length === 0) return <p class="muted">{t('privacy_events_none')}</p>;
  return (
    <>
      <p class="events-summary">
        <span>{t('privacy_events_unseen', f.number(unseen.length))}</span>{' '}
        <button type="button" disabled={unseen.length === 0} onClick={() => onMarkSeen(unseen)}>
          {t('privacy_events_mark_all')}
        </button>
      </p>
      <ul class="event-list" aria-labelledby={labelledBy}>
        {events.map((e) => (
          <li key={e.id} class={`event-item${e.ack === undefined ? ' is-unseen' : ''}`} data-kind={e.kind}>
            <div class="event-head">
              <strong class="event-title">{t(HISTORY_EVENT_MESSAGES[e.kind].title)}</strong>
              {e.ack === undefined && <span class="event-new">{t('privacy_event_new')}</span>}
            </div>
            <div class="event-meta">
              <time dateTime={isoTime(e.time)}>{f.dateTime(e.time)}</time>
              {siteHref && (
                <>
                  {' · '}
                  <a href={siteHref(e.host)}>{safeText(e.host)}</a>
                </>
              )}
            </div>
            <p class="event-detail">{eventDetail(e, t, f)}</p>
            {e.ack === undefined && e.id !== undefined && (
              <button
                type="button"
                onClick={() => onMarkSeen([e.id!])}
                aria-label={t('privacy_event_mark_seen_of', [t(HISTORY_EVENT_MESSAGES[e.kind].title), safeParam(e.host)])}
              >
                {t('privacy_event_mark_seen')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
