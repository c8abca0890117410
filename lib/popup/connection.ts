/**
 * The popup's "Connection" list: one row per fact about the main document's connection, each
 * with a label, a one-line explanation and a value — or "Unknown" with the reason it is unknown.
 *
 * Pure: TabState in, rows out. The reason for an unknown value is chosen in one place
 * (`unknownWhy`) so every row explains a gap the same way.
 */
import { classifyCipher, keyExchangeGroupInfo, tlsVersionLabel, tlsVersionRank } from '@/lib/report/crypto-names';
import type { ConnectionReport, Engine, SecurityHeaders, TlsInfo, TlsUnknownReason } from '@/lib/report/types';
import { msg, type Message } from './message';
import { capabilities, type Availability } from '@/lib/engines/capabilities';
import type { MessageKey } from '@/lib/i18n/keys';

/** The facts the popup lists, in display order. */
export type FactId =
  | 'tls-version'
  | 'cipher'
  | 'group'
  | 'signature'
  | 'hsts'
  | 'ct'
  | 'ocsp'
  | 'ech'
  | 'private-dns'
  | 'http-version'
  | 'ip'
  | 'proxy';

const FACT_IDS: readonly FactId[] = [
  'tls-version',
  'cipher',
  'group',
  'signature',
  'hsts',
  'ct',
  'ocsp',
  'ech',
  'private-dns',
  'http-version',
  'ip',
  'proxy',
];

/** How a value should look: good news, a warning, or neutral. */
export type Tone = 'ok' | 'warn' | 'neutral';

/** A fact's value as the popup shows it. */
export type FactValue =
  /** A name the browser reported (cipher suite, IP): shown verbatim, as code. */
  | { kind: 'raw'; text: string; tone: Tone; note?: Message }
  /** A value in words ("Yes", "Not used"). */
  | { kind: 'words'; text: Message; tone: Tone; note?: Message }
  /** The browser did not say; `why` says why, in a few words. */
  | { kind: 'unknown'; why: Message };

/** One row of the Connection list. */
export interface Fact {
  id: FactId;
  /** The label. */
  label: Message;
  /** What the term means, shown on hover and keyboard focus. */
  help: Message;
  value: FactValue;
}

/** Each fact's label and help text. */
const FACT_KEYS: Record<FactId, { label: MessageKey; help: MessageKey }> = {
  'tls-version': { label: 'popup_fact_tls_version', help: 'popup_fact_tls_version_help' },
  cipher: { label: 'popup_fact_cipher', help: 'popup_fact_cipher_help' },
  group: { label: 'popup_fact_group', help: 'popup_fact_group_help' },
  signature: { label: 'popup_fact_signature', help: 'popup_fact_signature_help' },
  hsts: { label: 'popup_fact_hsts', help: 'popup_fact_hsts_help' },
  ct: { label: 'popup_fact_ct', help: 'popup_fact_ct_help' },
  ocsp: { label: 'popup_fact_ocsp', help: 'popup_fact_ocsp_help' },
  ech: { label: 'popup_fact_ech', help: 'popup_fact_ech_help' },
  'private-dns': { label: 'popup_fact_private_dns', help: 'popup_fact_private_dns_help' },
  'http-version': { label: 'popup_fact_http_version', help: 'popup_fact_http_version_help' },
  ip: { label: 'popup_fact_ip', help: 'popup_fact_ip_help' },
  proxy: { label: 'popup_fact_proxy', help: 'popup_fact_proxy_help' },
};

const raw = (text: string, tone: Tone = 'neutral', note?: Message): FactValue =>
  note ? { kind: 'raw', text, tone, note } : { kind: 'raw', text, tone };
const words = (text: Message, tone: Tone = 'neutral', note?: Message): FactValue =>
  note ? { kind: 'words', text, tone, note } : { kind: 'words', text, tone };
const unknown = (why: Message): FactValue => ({ kind: 'unknown', why });

