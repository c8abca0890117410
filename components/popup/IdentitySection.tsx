/**
 * "Who is this site?": the leaf certificate. CertIdentity draws it from the DER as read by the
 * light reader (lib/cert/summary.ts) or the full parser; before that, or when there is no DER,
 * what the browser said (CertSummary). A certificate that cannot be read says so in words and
 * keeps the summary.
 */
import { useId } from 'preact/hooks';
import { Fingerprint, Row, SafeList, SafeText, Validity } from '@/components/cert/parts';
import { CertIdentity } from '@/components/cert/CertIdentity';
import { certErrorKey, defaultFormatDate, type FormatDate } from '@/components/cert/types';
import type { CertBriefResult } from '@/lib/cert/summary';
import type { CertParseResult } from '@/lib/cert/types';
import { text, type Message, type Translate } from '@/lib/popup/message';
import type { CertSummary } from '@/lib/report/types';

/** Props of {@link IdentitySection}. */
export interface IdentitySectionProps {
  /** The leaf as the browser described it; undefined when there is no certificate. */
  leaf?: CertSummary;
  /** The leaf as read from its DER; undefined while reading. */
  parsed?: CertBriefResult | CertParseResult;
  /** Parsing is under way. */
  parsing: boolean;
  /** Firefox's EV flag, shown until the parsed policies say more. */
  extendedValidation?: boolean;
  /** Why there is no certificate, when `leaf` is undefined. */
  absent?: Message;
  onCopy: (text: string) => void;
  now: number;
  formatDate?: FormatDate;
  t: Translate;
}

function Muted({ children }: { children: string }) {
  return <span class="cert-muted">{children}</span>;
}

/** The identity card from the browser's summary alone. */
function SummaryFields({ leaf, parsing, extendedValidation, onCopy, now, formatDate, t }: IdentitySectionProps & { leaf: CertSummary }) {
  const org = leaf.subjectOrg;
  const cn = leaf.subjectCN;
  const issuer = leaf.issuerCN ?? leaf.issuerOrg ?? leaf.issuer;
  const sans = (leaf.sans ?? []).map((value, i) => ({ key: String(i), value }));
  return (
    <dl class="cert-dl">
      <Row label={t('cert_subject_org')}>{org !== undefined ? <SafeText value={org} t={t} /> : <Muted>{t('cert_not_stated')}</Muted>}</Row>
      <Row label={t('cert_subject_cn')}>
        {cn !== undefined ? (
          <SafeText value={cn} t={t} />
        ) : leaf.subject ? (
          <SafeText value={leaf.subject} t={t} />
        ) : (
          <Muted>{t('cert_not_stated')}</Muted>
        )}
      </Row>
      <Row label={t('cert_validation')}>
        {extendedValidation ? (
          <span class="cert-badge cert-level-ev">{t('cert_level_ev')}</span>
        ) : (
          <Muted>{parsing ? t('popup_identity_reading') : t('popup_unknown')}</Muted>
        )}
      </Row>
      <Row label={t('cert_issuer')}>
        {issuer ? <SafeText value={issuer} t={t} /> : <Muted>{t('cert_not_stated')}</Muted>}
        {leaf.issuerCN !== undefined && leaf.issuerOrg !== undefined && leaf.issuerOrg !== leaf.issuerCN && (
          <>
            {' — '}
            <SafeText value={leaf.issuerOrg} t={t} />
          </>
        )}
      </Row>
      {leaf.notBefore !== undefined && leaf.notAfter !== undefined && (
        <Row label={t('cert_validity')}>
          <Validity notBefore={leaf.notBefore} notAfter={leaf.notAfter} now={now} t={t} formatDate={formatDate ?? defaultFormatDate} />
        </Row>
      )}
      {sans.length > 0 && (
        <Row label={t('cert_san')}>
          <SafeList items={sans} t={t} label={t('cert_san')} />
        </Row>
      )}
      {leaf.sha256 && (
        <Row label={t('cert_sha256')}>
          <Fingerprint value={leaf.sha256} t={t} onCopy={onCopy} copyLabel={t('cert_copy_sha256')} />
        </Row>
      )}
    </dl>
  );
}

export function IdentitySection(props: IdentitySectionProps) {
  const { leaf, parsed, parsing, absent, onCopy, now, formatDate, t } = props;
  const headingId = useId();
  if (leaf && parsed?.ok) {
    return <CertIdentity cert={parsed} t={t} onCopy={onCopy} now={now} formatDate={formatDate ?? defaultFormatDate} />;
  }
  return (
    <section class="cert cert-identity" aria-labelledby={headingId} aria-busy={parsing ? 'true' : undefined}>
      <h2 id={headingId}>{t('cert_identity_heading')}</h2>
      {!leaf && <p class="cert-muted">{absent ? text(t, absent) : t('popup_identity_none')}</p>}
      {leaf && parsed && !parsed.ok && parsed.reason !== 'empty' && (
        <p class="cert-warn" role="note">
          {t(certErrorKey(parsed.reason))} {t('popup_identity_parse_failed')}
        </p>
      )}
      {leaf && <SummaryFields {...props} leaf={leaf} />}
    </section>
  );
}
