/**
 * The full certificate chain, one collapsible entry per certificate (leaf first), with the
 * technical details and a "Download PEM" button. Props in, markup out; downloading and
 * copying are the parent's job (they are browser calls).
 */
import { useId } from 'preact/hooks';
import { displayText } from '../../lib/safe-text';
import { chainToPem, pemFileName, toPem } from '../../lib/cert/pem';
import type { CertBriefResult } from '../../lib/cert/summary';
import type { CertChainEntry, CertDetails, CertParseResult, SctInfo } from '../../lib/cert/types';
import type { CtLogNames } from '../../lib/cert/ct-logs';
import { CutNotice, Fingerprint, Row, SafeList, SafeText, Validity } from './parts';
import type { MessageKey } from '../../lib/i18n/keys';
import { CERT_LEVEL_KEYS, certErrorKey, defaultFormatDate, type FormatDate, type Translate } from './types';

export type { CertChainEntry };

/** Props of {@link CertChain}. */
export interface CertChainProps {
  /** Leaf first, as servers send them. */
  entries: readonly CertChainEntry[];
  t: Translate;
  /** Called with PEM text and a safe file name; the parent saves it. */
  onDownload: (pem: string, fileName: string) => void;
  /** When given, fingerprints get a copy button. */
  onCopy?: (text: string) => void;
  now?: number;
  formatDate?: FormatDate;
  /** The leaf's entry starts open (default true). */
  openFirst?: boolean;
  /**
   * Called when an entry whose details are not parsed yet is opened, or about to be (pointer
   * or focus on the list). The parent parses them and passes entries with `result` back.
   */
  onWantDetails?: () => void;
  /**
   * Names for the logs of embedded SCTs (lib/cert/ct-logs.ts). Without it the SCTs show their
   * log ids only; with it, each known log by name and operator, an unknown one as such.
   */
  ctLogs?: CtLogNames;
}

type Role = 'leaf' | 'intermediate' | 'root';
const ROLE_KEYS: Record<Role, MessageKey> = { leaf: 'cert_role_leaf', intermediate: 'cert_role_intermediate', root: 'cert_role_root' };

/** The parsed form with most to say: the full parse, else the brief. */
function known(entry: CertChainEntry): CertParseResult | CertBriefResult | undefined {
  return entry.result ?? entry.brief;
}

function roleOf(index: number, count: number, entry: CertChainEntry): Role {
  if (index === 0) return 'leaf';
  const r = known(entry);
  if (index === count - 1 && (!r || !r.ok || r.selfIssued)) return 'root';
  return 'intermediate';
}

/** Title for a <summary>: short and button-free (interactive content inside <summary> is invalid). */
function titleOf(entry: CertChainEntry, t: Translate): string {
  const r = known(entry);
  const raw = r?.ok ? (r.subject.cn ?? r.subject.o ?? r.subject.text) : (entry.summary?.subjectCN ?? entry.summary?.subject);
  if (!raw) return t('cert_unknown_subject');
  const d = displayText(raw, 80);
  return d.omitted > 0 ? `${d.text}…` : d.text;
}

function derOf(entry: CertChainEntry): string | undefined {
  const r = known(entry);
  return r?.ok ? r.derBase64 : entry.summary?.der;
}

function keyText(c: CertDetails, t: Translate): string {
  const parts = [c.publicKey.algorithm];
  if (c.publicKey.namedCurve) parts.push(c.publicKey.namedCurve);
  if (c.publicKey.bits) parts.push(t('cert_key_bits', [c.publicKey.bits]));
  return parts.join(' · ');
}

function YesNo({ value, t }: { value: boolean; t: Translate }) {
  return <>{value ? t('cert_yes') : t('cert_no')}</>;
}

function urlItems(urls: readonly string[]) {
  return urls.map((u, i) => ({ key: String(i), value: u }));
}

/** An SCT's log in words: its name and operator from the snapshot, or "unknown log" with the id. */
function sctLogText(s: SctInfo, ctLogs: CtLogNames | undefined, t: Translate): string {
  if (!ctLogs) return s.logIdBase64;
  const log = ctLogs.lookup(s.logIdBase64);
  if (!log) return t('cert_sct_unknown_log', [s.logIdBase64]);
  return t('cert_sct_log_named', [log.description, log.operator]);
}

