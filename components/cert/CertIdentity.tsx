/**
 * "Who does the certificate say this site is?" — the popup's identity card for the leaf.
 * Props in, markup out: no browser calls, no x509 (it takes already-parsed CertIdentityData).
 */
import { useId } from 'preact/hooks';
import type { CertDetails, NameInfo, SanEntry } from '../../lib/cert/types';
import { CutNotice, Fingerprint, Row, SafeList, SafeText, Validity } from './parts';
import { CERT_LEVEL_KEYS, CERT_SAN_KEYS, defaultFormatDate, type FormatDate, type Translate } from './types';

/**
 * What the card shows: a subset of CertDetails, so the full parse and the popup's light one
 * (lib/cert/summary.ts, CertBrief) both fit.
 */
export type CertIdentityData = Pick<CertDetails, 'notBefore' | 'notAfter' | 'san' | 'sha256' | 'validationLevel' | 'cut'> & {
  subject: Pick<NameInfo, 'cn' | 'o' | 'text'>;
  issuer: Pick<NameInfo, 'cn' | 'o' | 'text'>;
};

/** Props of {@link CertIdentity}. */
export interface CertIdentityProps {
  cert: CertIdentityData;
  t: Translate;
  /** Called with the SHA-256 fingerprint when the user presses "Copy". */
  onCopy: (text: string) => void;
  /** The instant to judge validity against (ms); defaults to now. */
  now?: number;
  formatDate?: FormatDate;
  /** SANs shown before "show all". */
  sanLimit?: number;
}

/** Short type labels for SANs; DNS names (the usual case) get none. */
function sanItems(san: readonly SanEntry[], t: Translate) {
  return san.map((s, i) => ({
    key: String(i),
    label: s.type === 'dns' ? undefined : t(CERT_SAN_KEYS[s.type]),
    value: s.value,
  }));
}

export function CertIdentity({ cert, t, onCopy, now = Date.now(), formatDate = defaultFormatDate, sanLimit }: CertIdentityProps) {
  const headingId = useId();
  const { subject, issuer } = cert;
  return (
    <section class="cert cert-identity" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('cert_identity_heading')}</h2>
      <dl class="cert-dl">
        <Row label={t('cert_subject_org')}>
          {subject.o !== undefined ? (
            <SafeText value={subject.o} t={t} cut={cert.cut?.chars['subject.o']} />
          ) : (
            <span class="cert-muted">{t('cert_not_stated')}</span>
          )}
        </Row>
        <Row label={t('cert_subject_cn')}>
          {subject.cn !== undefined ? (
            <SafeText value={subject.cn} t={t} cut={cert.cut?.chars['subject.cn']} />
          ) : (
            <span class="cert-muted">{t('cert_not_stated')}</span>
          )}
        </Row>
        <Row label={t('cert_validation')}>
          <span class={`cert-badge cert-level-${cert.validationLevel}`}>{t(CERT_LEVEL_KEYS[cert.validationLevel].name)}</span>{' '}
          <span class="cert-muted">{t(CERT_LEVEL_KEYS[cert.validationLevel].hint)}</span>
        </Row>
        <Row label={t('cert_issuer')}>
          {issuer.cn !== undefined ? (
            <SafeText value={issuer.cn} t={t} cut={cert.cut?.chars['issuer.cn']} />
          ) : (
            <SafeText value={issuer.text} t={t} cut={cert.cut?.chars['issuer.text']} />
          )}
          {issuer.cn !== undefined && issuer.o !== undefined && issuer.o !== issuer.cn && (
            <>
              {' — '}
              <SafeText value={issuer.o} t={t} cut={cert.cut?.chars['issuer.o']} />
            </>
          )}
        </Row>
        <Row label={t('cert_validity')}>
          <Validity notBefore={cert.notBefore} notAfter={cert.notAfter} now={now} t={t} formatDate={formatDate} />
        </Row>
        <Row label={t('cert_san')}>
          <SafeList items={sanItems(cert.san, t)} t={t} label={t('cert_san')} limit={sanLimit} />
        </Row>
        <Row label={t('cert_sha256')}>
          <Fingerprint value={cert.sha256} t={t} onCopy={onCopy} copyLabel={t('cert_copy_sha256')} />
        </Row>
      </dl>
      <CutNotice cut={cert.cut} t={t} />
    </section>
  );
}
