/**
 * One site's page: a summary, the certificate timeline, its events and its latest visits.
 * Reached by #site=<host> (from the list, the details panel, an event, or the popup).
 */
import type { SiteView as SiteData, VisitView } from '@/lib/history/queries';
import { CertTimeline } from './CertTimeline';
import { DetailList } from './DetailList';
import { EventList } from './EventList';
import { VerdictLabel } from './VerdictLabel';
import type { Lang } from './types';
import { safeText } from '@/lib/safe-text';
import { ExpectSection } from '@/components/cert/ExpectCertificate';
import type { Expectation } from '@/lib/watch/expectations';

/** Props of {@link SiteView}. */
export interface SiteViewProps extends Lang {
  host: string;
  /** undefined while loading; null for a host the history does not know. */
  data: SiteData | null | undefined;
  hrefOf: (visit: VisitView) => string;
  onMarkSeen: (ids: number[]) => void;
  /** Shows all visits of the site in the main list. */
  onShowAll: () => void;
  onDelete: () => void;
  /** The expectations that apply to this host. */
  expectations?: readonly Expectation[];
  /** Stores an expectation picked from the site's current certificate; resolves true once stored. */
  onExpect?: (e: Expectation) => Promise<boolean>;
}

export function SiteView({ host, data, hrefOf, onMarkSeen, onShowAll, onDelete, expectations = [], onExpect, t, f }: SiteViewProps) {
  return (
    <section class="site-view" aria-labelledby="site-title">
      <h2 id="site-title" tabIndex={-1}>
        {safeText(host)}
      </h2>
      {data === undefined && <p class="muted">{t('privacy_loading')}</p>}
      {data === null && <p>{t('privacy_site_unknown')}</p>}
      {data && (
        <>
          <div class="site-summary">
            <VerdictLabel verdict={data.site.snap.verdict} t={t} />
            <DetailList
              t={t}
              rows={[
                { label: 'privacy_site_first_seen', value: f.dateTime(data.site.firstSeen) },
                { label: 'privacy_site_last_seen', value: f.dateTime(data.site.lastSeen) },
                { label: 'privacy_site_visits', value: f.number(data.site.visits) },
                { label: 'privacy_site_http_visits', value: f.number(data.site.httpVisits) },
                { label: 'privacy_site_reloads', value: f.number(data.site.reloads) },
                ...(data.site.snap.tls ? [{ label: 'privacy_field_tls' as const, value: data.site.snap.tls }] : []),
              ]}
            />
            <div class="button-row">
              <button type="button" onClick={onShowAll}>
                {t('privacy_site_show_all')}
              </button>
              <button type="button" class="danger" onClick={onDelete}>
                {t('privacy_site_delete')}
              </button>
            </div>
          </div>
          {onExpect && (
            <ExpectSection
              host={data.site.host}
              leaf={{
                ...(data.site.snap.issuerOrg !== undefined ? { issuerOrg: data.site.snap.issuerOrg } : {}),
                ...(data.site.snap.spki !== undefined ? { spkiSha256: data.site.snap.spki } : {}),
              }}
              current={expectations}
              onExpect={onExpect}
              now={Date.now()}
              t={t}
            />
          )}
          <h3 id="site-timeline">{t('privacy_timeline_heading')}</h3>
          <CertTimeline entries={data.certificates} t={t} f={f} />
          <h3 id="site-events">{t('privacy_events_heading')}</h3>
          <EventList events={data.events} onMarkSeen={onMarkSeen} labelledBy="site-events" t={t} f={f} />
          <h3 id="site-visits">{t('privacy_site_recent', f.number(data.visits.length))}</h3>
          <ul class="site-visits" aria-labelledby="site-visits">
            {data.visits.map((v) => (
              <li key={v.key}>
                <a href={hrefOf(v)}>
                  <span>{f.dateTime(v.time)}</span> <VerdictLabel verdict={v.verdict} t={t} />{' '}
                  <span>{v.tls ?? v.scheme.toUpperCase()}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