/** The log list's date (YYYY-MM-DD) in the messages' date format, or as given if unreadable. */
function listDate(date: string, formatDate: FormatDate): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : formatDate(ms);
}

interface DetailsProps {
  c: CertDetails;
  ctLogs?: CtLogNames | undefined;
  entry: CertChainEntry;
  last: boolean;
  t: Translate;
  onCopy?: (text: string) => void;
  now: number;
  formatDate: FormatDate;
}

function CertFields({ c, entry, last, t, onCopy, now, formatDate, ctLogs }: DetailsProps) {
  const builtIn = entry.isBuiltInRoot;
  return (
    <dl class="cert-dl">
      <Row label={t('cert_subject')}>
        <SafeText value={c.subject.text} t={t} cut={c.cut?.chars['subject.text']} />
      </Row>
      <Row label={t('cert_issuer')}>
        <SafeText value={c.issuer.text} t={t} cut={c.cut?.chars['issuer.text']} />
      </Row>
      <Row label={t('cert_validity')}>
        <Validity notBefore={c.notBefore} notAfter={c.notAfter} now={now} t={t} formatDate={formatDate} />
      </Row>
      <Row label={t('cert_key')}>{keyText(c, t)}</Row>
      <Row label={t('cert_signature')}>
        <code>{c.signature.name}</code>
        {c.signature.weak && (
          <strong class="cert-warn" role="note">
            {' '}
            {c.signature.usesSha1 ? t('cert_sig_sha1') : t('cert_sig_weak')}
          </strong>
        )}
      </Row>
      <Row label={t('cert_key_usage')}>{c.keyUsages?.length ? c.keyUsages.join(', ') : t('cert_none')}</Row>
      <Row label={t('cert_eku')}>{c.extendedKeyUsages?.length ? c.extendedKeyUsages.join(', ') : t('cert_none')}</Row>
      <Row label={t('cert_is_ca')}>
        {c.isCa
          ? c.basicConstraints?.pathLen !== undefined
            ? t('cert_ca_path_len', [c.basicConstraints.pathLen])
            : t('cert_yes')
          : t('cert_no')}
      </Row>
      <Row label={t('cert_ocsp')}>
        <SafeList items={urlItems(c.ocspUrls)} t={t} label={t('cert_ocsp')} />
      </Row>
      <Row label={t('cert_ca_issuers')}>
        <SafeList items={urlItems(c.caIssuersUrls)} t={t} label={t('cert_ca_issuers')} />
      </Row>
      <Row label={t('cert_crl')}>
        <SafeList items={urlItems(c.crlUrls)} t={t} label={t('cert_crl')} />
      </Row>
      <Row label={t('cert_policies')}>
        <span class={`cert-badge cert-level-${c.validationLevel}`}>{t(CERT_LEVEL_KEYS[c.validationLevel].name)}</span>
        <SafeList items={urlItems(c.policies)} t={t} label={t('cert_policies')} code />
      </Row>
      <Row label={t('cert_scts')}>
        {c.sct === undefined ? (
          t('cert_none')
        ) : (
          <>
            {t('cert_sct_count', [c.sct.count])}
            <SafeList
              items={c.sct.scts.map((s, i) => ({ key: String(i), label: formatDate(s.timestamp), value: sctLogText(s, ctLogs, t) }))}
              t={t}
              label={t(ctLogs ? 'cert_sct_log_names' : 'cert_sct_logs')}
              code={!ctLogs}
            />
            {ctLogs && c.sct.count > 0 && (
              <p class="cert-muted cert-sct-source">{t('cert_sct_list_date', [listDate(ctLogs.date, formatDate)])}</p>
            )}
            {c.sct.error !== undefined && <span class="cert-warn">{t('cert_sct_damaged')}</span>}
          </>
        )}
      </Row>
      <Row label={t('cert_must_staple')}>
        <YesNo value={c.mustStaple} t={t} />
      </Row>
      {c.selfSigned && (
        <Row label={t('cert_self_signed')}>
          <YesNo value t={t} />
        </Row>
      )}
      {builtIn !== undefined && (builtIn || last) && (
        <Row label={t('cert_builtin_root')}>
          {builtIn ? (
            <span class="cert-ok">{t('cert_builtin_root_yes')}</span>
          ) : (
            <strong class="cert-warn" role="note">
              {t('cert_builtin_root_no')}
            </strong>
          )}
        </Row>
      )}
      {c.precertificate && (
        <Row label={t('cert_precertificate')}>
          <YesNo value t={t} />
        </Row>
      )}
      <Row label={t('cert_serial')}>
        <SafeText value={c.serialNumber} t={t} code />
      </Row>
      <Row label={t('cert_sha256')}>
        {onCopy ? (
          <Fingerprint value={c.sha256} t={t} onCopy={onCopy} copyLabel={t('cert_copy_sha256')} />
        ) : (
          <code class="cert-hex">{c.sha256}</code>
        )}
      </Row>
      {c.extensionErrors.length > 0 && (
        <Row label={t('cert_extension_errors')}>
          <SafeList
            items={c.extensionErrors.map((e, i) => ({ key: String(i), value: e.oid }))}
            t={t}
            label={t('cert_extension_errors')}
            code
          />
        </Row>
      )}
    </dl>
  );
}