/** Why the TLS block is missing, as the popup says it (the handshake view reuses these). */
export const TLS_UNKNOWN_REASONS: Record<TlsUnknownReason, MessageKey> = {
  'not-inspected': 'popup_why_not_inspected',
  cached: 'popup_why_cached',
  permission: 'popup_why_permission',
  preexisting: 'popup_why_preexisting',
  unavailable: 'popup_why_unavailable',
};

/** What the rows need to know about the page besides the report. */
interface Context {
  engine: Engine;
  main?: ConnectionReport;
}

/** How each TLS-block fact can be had (lib/engines/capabilities.ts); HSTS has its own row logic. */
function availability(engine: Engine, id: FactId): Availability {
  const c = capabilities(engine);
  switch (id) {
    case 'ocsp':
    case 'private-dns':
      return c.ocspAndPrivateDns;
    case 'ech':
      return c.ech;
    case 'hsts':
      return c.hstsState;
    default:
      return c.tlsDetails;
  }
}

/**
 * Why a TLS detail is missing. In order: no report at all; a page that did not load; a fact
 * this engine never gives (inspecting would not help, so say so rather than "not inspected");
 * no TLS block (its stated reason); a TLS block that came without this field — from a live
 * certificate only (Chromium securityInfo), where an Inspect would tell, or from the engine.
 */
function unknownWhy(ctx: Context, id: FactId): Message {
  const main = ctx.main;
  if (!main) return msg('popup_why_not_seen');
  if (main.error) return msg('popup_why_not_loaded');
  const how = availability(ctx.engine, id);
  if (how === 'never') return msg('popup_why_chromium');
  if (main.fromCache && !main.tls) return msg('popup_why_cached');
  if (!main.tls) return msg(TLS_UNKNOWN_REASONS[main.tlsUnknown ?? 'unavailable'] ?? 'popup_why_unavailable');
  if (how === 'inspect' && main.tls.source === 'chromium-webrequest') return msg('popup_why_not_inspected');
  return msg(how === 'every-load' ? 'popup_why_firefox' : 'popup_why_chromium');
}

function encrypted(main: ConnectionReport | undefined): boolean {
  return main?.scheme === 'https' || main?.scheme === 'wss';
}

/** Yes/no facts; `good` says which answer is good news (undefined: neither is). */
function yesNo(id: FactId, value: boolean | undefined, ctx: Context, yes: Message, no: Message, good?: boolean): FactValue {
  if (value === undefined) return unknown(unknownWhy(ctx, id));
  return words(value ? yes : no, good === undefined ? 'neutral' : value === good ? 'ok' : 'neutral');
}

/** A TLS-only fact: "not used" over plain HTTP, otherwise computed from the TLS block. */
function tlsFact(id: FactId, ctx: Context, compute: (tls: TlsInfo) => FactValue): FactValue {
  const main = ctx.main;
  // Said in full once (on the TLS version); the other rows just say "not used".
  if (main && (main.scheme === 'http' || main.scheme === 'ws')) {
    return words(msg(id === 'tls-version' ? 'popup_value_no_tls' : 'popup_value_not_used'), 'warn');
  }
  if (!main?.tls) return unknown(unknownWhy(ctx, id));
  return compute(main.tls);
}

function versionValue(tls: TlsInfo, ctx: Context): FactValue {
  if (!tls.protocol) return unknown(unknownWhy(ctx, 'tls-version'));
  const rank = tlsVersionRank(tls.protocol);
  const tone: Tone = rank === undefined ? 'neutral' : rank >= 12 ? 'ok' : 'warn';
  return raw(tlsVersionLabel(tls.protocol), tone, rank !== undefined && rank < 12 ? msg('popup_note_tls_old') : undefined);
}

