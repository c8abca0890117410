/**
 * Below the site's identity: checking it elsewhere (crt.sh, SSL Labs), as two plain links.
 * Presentational.
 */
import { useId } from 'preact/hooks';
import type { Translate } from '@/lib/popup/message';
import type { OutsideChecks } from '@/lib/popup/outside-checks';

/** Props of {@link OutsideChecksSection}. */
export interface OutsideChecksProps {
  checks: OutsideChecks;
  t: Translate;
}

/** Two ordinary links, each saying it leaves for a third-party site. */
export function OutsideChecksSection({ checks, t }: OutsideChecksProps) {
  const headingId = useId();
  if (!checks.crtsh && !checks.ssllabs) return null;
  return (
    <section class="outside-checks" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('outside_heading')}</h2>
      <ul>
        {checks.crtsh && (
          <li>
            <a class="outside-crtsh" href={checks.crtsh} target="_blank" rel="noopener noreferrer">
              {t('outside_crtsh')} <span class="outside-note">{t('outside_opens_third_party')}</span>
            </a>
          </li>
        )}
        {checks.ssllabs && (
          <li>
            <a class="outside-ssllabs" href={checks.ssllabs} target="_blank" rel="noopener noreferrer">
              {t('outside_ssllabs')} <span class="outside-note">{t('outside_opens_third_party')}</span>
            </a>
          </li>
        )}
      </ul>
      <p class="hint">{t('outside_note')}</p>
    </section>
  );
}
