/**
 * The certificate chain: CertChain once read, a short "reading" line before. The entries start
 * collapsed — the identity card above already shows the leaf — so the first view needs only
 * their titles (the light reader); an entry's details are parsed when it is opened, or when
 * pointer or focus reach the list (`onWantDetails`). Firefox's built-in-root flag travels on
 * each entry (see lib/popup/chain.ts).
 */
import { useId } from 'preact/hooks';
import { CertChain, type CertChainEntry } from '@/components/cert/CertChain';
import type { FormatDate } from '@/components/cert/types';
import type { CtLogNames } from '@/lib/cert/ct-logs';
import type { Translate } from '@/lib/popup/message';

/** Props of {@link ChainSection}. */
export interface ChainSectionProps {
  /** Entries, leaf first; undefined while reading. */
  entries?: readonly CertChainEntry[];
  /** An unparsed entry's details are wanted. */
  onWantDetails?: () => void;
  /** Names for the SCTs' logs (lib/cert/ct-logs.ts), once loaded. */
  ctLogs?: CtLogNames;
  onDownload: (pem: string, fileName: string) => void;
  onCopy: (text: string) => void;
  now: number;
  formatDate?: FormatDate;
  t: Translate;
}

export function ChainSection({ entries, onWantDetails, ctLogs, onDownload, onCopy, now, formatDate, t }: ChainSectionProps) {
  const headingId = useId();
  if (!entries) {
    return (
      <section class="cert cert-chain" aria-labelledby={headingId} aria-busy="true">
        <h2 id={headingId}>{t('cert_chain_heading')}</h2>
        <p class="cert-muted">{t('popup_chain_reading')}</p>
      </section>
    );
  }
  return (
    <CertChain
      entries={entries}
      t={t}
      onDownload={onDownload}
      onCopy={onCopy}
      now={now}
      openFirst={false}
      {...(formatDate ? { formatDate } : {})}
      {...(onWantDetails ? { onWantDetails } : {})}
      {...(ctLogs ? { ctLogs } : {})}
    />
  );
}
