/**
 * The certificates a site showed, oldest first, as a timeline: who issued each, its validity,
 * and when this site was seen with it. Certificate text is attacker-controlled: text nodes,
 * neutralised and capped (safeText).
 */
import type { CertTimelineEntry } from '@/lib/history/queries';
import { safeText } from '@/lib/safe-text';
import type { Lang } from './types';

export function CertTimeline({ entries, t, f }: Lang & { entries: readonly CertTimelineEntry[] }) {
  if (entries.length === 0) return <p class="muted">{t('privacy_timeline_none')}</p>;
  return (
    <ol class="timeline">
      {entries.map((e, i) => {
        const c = e.cert;
        const issuer = c.issuerOrg ?? c.issuerCN;
        const changed = i > 0 && (entries[i - 1]!.cert.issuerOrg ?? entries[i - 1]!.cert.issuerCN) !== issuer;
        return (
          <li key={c.id} class={`timeline-item${changed ? ' is-issuer-change' : ''}`}>
            <div class="timeline-when">{t('privacy_timeline_seen', [f.date(e.firstSeen), f.date(e.lastSeen), f.number(e.visits)])}</div>
            <div class="timeline-cert">
              <span class="timeline-issuer">
                {t('privacy_timeline_issuer')} <strong>{issuer !== undefined ? safeText(issuer) : t('privacy_value_unknown')}</strong>
              </span>
              {changed && <span class="event-new">{t('privacy_timeline_issuer_changed')}</span>}
              {c.subjectCN !== undefined && (
                <span>
                  {t('privacy_timeline_subject')} {safeText(c.subjectCN)}
                </span>
              )}
              {c.notBefore !== undefined && c.notAfter !== undefined && (
                <span>{t('privacy_timeline_valid', [f.date(c.notBefore), f.date(c.notAfter)])}</span>
              )}
              <span class="code" title={c.sha256}>
                SHA-256 {c.sha256.slice(0, 23)}…
              </span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
