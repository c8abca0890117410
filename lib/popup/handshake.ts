/**
 * "How this connection was made": the messages that crossed the network before the page
 * arrived, in order, each with this connection's real values and who on the way can read it.
 *
 * Pure: the main document's report in, steps out. Only what the browser told Onlooker is drawn
 * as a fact; a step or a value it did not report is drawn as unknown with the reason (Chromium
 * before an inspection, a cached page). Nothing is filled in from what is usual: the browser's
 * key-share offer is not reported, so the step names only the group the server chose.
 */
import { capabilities } from '@/lib/engines/capabilities';
import { isIpLiteral } from '@/lib/report/address';
import { blockedBySecurity, refusedOver, type RefusedOver } from '@/lib/report/error-kinds';
import { keyExchangeGroupInfo, tlsVersionLabel, tlsVersionRank, type GroupInfo } from '@/lib/report/crypto-names';
import type { CertSummary, ConnectionReport, Engine, TlsUnknownReason } from '@/lib/report/types';
import { TLS_UNKNOWN_REASONS } from './connection';
import { msg, type Message } from './message';
import type { MessageKey } from '@/lib/i18n/keys';

/** Every step the drawing can have, in the order they happen. */
export const HANDSHAKE_STEPS = [
  'dns',
  'tcp-syn',
  'tcp-syn-ack',
  'tcp-ack',
  'quic',
  'transport-unknown',
  'client-hello',
  'server-hello',
  'certificate',
  'server-key-exchange',
  'certificate-verify',
  'client-key-exchange',
  'change-cipher-spec',
  'server-finished',
  'client-finished',
  'tls-unknown',
  'certificate-refused',
  'handshake-refused',
  'request',
  'response',
] as const;
export type HandshakeStepId = (typeof HANDSHAKE_STEPS)[number];

/**
 * Who can read a message:
 * - `clear`: anyone on the way (the local network, the ISP, a VPN or proxy provider);
 * - `resolver`: encrypted on the way, read by the DNS resolver it is sent to;
 * - `encrypted`: only your browser and the server;
 * - `unknown`: the browser did not say which of these.
 */
export const READABILITY = ['clear', 'resolver', 'encrypted', 'unknown'] as const;
export type Readability = (typeof READABILITY)[number];

/** Which way a message goes: from your browser, or to it. */
export type Direction = 'out' | 'in' | 'both';

/** One message (or, where the browser said too little, one stretch of the exchange). */
export interface HandshakeStep {
  id: HandshakeStepId;
  direction: Direction;
  /** With the resolver rather than the server (the DNS lookup). */
  peer: 'server' | 'resolver';
  readable: Readability;
  /** The real values this message carried, as far as they are known. */
  details: Message[];
  /** Why it is readable or not, or what is unknown and why. */
  note?: Message;
}

/** The whole drawing. */
export interface HandshakeView {
  /** The server as the drawing names it: its IP, or the host name when the IP is not known. */
  server: string;
  /** Set instead of steps when no connection was made for this load. */
  none?: Message;
  /** What kind of exchange it was, for the one-line summary. */
  kind: 'tls13' | 'tls12' | 'tls-unknown' | 'http';
  steps: HandshakeStep[];
}

/** The Connection list's reasons, but "not inspected" says what Inspect would add to this drawing. */
const TLS_UNKNOWN_WHY: Record<TlsUnknownReason, MessageKey> = { ...TLS_UNKNOWN_REASONS, 'not-inspected': 'handshake_why_not_inspected' };

const step = (
  id: HandshakeStepId,
  direction: Direction,
  readable: Readability,
  details: Message[] = [],
  note?: Message,
  peer: HandshakeStep['peer'] = 'server',
): HandshakeStep => (note ? { id, direction, peer, readable, details, note } : { id, direction, peer, readable, details });

function defaultPort(scheme: string): string {
  return scheme === 'https' || scheme === 'wss' ? '443' : '80';
}

function pathOf(url: string): { path: string; query: string } {
  try {
    const u = new URL(url);
    return { path: u.pathname || '/', query: u.search };
  } catch {
    return { path: '/', query: '' };
  }
}

