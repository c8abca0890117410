/**
 * Small building blocks for certificate views. Everything a certificate says is shown through
 * `SafeText`/`SafeList`: as text nodes, bidi-isolated, invisible characters made visible,
 * long values and long lists collapsed behind real buttons.
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { DEFAULT_LIST_LIMIT, DEFAULT_TEXT_LIMIT, capList, displayText, hasInvisible, neutralise } from '../../lib/safe-text';
import { cutTotals, type OutputCuts } from '../../lib/cert/caps';
import { EXPIRY_WARNING_DAYS, daysLeft, validityState } from '../../lib/cert/validity';
import type { FormatDate, Translate } from './types';

interface SafeTextProps {
  value: string;
  t: Translate;
  limit?: number;
  /** Render in a <code> element (fingerprints, OIDs, log IDs). */
  code?: boolean;
  /** Characters the reader already left out of `value` (CertDetails.cut); the PEM has them. */
  cut?: number;
}

/** One attacker-controlled value, safe to show. */
export function SafeText({ value, t, limit = DEFAULT_TEXT_LIMIT, code, cut = 0 }: SafeTextProps) {
  const [expanded, setExpanded] = useState(false);
  const shown = displayText(value, limit);
  const text = expanded ? neutralise(value) : shown.text;
  const missing = (expanded ? 0 : shown.omitted) + cut;
  const Tag = code ? 'code' : 'span';
  return (
    <span class="cert-safe">
      {/* bdi isolates the value so right-to-left text cannot reorder the label around it. */}
      <bdi class="cert-value">
        <Tag>{text}</Tag>
      </bdi>
      {missing > 0 && <span class="cert-more"> {t('cert_more_chars', [missing])}</span>}
      {shown.omitted > 0 && (
        <>
          {' '}
          <button type="button" class="cert-link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? t('cert_show_less') : t('cert_show_full_text')}
          </button>
        </>
      )}
      {hasInvisible(value) && (
        <span class="cert-flag cert-warn" role="note">
          {' '}
          {t('cert_hidden_chars')}
        </span>
      )}
    </span>
  );
}

interface SafeListProps {
  items: readonly { key: string; label?: string; value: string }[];
  t: Translate;
  /** Accessible name of the list. */
  label: string;
  limit?: number;
  code?: boolean;
}

/** A list of hostile values (SANs, URLs, log IDs), collapsed beyond `limit` with a "show all" toggle. */
export function SafeList({ items, t, label, limit = DEFAULT_LIST_LIMIT, code }: SafeListProps) {
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  if (items.length === 0) return <span class="cert-muted">{t('cert_none')}</span>;
  const capped = capList(items, limit);
  const visible = expanded ? items : capped.shown;
  return (
    <div class="cert-list-wrap">
      <ul class="cert-list" id={listId} aria-label={label}>
        {visible.map((item) => (
          <li key={item.key}>
            {item.label && <span class="cert-tag">{item.label}</span>}
            <SafeText value={item.value} t={t} code={code} />
          </li>
        ))}
      </ul>
      {capped.hidden > 0 && (
        <button
          type="button"
          class="cert-link-button"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('cert_show_less') : t('cert_show_all', [capped.total])}
        </button>
      )}
    </div>
  );
}

/**
 * Says that the reader shortened this certificate's lists or texts to its caps (lib/cert/caps.ts)
 * and how much it left out; the PEM download next to it has everything.
 */
export function CutNotice({ cut, t }: { cut: OutputCuts | undefined; t: Translate }) {
  const { items, chars } = cutTotals(cut);
  if (items === 0 && chars === 0) return null;
  return (
    <p class="cert-warn cert-cut" role="note">
      {t('cert_cut_notice', [items, chars])}
    </p>
  );
}

/** A date as <time>, with the machine-readable instant for assistive tech and copying. */
function DateTime({ ms, formatDate }: { ms: number; formatDate: FormatDate }) {
  return <time dateTime={new Date(ms).toISOString()}>{formatDate(ms)}</time>;
}

interface ValidityProps {
  notBefore: number;
  notAfter: number;
  now: number;
  t: Translate;
  formatDate: FormatDate;
}

/** "from – until", days left, and a warning when expired, not yet valid, or under 14 days left. */
export function Validity({ notBefore, notAfter, now, t, formatDate }: ValidityProps) {
  const state = validityState(notBefore, notAfter, now);
  const days = daysLeft(notAfter, now);
  return (
    <span class={`cert-validity cert-validity-${state}`}>
      <DateTime ms={notBefore} formatDate={formatDate} /> – <DateTime ms={notAfter} formatDate={formatDate} />{' '}
      {state === 'valid' && <span class="cert-ok">{t('cert_days_left', [days])}</span>}
      {state === 'expiring' && (
        <strong class="cert-warn" role="note">
          {t('cert_expiring_soon', [days, EXPIRY_WARNING_DAYS])}
        </strong>
      )}
      {state === 'expired' && (
        <strong class="cert-warn" role="note">
          {t('cert_expired')}
        </strong>
      )}
      {state === 'not-yet-valid' && (
        <strong class="cert-warn" role="note">
          {t('cert_not_yet_valid')}
        </strong>
      )}
    </span>
  );
}

interface FingerprintProps {
  value: string;
  t: Translate;
  onCopy: (text: string) => void;
  /** Accessible name of the copy button, e.g. "Copy SHA-256 fingerprint". */
  copyLabel: string;
}

/** A fingerprint with a copy button; the parent does the copying (clipboard is a browser call). */
export function Fingerprint({ value, t, onCopy, copyLabel }: FingerprintProps) {
  const [copied, setCopied] = useState(false);
  return (
    <span class="cert-fingerprint">
      <code class="cert-hex">{value}</code>{' '}
      <button
        type="button"
        class="cert-button"
        aria-label={copyLabel}
        onClick={() => {
          onCopy(value);
          setCopied(true);
        }}
      >
        {t('cert_copy')}
      </button>
      <span class="cert-status" role="status">
        {copied ? t('cert_copied') : ''}
      </span>
    </span>
  );
}

/** A `dt`/`dd` pair. */
export function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
