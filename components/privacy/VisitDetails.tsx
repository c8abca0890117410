/**
 * One visit, every stored field, and its certificate. Opened from the list (a link per row);
 * focus moves to the heading when it opens so keyboard and screen-reader users land on it,
 * and Escape or the close button return to the list.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { VisitDetail } from '@/lib/privacy/privacy-io';
import { certificateRows, visitRows } from '@/lib/privacy/visit-details';
import { DetailList } from './DetailList';
import type { Lang } from './types';
import { safeParam } from '@/lib/safe-text';

/** Props of {@link VisitDetails}. */
export interface VisitDetailsProps extends Lang {
  /** undefined while loading; null when the visit no longer exists. */
  detail: VisitDetail | null | undefined;
  /** Hash link of the visit's site page. */
  siteHref: (host: string) => string;
  onClose: () => void;
}

export function VisitDetails({ detail, siteHref, onClose, t, f }: VisitDetailsProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const key = detail ? detail.visit.key : detail;
  useEffect(() => heading.current?.focus(), [key]);

  return (
    <aside
      class="details-panel"
      aria-labelledby="visit-details-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div class="panel-head">
        <h2 id="visit-details-title" tabIndex={-1} ref={heading}>
          {detail ? t('privacy_details_title', safeParam(detail.visit.host)) : t('privacy_details_title_plain')}
        </h2>
        <button type="button" class="close" onClick={onClose}>
          {t('privacy_close')}
        </button>
      </div>
      {detail === undefined && <p class="muted">{t('privacy_loading')}</p>}
      {detail === null && <p>{t('privacy_details_gone')}</p>}
      {detail && (
        <>
          <DetailList rows={visitRows(detail.visit, t, f)} t={t} />
          <p>
            <a href={siteHref(detail.visit.host)}>{t('privacy_view_site')}</a>
          </p>
          <h3>{t('privacy_cert_heading')}</h3>
          {detail.cert ? (
            <DetailList rows={certificateRows(detail.cert, t, f)} t={t} />
          ) : (
            <p class="muted">{t(detail.visit.scheme === 'http' ? 'privacy_cert_none_http' : 'privacy_cert_none')}</p>
          )}
        </>
      )}
    </aside>
  );
}
