/**
 * The certificate chain: CertChain once parsed, a short "reading" line before. Firefox's
 * built-in-root flag travels on each entry (see lib/popup/certificates.ts).
 */
import { useId } from 'preact/hooks';
import { CertChain, type CertChainEntry } from '@/components/cert/CertChain';
import type { FormatDate } from '@/components/cert/types';
import type { Translate } from '@/lib/popup/message';

/** Props of {@link ChainSection}. */
export interface ChainSectionProps {
  /** Parsed entries, leaf first; undefined while parsing. */
  entries?: readonly CertChainEntry[];
  onDownload: (pem: string, fileName: string) => void;
  onCopy: (text: string) => void;
  now: number;
  formatDate?: FormatDate;
  t: Translate;
}

export function ChainSection({ entries, onDownload, onCopy, now, formatDate, t }: ChainSectionProps) {
  const headingId = useId();
  if (!entries) {
    return (
      <section class="cert cert-chain" aria-labelledby={headingId} aria-busy="true">
        <h2 id={headingId}>{t('cert_chain_heading')}</h2>
        <p class="cert-muted">{t('popup_chain_reading')}</p>
      </section>
    );
  }
  return formatDate ? (
    <CertChain entries={entries} t={t} onDownload={onDownload} onCopy={onCopy} now={now} formatDate={formatDate} />
  ) : (
    <CertChain entries={entries} t={t} onDownload={onDownload} onCopy={onCopy} now={now} />
  );
}