function dnsStep(report: ConnectionReport, engine: Engine): HandshakeStep | undefined {
  if (isIpLiteral(report.host)) return undefined;
  const answer =
    report.ip && !report.proxy ? msg('handshake_dns_answer', report.host, report.ip) : msg('handshake_dns_question', report.host);
  if (report.proxy) return step('dns', 'both', 'unknown', [answer], msg('handshake_dns_proxy'), 'resolver');
  const privateDns = report.tls?.privateDns;
  if (privateDns === true) return step('dns', 'both', 'resolver', [answer], msg('handshake_dns_private'), 'resolver');
  if (privateDns === false) return step('dns', 'both', 'clear', [answer], msg('handshake_dns_plain'), 'resolver');
  return step(
    'dns',
    'both',
    'unknown',
    [answer],
    msg(capabilities(engine).ocspAndPrivateDns === 'never' ? 'handshake_dns_unknown_chromium' : 'handshake_dns_unknown'),
    'resolver',
  );
}

function transportSteps(report: ConnectionReport, target: string): HandshakeStep[] {
  const encrypted = report.scheme === 'https' || report.scheme === 'wss';
  if (report.httpVersion === 'HTTP/3')
    return [step('quic', 'both', 'clear', [msg('handshake_quic_to', target)], msg('handshake_quic_note'))];
  // HTTP/3 needs TLS, so plain HTTP is always TCP; over HTTPS only a known HTTP version rules QUIC out.
  if (!encrypted || report.httpVersion) {
    return [
      step('tcp-syn', 'out', 'clear', [msg('handshake_tcp_to', target)], msg('handshake_tcp_note')),
      step('tcp-syn-ack', 'in', 'clear'),
      step('tcp-ack', 'out', 'clear'),
    ];
  }
  return [step('transport-unknown', 'both', 'unknown', [msg('handshake_tcp_to', target)], msg('handshake_transport_unknown'))];
}

function certificateLine(leaf: CertSummary | undefined): Message | undefined {
  if (!leaf) return undefined;
  const who = leaf.subjectOrg ?? leaf.subjectCN ?? leaf.subject;
  const by = leaf.issuerOrg ?? leaf.issuerCN ?? leaf.issuer;
  return msg('handshake_certificate_of', who, by);
}

function groupLine(info: GroupInfo | undefined): Message | undefined {
  if (!info) return undefined;
  return msg(info.postQuantum ? 'handshake_group_pq' : 'handshake_group', info.name);
}

/** Why a blocked page's handshake shows no TLS values: only what the browser said it refused. */
const WHY_REFUSED: Record<RefusedOver, MessageKey> = {
  certificate: 'handshake_why_refused',
  handshake: 'handshake_why_refused_handshake',
  unknown: 'handshake_why_refused_unknown',
};

function tlsSteps(report: ConnectionReport, engine: Engine): { kind: HandshakeView['kind']; steps: HandshakeStep[] } {
  const tls = report.tls;
  const ech = tls?.ech;
  const sni =
    ech === true
      ? step('client-hello', 'out', 'clear', [msg('handshake_sni_ech')], msg('handshake_client_hello_ech'))
      : step(
          'client-hello',
          'out',
          'clear',
          [msg('handshake_sni', report.host)],
          msg(ech === false ? 'handshake_client_hello_no_ech' : 'handshake_client_hello_ech_unknown'),
        );
  // The one group the server chose: named in the key share and again in the ServerHello.
  const chosen = keyExchangeGroupInfo(tls?.group);
  const group = groupLine(chosen);
  if (chosen) sni.details.push(msg(chosen.postQuantum ? 'handshake_key_share_pq' : 'handshake_key_share', chosen.name));
  const steps: HandshakeStep[] = [sni];
  const rank = tlsVersionRank(tls?.protocol);

  if (!tls || !tls.protocol || rank === undefined) {
    const refused = refusedOver(report);
    const why = refused
      ? msg(WHY_REFUSED[refused])
      : !tls
        ? msg(TLS_UNKNOWN_WHY[report.tlsUnknown ?? 'unavailable'] ?? 'popup_why_unavailable')
        : tls.source === 'chromium-webrequest'
          ? // A live certificate only (Chromium securityInfo): Inspect would name the version.
            msg(TLS_UNKNOWN_WHY['not-inspected'])
          : msg(capabilities(engine).tlsDetails === 'every-load' ? 'popup_why_firefox' : 'popup_why_chromium');
    steps.push(step('tls-unknown', 'both', 'unknown', [], why));
    return { kind: 'tls-unknown', steps };
  }

  const hello: Message[] = [msg('handshake_version', tlsVersionLabel(tls.protocol))];
  if (tls.cipher) hello.push(msg('handshake_cipher', tls.cipher));
  if (group) hello.push(group);
  steps.push(step('server-hello', 'in', 'clear', hello, msg('handshake_server_hello_note')));
  const certificate = certificateLine(tls.certificates[0]);
  const signature = tls.signatureScheme ? [msg('handshake_signed_with', tls.signatureScheme)] : [];

  if (rank >= 13) {
    steps.push(
      step('certificate', 'in', 'encrypted', certificate ? [certificate] : [], msg('handshake_certificate_hidden')),
      step('certificate-verify', 'in', 'encrypted', signature, msg('handshake_certificate_verify_note')),
      step('server-finished', 'in', 'encrypted'),
      step('client-finished', 'out', 'encrypted'),
    );
    return { kind: 'tls13', steps };
  }
  const kx = [...(group ? [group] : []), ...(tls.keyExchange ? [msg('handshake_key_exchange', tls.keyExchange)] : []), ...signature];
  steps.push(
    step('certificate', 'in', 'clear', certificate ? [certificate] : [], msg('handshake_certificate_clear')),
    step('server-key-exchange', 'in', 'clear', kx, msg('handshake_server_key_exchange_note')),
    step('client-key-exchange', 'out', 'clear'),
    step('change-cipher-spec', 'both', 'clear'),
    step('client-finished', 'out', 'encrypted'),
    step('server-finished', 'in', 'encrypted'),
  );
  return { kind: 'tls12', steps };
}

