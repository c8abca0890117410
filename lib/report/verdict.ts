/**
 * The one-word judgement of a page, with every reason in plain words.
 *
 * Precedence — the first kind that applies wins; the reasons still list every problem found,
 * most important first, so a page that is both overridden and mixed says both:
 *
 *   1. broken       The browser blocked the page over a certificate or TLS error. It did not
 *                   load, so nothing else about it matters.
 *   2. unknown      Any other load error (refused, DNS failure): there is no page to judge.
 *   3. overridden   The user clicked through a certificate error: the browser's one real check
 *                   was bypassed, whatever the cipher.
 *   3b. unexpected The certificate breaks an expectation the user set for this site (issuing
 *                   organisation or key; lib/watch/expectations.ts). The user's own, specific
 *                   statement about this site outranks the general judgements below; the
 *                   browser's own validation is untouched (a blocked page stays "broken").
 *   4. custom-root  The chain ends in a root the browser did not ship: the encryption may end at
 *                   an interceptor, which makes cipher quality moot.
 *   5. weak         Old TLS, non-AEAD or broken cipher, no forward secrecy, SHA-1/MD5
 *                   signatures, short keys, or the browser's own weakness flags.
 *   6. local        The connection stays on this computer or the local network (judged by host
 *                   name, or by the IP actually connected to when there is no proxy). It
 *                   outranks http / mixed / unknown / secure: plain HTTP to localhost is not a
 *                   red warning. It does not outrank 3-5: those are facts about the TLS set-up,
 *                   and a local dev CA is exactly the custom root the reason text describes.
 *   7. http         Plain-HTTP main document.
 *   8. mixed        HTTPS page with plain-HTTP forms or subresources. Images and media the
 *                   browser upgraded to HTTPS by itself are mentioned but do not count.
 *                   Password and card fields that travel in clear add their own reason, right
 *                   after the plain-HTTP one (http) or the mixed ones (mixed).
 *   9. secure       TLS 1.2+ with an AEAD cipher, root built in or not reported (then a reason
 *                   says the browser cannot tell).
 *  10. unknown      No TLS details (the reason says why) or too few to judge.
 */
import { connectionLocality, type Locality } from './address';
import {
  classifyCipher,
  isShortPublicKey,
  keyExchangeForwardSecrecy,
  keyExchangeGroupInfo,
  normaliseTlsVersion,
  signatureWeakHash,
  tlsVersionLabel,
  tlsVersionRank,
  type CipherProblem,
} from './crypto-names';
import { blockedBySecurity, type ErrorKind } from './error-kinds';
import { reason } from './message-keys';
import type {
  CertSummary,
  ConnectionReport,
  MixedContentItem,
  OverriddenError,
  PageFindings,
  Reason,
  SecretFieldKind,
  TabState,
  TlsInfo,
  TlsUnknownReason,
  Verdict,
  VerdictKind,
} from './types';
import { urlParts } from './url';
import { brokenExpectations, shortKey, type ExpectationIndex } from '@/lib/watch/expectations';

/** How the user wants pages judged (lib/settings). */
export interface VerdictOptions {
  /**
   * "Judge local sites like remote ones": developers checking their own sites on localhost or
   * the LAN want the verdict the site would get on the internet, not "local".
   */
  localAsRemote?: boolean;
  /** The user's per-site expectations, indexed (the background keeps one in memory). */
  expectations?: ExpectationIndex;
}

/** The verdict for a tab: its main document's connection plus what the page itself loaded. */
export function verdict(state: TabState, opts: VerdictOptions = {}): Verdict {
  if (state.main) return reportVerdict(state.main, state, opts);
  return unobservedVerdict(state.url, state.preexisting === true, opts);
}

/**
 * The verdict for one connection report. `page` is what the page probe found in the document:
 * plain-HTTP content (only counted when the report is an encrypted main document) and secret
 * fields that travel in clear.
 */
