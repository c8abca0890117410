/**
 * "Expect this certificate": its issuing organisation or its key, for this host or for every
 * subdomain of its parent. Shared by the popup (the live certificate) and a site's page in the
 * privacy history (the site's current certificate). Presentational; saving is the parent's.
 */
import { useId, useState } from 'preact/hooks';
import type { Translate } from '@/lib/popup/message';
import type { CertSummary } from '@/lib/report/types';
import { safeParam } from '@/lib/safe-text';
import { shortKey, type Expectation, type ExpectationKind } from '@/lib/watch/expectations';

/** Props of {@link ExpectSection}. */
export interface ExpectSectionProps {
  host: string;
  /** The certificate's issuing organisation and key, as far as known. */
  leaf: Pick<CertSummary, 'issuerOrg' | 'spkiSha256'>;
  /** The expectations that apply to this host now. */
  current: readonly Expectation[];
  /** Resolves true once stored. */
  onExpect: (e: Expectation) => Promise<boolean>;
  now: number;
  t: Translate;
}

/** The parent whose subdomains a wildcard covers: "www.bank.example" → "bank.example"; a two-label host stays. */
export function wildcardBase(host: string): string {
  const labels = host.split('.');
  return labels.length >= 3 ? labels.slice(1).join('.') : host;
}

export function ExpectSection({ host, leaf, current, onExpect, now, t }: ExpectSectionProps) {
  const headingId = useId();
  const checkId = useId();
  const [wide, setWide] = useState(false);
  const [status, setStatus] = useState<'idle' | 'saved' | 'failed'>('idle');
  const base = wildcardBase(host);
  const expect = (kind: ExpectationKind, value: string) =>
    void onExpect({ host: wide ? base : host, subdomains: wide, kind, value, created: now }).then((ok) =>
      setStatus(ok ? 'saved' : 'failed'),
    );
  const canIssuer = leaf.issuerOrg !== undefined && leaf.issuerOrg.trim() !== '';
  const canKey = leaf.spkiSha256 !== undefined;
  if (!canIssuer && !canKey && current.length === 0) return null;
  return (
    <section class="watch-expect" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('expect_heading')}</h2>
      {current.map((e) => (
        <p key={`${e.kind}|${e.host}|${e.subdomains}`} class="expect-current">
          {e.kind === 'issuer'
            ? t('expect_current_issuer', [safeParam(e.value), safeParam(e.subdomains ? `*.${e.host}` : e.host)])
            : t('expect_current_key', [shortKey(e.value), safeParam(e.subdomains ? `*.${e.host}` : e.host)])}
        </p>
      ))}
      <p class="hint">{t('expect_intro')}</p>
      <div class="expect-actions">
        {canIssuer && (
          <button type="button" class="expect-issuer" onClick={() => expect('issuer', leaf.issuerOrg!)}>
            {t('expect_issuer_button', [safeParam(leaf.issuerOrg!)])}
          </button>
        )}
        {canKey && (
          <button type="button" class="expect-key" onClick={() => expect('key', leaf.spkiSha256!)}>
            {t('expect_key_button')}
          </button>
        )}
      </div>
      <div class="field-check">
        <input id={checkId} type="checkbox" checked={wide} onChange={(e) => setWide((e.currentTarget as HTMLInputElement).checked)} />
        <label for={checkId}>{t('expect_subdomains', [safeParam(base)])}</label>
      </div>
      {status !== 'idle' && (
        <p class={status === 'failed' ? 'hint is-error' : 'hint'} role="status">
          {t(status === 'saved' ? 'expect_saved' : 'expect_save_failed')}
        </p>
      )}
    </section>
  );
}
