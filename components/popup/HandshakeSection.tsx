/**
 * "How this connection was made": a closed disclosure in the popup, so the first render only
 * draws its title. Opened, it draws the exchange as an ordered list (a screen reader reads it
 * as one: "1. Your browser → 198.18.7.2: ClientHello …, anyone on the way can read it"), the
 * chain's signatures, checked here when it opens (lib/popup/chain-proof.ts loads the parser
 * lazily), and a short explanation.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { ChainProof } from '@/lib/popup/chain-proof';
import type { HandshakeStep, HandshakeView, Readability } from '@/lib/popup/handshake';
import { text, type Translate } from '@/lib/popup/message';
import type { SignatureCheck } from '@/lib/cert/types';
import { displayText } from '@/lib/safe-text';
import type { MessageKey } from '@/lib/i18n/keys';

/** Props of {@link HandshakeSection}. */
export interface HandshakeSectionProps {
  view: HandshakeView;
  /** Checks the chain's signatures; called once, when the section is first opened. */
  prove?: () => Promise<ChainProof | undefined>;
  t: Translate;
}

const READ_KEYS: Record<Readability, MessageKey> = {
  clear: 'handshake_read_clear',
  resolver: 'handshake_read_resolver',
  encrypted: 'handshake_read_encrypted',
  unknown: 'handshake_read_unknown',
};

const STEP_KEYS: Record<HandshakeStep['id'], MessageKey> = {
  dns: 'handshake_step_dns',
  'tcp-syn': 'handshake_step_tcp_syn',
  'tcp-syn-ack': 'handshake_step_tcp_syn_ack',
  'tcp-ack': 'handshake_step_tcp_ack',
  quic: 'handshake_step_quic',
  'transport-unknown': 'handshake_step_transport_unknown',
  'client-hello': 'handshake_step_client_hello',
  'server-hello': 'handshake_step_server_hello',
  certificate: 'handshake_step_certificate',
  'server-key-exchange': 'handshake_step_server_key_exchange',
  'certificate-verify': 'handshake_step_certificate_verify',
  'client-key-exchange': 'handshake_step_client_key_exchange',
  'change-cipher-spec': 'handshake_step_change_cipher_spec',
  'server-finished': 'handshake_step_server_finished',
  'client-finished': 'handshake_step_client_finished',
  'tls-unknown': 'handshake_step_tls_unknown',
  'certificate-refused': 'handshake_step_certificate_refused',
  'handshake-refused': 'handshake_step_handshake_refused',
  request: 'handshake_step_request',
  response: 'handshake_step_response',
};

const KIND_KEYS: Record<HandshakeView['kind'], MessageKey> = {
  tls13: 'handshake_summary_tls13',
  tls12: 'handshake_summary_tls12',
  'tls-unknown': 'handshake_summary_tls_unknown',
  http: 'handshake_summary_http',
};

const CHECK_KEYS: Record<SignatureCheck['status'], MessageKey> = {
  valid: 'handshake_sig_valid',
  invalid: 'handshake_sig_invalid',
  unsupported: 'handshake_sig_unsupported',
  unreadable: 'handshake_sig_unreadable',
};

const END_KEYS: Record<ChainProof['end'], MessageKey> = {
  'built-in': 'handshake_end_built_in',
  added: 'handshake_end_added',
  unknown: 'handshake_end_unknown',
};

const short = (value: string) => {
  const shown = displayText(value, 64);
  return shown.omitted > 0 ? `${shown.text}…` : shown.text;
};

function Step({ step, server, t }: { step: HandshakeStep; server: string; t: Translate }) {
  const peer = step.peer === 'resolver' ? t('handshake_resolver') : short(server);
  const you = t('handshake_you');
  const arrow = step.direction === 'out' ? `${you} → ${peer}` : step.direction === 'in' ? `${peer} → ${you}` : `${you} ↔ ${peer}`;
  return (
    <li class={`hs-step hs-${step.direction} hs-read-${step.readable}`} data-step={step.id}>
      <span class="hs-route">{arrow}</span>
      <strong class="hs-name">{t(STEP_KEYS[step.id])}</strong>
      <span class={`hs-read`}>{t(READ_KEYS[step.readable])}</span>
      {step.details.length > 0 && (
        <ul class="hs-details">
          {step.details.map((d, i) => (
            <li key={i}>{text(t, d)}</li>
          ))}
        </ul>
      )}
      {step.note && <p class="hs-note">{text(t, step.note)}</p>}
    </li>
  );
}

function Proof({ proof, t }: { proof: ChainProof; t: Translate }) {
  const algorithm = (c: SignatureCheck) => ('algorithm' in c ? short(c.algorithm) : '');
  return (
    <ul class="hs-proof">
      {proof.links.map((link, i) => (
        <li key={i} class={`hs-sig hs-sig-${link.check.status}`}>
          {t('handshake_sig_link', [short(link.subject), short(link.signer), algorithm(link.check)])}{' '}
          <strong>{t(CHECK_KEYS[link.check.status])}</strong>
        </li>
      ))}
      {proof.root && (
        <li class={`hs-sig hs-sig-${proof.root.check.status}`}>
          {t('handshake_sig_root', [short(proof.root.name), algorithm(proof.root.check)])}{' '}
          <strong>{t(CHECK_KEYS[proof.root.check.status])}</strong>
        </li>
      )}
      {proof.lastIssuer && <li class="hs-sig">{t('handshake_sig_completed', [short(proof.lastIssuer)])}</li>}
      <li class={`hs-end hs-end-${proof.end}`}>{t(END_KEYS[proof.end])}</li>
    </ul>
  );
}

export function HandshakeSection({ view, prove, t }: HandshakeSectionProps) {
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [proof, setProof] = useState<ChainProof | 'none' | 'checking' | undefined>(undefined);
  useEffect(() => {
    if (!open || !prove || proof !== undefined) return;
    setProof('checking');
    prove().then(
      (p) => setProof(p ?? 'none'),
      () => setProof('none'),
    );
  }, [open, prove]);

  return (
    <section class="panel handshake" aria-labelledby={headingId}>
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id={headingId}>{t('handshake_heading')}</h2>
        </summary>
        {open && (
          <div class="hs-body">
            {view.none ? (
              <p class="hs-none">{text(t, view.none)}</p>
            ) : (
              <>
                <p class="hs-summary">{t(KIND_KEYS[view.kind])}</p>
                <ol class="hs-steps" aria-label={t('handshake_steps_label')}>
                  {view.steps.map((s) => (
                    <Step key={s.id} step={s} server={view.server} t={t} />
                  ))}
                </ol>
              </>
            )}
            {prove && (
              <section class="hs-signatures" aria-busy={proof === 'checking' ? 'true' : 'false'}>
                <h3>{t('handshake_signatures_heading')}</h3>
                {proof === 'checking' && <p class="muted">{t('handshake_sig_checking')}</p>}
                {proof === 'none' && <p class="muted">{t('handshake_sig_none')}</p>}
                {proof && proof !== 'checking' && proof !== 'none' && <Proof proof={proof} t={t} />}
              </section>
            )}
            <div class="hs-explain">
              <h3>{t('handshake_explain_heading')}</h3>
              <p>{t('handshake_explain_key_share')}</p>
              <p>{t('handshake_explain_certificate')}</p>
              <p>{t('handshake_explain_name')}</p>
              <p>{t('handshake_explain_vpn')}</p>
            </div>
          </div>
        )}
      </details>
    </section>
  );
}