export function reportVerdict(report: ConnectionReport, page: PageFindings = {}, opts: VerdictOptions = {}): Verdict {
  if (report.scheme === 'file') return { kind: 'local', reasons: [reason('reason_local_file')] };
  if (report.scheme === 'browser') return { kind: 'local', reasons: [reason('reason_local_browser')] };
  if (report.scheme === 'other') return { kind: 'unknown', reasons: [reason('reason_scheme_other')] };

  // Behind a proxy the IP is the proxy's: a proxy on 127.0.0.1 says nothing about the site.
  const locality = opts.localAsRemote ? undefined : connectionLocality(report.host, report.proxy ? undefined : report.ip);
  const localNote = locality ? [localityReason(locality)] : [];

  const blocked = blockedReasons(report);
  if (blocked) return { kind: 'broken', reasons: [...blocked, ...localNote] };
  if (report.error) return { kind: 'unknown', reasons: [reason('reason_load_failed', report.error), ...localNote] };

  const encrypted = report.scheme === 'https' || report.scheme === 'wss';
  let tls: TlsJudgement = EMPTY_JUDGEMENT;
  const http: Reason[] = [];
  const mixedProblems: Reason[] = [];
  const mixedInfo: Reason[] = [];
  const secrets = (page.secrets ?? []).map((k) => SECRET_REASONS[k]);
  if (encrypted) {
    tls = report.tls ? judgeTls(report.tls) : { ...EMPTY_JUDGEMENT, notes: [tlsUnknownReason(report.tlsUnknown)] };
    // A secret field in a form that posts in clear makes the page "mixed" even past the item bound.
    judgeMixed(page.mixed ?? [], mixedProblems, mixedInfo);
    mixedProblems.push(...secrets);
  } else {
    http.push(reason('reason_plain_http'), ...secrets);
  }

  const unexpected = encrypted && opts.expectations ? expectationReasons(opts.expectations, report) : [];
  const kind: VerdictKind = tls.overridden.length
    ? 'overridden'
    : unexpected.length
      ? 'unexpected'
      : tls.customRoot.length
        ? 'custom-root'
        : tls.weak.length
          ? 'weak'
          : locality
            ? 'local'
            : http.length
              ? 'http'
              : mixedProblems.length
                ? 'mixed'
                : tls.judged
                  ? 'secure'
                  : 'unknown';

  // Positive facts ("TLS 1.3", "AEAD") would contradict a weak verdict; caveats always stay.
  const info = [...(tls.weak.length ? [] : tls.summary), ...tls.caveats, ...mixedInfo];
  if (kind === 'local' && locality) {
    // "Anyone on the way can read it" is wrong for loopback; on a LAN it is the local network.
    // What is typed into a plain-HTTP page on the LAN crosses that network; on loopback it does not.
    const lanPlain = http.length && locality.kind !== 'loopback' ? [reason('reason_local_unencrypted'), ...secrets] : [];
    return { kind, reasons: [localityReason(locality), ...lanPlain, ...mixedProblems, ...tls.notes, ...info] };
  }
  const reasons = [
    ...tls.overridden,
    ...unexpected,
    ...tls.customRoot,
    ...tls.weak,
    ...http,
    ...mixedProblems,
    ...tls.notes,
    ...localNote,
    ...info,
  ];
  return { kind, reasons };
}

/** One reason per expectation the leaf breaks (none when the leaf is unknown). */
function expectationReasons(index: ExpectationIndex, report: ConnectionReport): Reason[] {
  return brokenExpectations(index, report.host, report.tls?.certificates[0]).map(({ expectation: e, actual }) => {
    if (e.kind === 'key') return reason('expect_reason_key', shortKey(e.value), shortKey(actual ?? ''));
    return actual !== undefined ? reason('expect_reason_issuer', e.value, actual) : reason('expect_reason_issuer_unnamed', e.value);
  });
}

/** A tab whose main document was never observed: judge only what the URL itself proves. */
function unobservedVerdict(url: string, preexisting: boolean, opts: VerdictOptions): Verdict {
  const { scheme, host } = urlParts(url);
  if (scheme === 'file') return { kind: 'local', reasons: [reason('reason_local_file')] };
  if (scheme === 'browser') return { kind: 'local', reasons: [reason('reason_local_browser')] };
  // Without a report there is no IP: only names that are local by themselves count.
  const locality = host && !opts.localAsRemote ? connectionLocality(host) : undefined;
  if (locality && scheme !== 'other') return { kind: 'local', reasons: [localityReason(locality)] };
  return { kind: 'unknown', reasons: [reason(preexisting ? 'reason_tls_preexisting' : 'reason_no_report')] };
}

function localityReason(locality: Locality): Reason {
  return locality.kind === 'loopback'
    ? reason('reason_local_loopback', locality.evidence)
    : reason('reason_local_network', locality.evidence);
}