function cipherValue(tls: TlsInfo, ctx: Context): FactValue {
  if (!tls.cipher) return unknown(unknownWhy(ctx, 'cipher'));
  const info = classifyCipher(tls.cipher, tls.protocol);
  if (info.problems.length) return raw(tls.cipher, 'warn', msg('popup_note_cipher_weak'));
  if (info.aead === true) return raw(tls.cipher, 'ok', msg('popup_note_cipher_aead'));
  return raw(tls.cipher);
}

function groupValue(tls: TlsInfo, ctx: Context): FactValue {
  const info = keyExchangeGroupInfo(tls.group);
  if (info) {
    if (info.postQuantum) return raw(info.name, 'ok', msg(info.hybrid ? 'popup_note_pq_hybrid' : 'popup_note_pq'));
    return raw(info.name, 'neutral', msg('popup_note_not_pq'));
  }
  // TLS 1.2 on Chromium names the method ("ECDHE_RSA") but no group.
  if (tls.keyExchange) return raw(tls.keyExchange);
  return unknown(unknownWhy(ctx, 'group'));
}

function ctValue(tls: TlsInfo, ctx: Context): FactValue {
  const count = tls.sctCount !== undefined ? msg('popup_note_sct_count', tls.sctCount) : undefined;
  switch (tls.ct) {
    case 'compliant':
      return words(msg('popup_value_ct_compliant'), 'ok', count);
    case 'not-compliant':
      return words(msg('popup_value_ct_not_compliant'), 'warn', count);
    case 'not-applicable':
      return words(msg('popup_value_ct_not_applicable'), 'neutral', count);
    case 'unknown':
      return unknown(msg('popup_why_ct_unjudged'));
    default:
      return unknown(unknownWhy(ctx, 'ct'));
  }
}

/** Encrypted DNS is a fact about the lookup, not TLS, but Firefox reports it in the TLS block. */
function privateDnsValue(ctx: Context): FactValue {
  const main = ctx.main;
  const value = main?.tls?.privateDns;
  if (value !== undefined) {
    return words(msg(value ? 'popup_value_private_dns_yes' : 'popup_value_private_dns_no'), value ? 'ok' : 'neutral');
  }
  if (main && !main.tls && !encrypted(main) && capabilities(ctx.engine).ocspAndPrivateDns === 'every-load') {
    return unknown(msg('popup_why_firefox_tls_only'));
  }
  return unknown(unknownWhy(ctx, 'private-dns'));
}

/** "max-age=31536000; includeSubDomains; preload": the policy as the site sent it, in its own words. */
function hstsPolicy(hsts: NonNullable<SecurityHeaders['hsts']>): string {
  return [`max-age=${hsts.maxAge}`, ...(hsts.includeSubDomains ? ['includeSubDomains'] : []), ...(hsts.preload ? ['preload'] : [])].join(
    '; ',
  );
}

/**
 * HSTS. Firefox tells the browser's own state (preload list and earlier visits included); the
 * header this response sent is a note beside it. Chromium tells only the header: what the site
 * asked for, said as such, with a note that the browser's own state is not shown to extensions.
 */
function hstsValue(ctx: Context): FactValue {
  const main = ctx.main;
  if (main && (main.scheme === 'http' || main.scheme === 'ws')) return words(msg('popup_value_not_used'), 'warn');
  const headers = main?.headers;
  const stateKnown = main?.tls?.hsts;
  if (stateKnown !== undefined) {
    const note = headers?.hsts ? msg('popup_note_hsts_policy', hstsPolicy(headers.hsts)) : undefined;
    return words(msg(stateKnown ? 'popup_value_hsts_yes' : 'popup_value_hsts_no'), stateKnown ? 'ok' : 'neutral', note);
  }
  if (!headers) return unknown(unknownWhy(ctx, 'hsts'));
  const browserState = capabilities(ctx.engine).hstsState === 'never' ? msg('popup_note_hsts_state_unknown') : undefined;
  if (headers.hsts?.maxAge === 0) return words(msg('popup_value_hsts_cleared'), 'warn', browserState);
  if (headers.hsts) return words(msg('popup_value_hsts_asked', hstsPolicy(headers.hsts)), 'ok', browserState);
  if (headers.hstsMalformed) return words(msg('popup_value_hsts_malformed'), 'warn', browserState);
  return words(msg('popup_value_hsts_not_asked'), 'neutral', browserState);
}