/** The drawing for the page's main document. */
export function handshakeView(report: ConnectionReport | undefined, engine: Engine): HandshakeView {
  if (!report) return { server: '', none: msg('popup_why_not_seen'), kind: 'tls-unknown', steps: [] };
  const server = report.ip ?? report.host;
  const encrypted = report.scheme === 'https' || report.scheme === 'wss';
  const kind: HandshakeView['kind'] = encrypted ? 'tls-unknown' : 'http';
  if (report.scheme !== 'http' && report.scheme !== 'ws' && !encrypted)
    return { server, none: msg('exposure_no_network'), kind, steps: [] };
  if (report.fromCache || report.tlsUnknown === 'cached') return { server, none: msg('handshake_none_cached'), kind, steps: [] };
  if (report.error && !blockedBySecurity(report)) return { server, none: msg('popup_why_not_loaded'), kind, steps: [] };

  const target = `${report.ip ?? report.host}:${report.port ?? defaultPort(report.scheme)}`;
  const steps: HandshakeStep[] = [];
  const dns = dnsStep(report, engine);
  if (dns) steps.push(dns);
  steps.push(...transportSteps(report, target));

  let shape: HandshakeView['kind'] = 'http';
  if (encrypted) {
    const tls = tlsSteps(report, engine);
    shape = tls.kind;
    steps.push(...tls.steps);
  }
  const refused = refusedOver(report);
  if (refused) {
    // The last step names the certificate only when the browser said that was what it refused.
    steps.push(
      step(refused === 'certificate' ? 'certificate-refused' : 'handshake-refused', 'out', 'clear', [], msg('handshake_refused_note')),
    );
    return { server, kind: shape, steps };
  }
  const { path, query } = pathOf(report.url);
  const request = [
    msg('handshake_request_path', path),
    ...(query ? [msg('handshake_request_query', query)] : []),
    msg('handshake_request_cookies'),
  ];
  const response = [
    ...(report.statusCode !== undefined ? [msg('handshake_response_status', String(report.statusCode))] : []),
    ...(report.httpVersion ? [msg('handshake_http_version', report.httpVersion)] : []),
    msg('handshake_response_content'),
  ];
  // Over HTTPS the request and the page are encrypted — unless the keys may be someone else's.
  const intercepted = encrypted && (report.tls?.overriddenError !== undefined || report.tls?.rootBuiltIn === false);
  const sealed: Readability = encrypted ? 'encrypted' : 'clear';
  const note = !encrypted
    ? msg('handshake_http_note')
    : intercepted
      ? msg('handshake_https_interception_note')
      : msg('handshake_https_note');
  steps.push(step('request', 'out', sealed, request, note), step('response', 'in', sealed, response));
  return { server, kind: shape, steps };
}