/** The certificate failures that have a reason of their own (the raw error follows it). */
const SPECIFIC_CERT_ERRORS: Partial<Record<ErrorKind, (host: string) => Reason>> = {
  'cert-expired': () => reason('reason_cert_expired'),
  'cert-untrusted': () => reason('reason_cert_untrusted'),
  'cert-name': (host) => reason('reason_cert_name_mismatch', host),
  'cert-revoked': () => reason('reason_cert_revoked'),
};

/** Reasons when a certificate or TLS error blocked the page; undefined when it did not. */
function blockedReasons(report: ConnectionReport): Reason[] | undefined {
  if (!blockedBySecurity(report)) return undefined;
  const error = report.error;
  if (!error) return [reason('reason_cert_error_unknown')];
  if (report.errorKind === 'tls-protocol') return [reason('reason_tls_handshake_error', error)];
  if (report.errorKind === 'secure-connection-failed') return [reason('reason_secure_connection_failed', error)];
  const specific = report.errorKind && SPECIFIC_CERT_ERRORS[report.errorKind];
  const generic = reason('reason_cert_error', error);
  return specific ? [specific(report.host), generic] : [generic];
}

const TLS_UNKNOWN_REASONS: Record<TlsUnknownReason, Reason> = {
  'not-inspected': reason('reason_tls_not_inspected'),
  cached: reason('reason_tls_cached'),
  permission: reason('reason_tls_permission'),
  preexisting: reason('reason_tls_preexisting'),
  unavailable: reason('reason_tls_unavailable'),
};

function tlsUnknownReason(why: TlsUnknownReason | undefined): Reason {
  return (why && TLS_UNKNOWN_REASONS[why]) ?? reason('reason_tls_unavailable');
}

/** The reason for each kind of secret field that travels in clear. */
const SECRET_REASONS: Record<SecretFieldKind, Reason> = {
  password: reason('reason_secret_password'),
  card: reason('reason_secret_card'),
};

function judgeMixed(items: readonly MixedContentItem[], problems: Reason[], info: Reason[]): void {
  const count = (kind: MixedContentItem['kind']) => items.filter((m) => m.kind === kind).length;
  // A script or frame over HTTP can rewrite the whole page; a form leaks only what is typed into it.
  const subresources = count('subresource');
  const forms = count('form');
  const upgraded = count('upgraded');
  if (subresources) problems.push(reason('reason_mixed_subresource', subresources));
  if (forms) problems.push(reason('reason_mixed_form', forms));
  // The browser fetched these over HTTPS: nothing went out in the clear, so they are only a note.
  if (upgraded) info.push(reason('reason_mixed_upgraded', upgraded));
}

interface TlsJudgement {
  overridden: Reason[];
  customRoot: Reason[];
  weak: Reason[];
  /** Why the facts do not suffice for a judgement. */
  notes: Reason[];
  /** What makes it good: version, cipher. Dropped when something is weak. */
  summary: Reason[];
  /** Worth saying whatever the verdict: root status, post-quantum key exchange. */
  caveats: Reason[];
  /** Enough facts, and good enough, for "secure" (if nothing above objects). */
  judged: boolean;
}

const EMPTY_JUDGEMENT: TlsJudgement = {
  overridden: [],
  customRoot: [],
  weak: [],
  notes: [],
  summary: [],
  caveats: [],
  judged: false,
};

const OVERRIDE_REASONS: Record<OverriddenError, Reason> = {
  trust_error: reason('reason_override_untrusted'),
  domain_mismatch: reason('reason_override_domain_mismatch'),
  expired_or_not_yet_valid: reason('reason_override_expired'),
  unknown: reason('reason_override_unknown'),
};

const CIPHER_REASONS: Record<CipherProblem, (cipher: string) => Reason> = {
  null: (c) => reason('reason_cipher_null', c),
  export: (c) => reason('reason_cipher_export', c),
  anon: (c) => reason('reason_cipher_anon', c),
  rc4: (c) => reason('reason_cipher_rc4', c),
  des: (c) => reason('reason_cipher_des', c),
  '3des': (c) => reason('reason_cipher_3des', c),
  md5: (c) => reason('reason_cipher_md5', c),
  cbc: (c) => reason('reason_cipher_cbc', c),
  'not-aead': (c) => reason('reason_cipher_not_aead', c),
};

/** The name people know a certificate by. */
function certName(cert: CertSummary | undefined): string | undefined {
  if (!cert) return undefined;
  return cert.subjectCN || cert.subjectOrg || cert.subject || undefined;
}