function ipValue(ctx: Context): FactValue {
  const main = ctx.main;
  if (main?.ip) return raw(main.ip, 'neutral', main.proxy ? msg('popup_note_ip_proxy') : undefined);
  if (!main) return unknown(msg('popup_why_not_seen'));
  if (main.fromCache) return unknown(msg('popup_why_cached'));
  if (main.error) return unknown(msg('popup_why_not_loaded'));
  return unknown(msg('popup_why_no_ip'));
}

function proxyValue(ctx: Context): FactValue {
  const main = ctx.main;
  if (main?.proxy) {
    const p = main.proxy;
    return raw(`${p.type} ${p.host}:${p.port}`);
  }
  if (!main) return unknown(msg('popup_why_not_seen'));
  // Firefox reports the proxy on every network event, so its absence means none was used;
  // a cache hit made no network request, and Chromium never tells.
  if (capabilities(ctx.engine).proxy === 'never') return unknown(msg('popup_why_chromium'));
  if (main.fromCache) return unknown(msg('popup_why_cached'));
  return words(msg('popup_value_no_proxy'));
}

function httpVersionValue(ctx: Context): FactValue {
  const main = ctx.main;
  if (main?.httpVersion) {
    // Alt-Svc is an offer for later connections: worth saying only when this one did not use it.
    const offer = main.headers?.h3Offered && main.httpVersion !== 'HTTP/3' ? msg('popup_note_h3_offered') : undefined;
    return raw(main.httpVersion, 'neutral', offer);
  }
  if (!main) return unknown(msg('popup_why_not_seen'));
  if (main.fromCache) return unknown(msg('popup_why_cached'));
  if (main.error) return unknown(msg('popup_why_not_loaded'));
  return unknown(msg('popup_why_unavailable'));
}

/** The Connection rows for a tab's main document (undefined: not observed yet). */
export function connectionFacts(engine: Engine, main: ConnectionReport | undefined): Fact[] {
  const ctx: Context = main ? { engine, main } : { engine };
  const values: Record<FactId, () => FactValue> = {
    'tls-version': () => tlsFact('tls-version', ctx, (tls) => versionValue(tls, ctx)),
    cipher: () => tlsFact('cipher', ctx, (tls) => cipherValue(tls, ctx)),
    group: () => tlsFact('group', ctx, (tls) => groupValue(tls, ctx)),
    signature: () =>
      tlsFact('signature', ctx, (tls) => (tls.signatureScheme ? raw(tls.signatureScheme) : unknown(unknownWhy(ctx, 'signature')))),
    hsts: () => hstsValue(ctx),
    ct: () => tlsFact('ct', ctx, (tls) => ctValue(tls, ctx)),
    ocsp: () => tlsFact('ocsp', ctx, (tls) => yesNo('ocsp', tls.ocspUsed, ctx, msg('popup_value_ocsp_yes'), msg('popup_value_ocsp_no'))),
    ech: () => tlsFact('ech', ctx, (tls) => yesNo('ech', tls.ech, ctx, msg('popup_value_ech_yes'), msg('popup_value_ech_no'), true)),
    'private-dns': () => privateDnsValue(ctx),
    'http-version': () => httpVersionValue(ctx),
    ip: () => ipValue(ctx),
    proxy: () => proxyValue(ctx),
  };
  return FACT_IDS.map((id) => ({ id, label: msg(FACT_KEYS[id].label), help: msg(FACT_KEYS[id].help), value: values[id]() }));
}