export function CertChain({
  entries,
  t,
  onDownload,
  onCopy,
  now = Date.now(),
  formatDate = defaultFormatDate,
  openFirst = true,
  onWantDetails,
  ctLogs,
}: CertChainProps) {
  const headingId = useId();
  const allDer = entries.map(derOf).filter((d): d is string => d !== undefined);
  return (
    <section class="cert cert-chain" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('cert_chain_heading')}</h2>
      {entries.length === 0 && <p class="cert-muted">{t('cert_chain_empty')}</p>}
      <ol class="cert-chain-list" {...(onWantDetails ? { onPointerOver: onWantDetails, onFocusIn: onWantDetails } : {})}>
        {entries.map((entry, i) => {
          const role = roleOf(i, entries.length, entry);
          const der = derOf(entry);
          const r = entry.result;
          const k = known(entry);
          const last = i === entries.length - 1;
          // An entry is either parsed, failed (the brief already says why), or being read.
          const failed = r ? (r.ok ? undefined : r) : k && !k.ok ? k : undefined;
          return (
            <li key={i} class={`cert-chain-item cert-role-${role}`}>
              <details
                open={openFirst && i === 0}
                {...(onWantDetails && !r
                  ? { onToggle: (e: Event) => (e.currentTarget as HTMLDetailsElement).open && onWantDetails() }
                  : {})}
              >
                <summary>
                  <span class="cert-role">{t(ROLE_KEYS[role])}</span> <bdi class="cert-value">{titleOf(entry, t)}</bdi>
                </summary>
                {r?.ok ? (
                  <>
                    <CertFields c={r} entry={entry} last={last} t={t} onCopy={onCopy} now={now} formatDate={formatDate} ctLogs={ctLogs} />
                    <CutNotice cut={r.cut} t={t} />
                  </>
                ) : failed ? (
                  <p class="cert-warn" role="note">
                    {t(certErrorKey(failed.reason))}
                  </p>
                ) : (
                  <p class="cert-muted" aria-busy="true">
                    {t('cert_details_reading')}
                  </p>
                )}
                {der !== undefined && (
                  <button
                    type="button"
                    class="cert-button"
                    onClick={() => onDownload(toPem(der), pemFileName(k?.ok ? k.subject.cn : entry.summary?.subjectCN))}
                  >
                    {t('cert_download_pem')}
                  </button>
                )}
              </details>
            </li>
          );
        })}
      </ol>
      {allDer.length > 1 && (
        <button
          type="button"
          class="cert-button"
          onClick={() => {
            const leaf = entries[0] && known(entries[0]);
            onDownload(chainToPem(allDer), pemFileName(leaf?.ok ? `${leaf.subject.cn ?? 'certificate'}-chain` : 'chain'));
          }}
        >
          {t('cert_download_chain')}
        </button>
      )}
    </section>
  );
}