function judgeTls(tls: TlsInfo): TlsJudgement {
  const out: TlsJudgement = {
    overridden: tls.overriddenError ? [OVERRIDE_REASONS[tls.overriddenError] ?? reason('reason_override_unknown')] : [],
    customRoot: [],
    weak: [],
    notes: [],
    summary: [],
    caveats: [],
    judged: false,
  };
  const root = tls.certificates.at(-1);
  if (tls.rootBuiltIn === false) {
    const name = certName(root);
    out.customRoot.push(name ? reason('reason_custom_root', name) : reason('reason_custom_root_unnamed'));
  }

  const version = normaliseTlsVersion(tls.protocol);
  const rank = tlsVersionRank(tls.protocol);
  if (tls.protocol && !version) out.notes.push(reason('reason_tls_version_unrecognised', tls.protocol));
  if (rank !== undefined && rank < 12 && tls.protocol) out.weak.push(reason('reason_tls_old', tlsVersionLabel(tls.protocol)));

  const cipher = classifyCipher(tls.cipher, tls.protocol);
  const cipherName = tls.cipher ?? '';
  for (const problem of cipher.problems) out.weak.push(CIPHER_REASONS[problem](cipherName));
  if (tls.cipher && cipher.aead === undefined) out.notes.push(reason('reason_cipher_unrecognised', tls.cipher));

  const forwardSecrecy = rank !== undefined && rank >= 13 ? true : (keyExchangeForwardSecrecy(tls.keyExchange) ?? cipher.forwardSecrecy);
  // Anonymous suites already say the worse thing: the server is not authenticated at all.
  if (forwardSecrecy === false && !cipher.problems.includes('anon')) out.weak.push(reason('reason_kx_no_forward_secrecy'));

  if (tls.secretKeyLength !== undefined && tls.secretKeyLength < 128) {
    out.weak.push(reason('reason_secret_key_short', tls.secretKeyLength));
  }
  const handshakeHash = signatureWeakHash(tls.signatureScheme);
  if (handshakeHash && tls.signatureScheme) {
    out.weak.push(reason(handshakeHash === 'sha1' ? 'reason_signature_sha1' : 'reason_signature_md5', tls.signatureScheme));
  }
  out.weak.push(...certificateWeaknesses(tls.certificates));
  if (tls.weaknessReasons?.length) out.weak.push(reason('reason_browser_weakness', tls.weaknessReasons.join(', ')));

  out.judged = rank !== undefined && rank >= 12 && cipher.aead === true;
  if (!out.judged && out.weak.length === 0 && out.notes.length === 0) {
    // Chromium's securityInfo: a certificate the browser accepted, no protocol or cipher. Not
    // enough for "secure" (Chromium still speaks non-AEAD TLS 1.2 suites), and Inspect would tell.
    out.notes.push(reason(tls.source === 'chromium-webrequest' && !tls.protocol ? 'reason_tls_leaf_only' : 'reason_tls_incomplete'));
  }

  if (version && tls.protocol) out.summary.push(reason('reason_tls_ok', tlsVersionLabel(tls.protocol)));
  if (tls.cipher && cipher.aead === true) out.summary.push(reason('reason_cipher_ok', tls.cipher));
  if (tls.rootBuiltIn === true) {
    const name = certName(root);
    if (name) out.caveats.push(reason('reason_root_built_in', name));
  } else if (tls.rootBuiltIn === undefined) {
    out.caveats.push(reason('reason_root_unknown'));
  }
  const group = keyExchangeGroupInfo(tls.group);
  if (group?.postQuantum) out.caveats.push(reason('reason_kx_post_quantum', group.name));
  return out;
}

/** SHA-1 / MD5 signatures and short keys, where the certificate summary carries them (from DER). */
function certificateWeaknesses(certs: readonly CertSummary[]): Reason[] {
  const out: Reason[] = [];
  for (const cert of certs) {
    const name = certName(cert) ?? '?';
    // A self-signed root's own signature is never checked (the root is trusted as such).
    const selfSigned = cert.subject !== '' && cert.subject === cert.issuer;
    const hash = selfSigned ? undefined : signatureWeakHash(cert.signatureAlgorithm);
    if (hash === 'sha1') out.push(reason('reason_cert_signature_sha1', name));
    if (hash === 'md5') out.push(reason('reason_cert_signature_md5', name));
    if (isShortPublicKey(cert.publicKeyAlgorithm, cert.publicKeyBits) && cert.publicKeyAlgorithm) {
      out.push(reason('reason_cert_key_short', name, cert.publicKeyAlgorithm, cert.publicKeyBits ?? 0));
    }
  }
  return out;
}
