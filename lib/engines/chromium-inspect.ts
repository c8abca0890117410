/**
 * Chromium "Inspect": the one way an extension learns a page's TLS details in Chromium.
 * Attaches the debugger to the tab, enables Network, and makes one HEAD request to the page's
 * own address from an isolated world of the page (so the page's scripts neither see nor change
 * it; it goes over the page's connection where the server keeps it open). Only when that shows
 * no security details (a service worker answered, the page's CSP refused, a timeout) does it
 * reload the page. It takes `securityDetails` and the chain from `Network.getCertificate`, says
 * which way it saw them, and detaches at once — the browser shows a "started debugging" bar
 * while attached.
 * The end of this file turns what it saw (`securityDetails`, the chain) into the project's
 * TlsInfo: pure functions, unit-tested on recorded objects.
 * No state survives a call: a stopped worker simply loses an inspection in progress, and
 * the debugger detaches itself when the worker goes away.
 */
import { base64ToBytes, bytesToBase64, sha256ColonHex } from '@/lib/bytes';
import { readStructure } from '@/lib/cert/structure';
import type { CertSummary, InspectMethod, TlsInfo } from '@/lib/report/types';
import type { InspectResult } from '@/lib/messages';
import { httpVersionFromAlpn, urlParts, withoutHash } from '@/lib/report/url';
import { summariseCertificate } from '@/lib/cert/summary';
import { signatureSchemeName } from '@/lib/report/crypto-names';
import { withDefined } from '@/lib/optional';
import { dnAttributes } from './dn';

/** `Network.Response.securityDetails` from the DevTools protocol. */
export interface CdpSecurityDetails {
  protocol?: string;
  keyExchange?: string;
  keyExchangeGroup?: string;
  cipher?: string;
  mac?: string;
  subjectName?: string;
  sanList?: string[];
  issuer?: string;
  validFrom?: number;
  validTo?: number;
  signedCertificateTimestampList?: unknown[];
  certificateTransparencyCompliance?: string;
  serverSignatureAlgorithm?: number;
  encryptedClientHello?: boolean;
}

/** The parts of `Network.Response` the inspection keeps. */
export interface CdpResponse {
  url: string;
  protocol?: string;
  remoteIPAddress?: string;
  remotePort?: number;
  securityState?: string;
  securityDetails?: CdpSecurityDetails;
}

interface Debuggee {
  tabId: number;
}

/** The `chrome.debugger` calls used, typed here because the polyfill types lack the API. */
export interface DebuggerApi {
  attach(target: Debuggee, version: string): Promise<void>;
  detach(target: Debuggee): Promise<void>;
  sendCommand(target: Debuggee, method: string, params?: object): Promise<unknown>;
  onEvent: {
    addListener(cb: (source: Debuggee, method: string, params?: unknown) => void): void;
    removeListener(cb: (source: Debuggee, method: string, params?: unknown) => void): void;
  };
}

export interface InspectOutcome {
  result: InspectResult;
  /** The inspected response's HTTP version and IP, for the main report. */
  facts: { httpVersion?: string; ip?: string };
}

const INSPECT_TIMEOUT_MS = 15_000;
/** How long the request to the page's address may take before the reload is tried instead. */
const REQUEST_TIMEOUT_MS = 5_000;
const SETTLE_GRACE_MS = 500;

interface ResponseEvent {
  type?: string;
  requestId?: string;
  loaderId?: string;
  response?: CdpResponse & { fromServiceWorker?: boolean };
}

/** Sends the HEAD request from a world of the page's main frame that its scripts cannot reach. */
async function requestFromPage(api: DebuggerApi, target: Debuggee, url: string): Promise<void> {
  const tree = (await api.sendCommand(target, 'Page.getFrameTree')) as { frameTree?: { frame?: { id?: string } } };
  const frameId = tree.frameTree?.frame?.id;
  if (!frameId) throw new Error('no main frame');
  const world = (await api.sendCommand(target, 'Page.createIsolatedWorld', { frameId, worldName: 'onlooker-inspect' })) as {
    executionContextId?: number;
  };
  await api.sendCommand(target, 'Runtime.callFunctionOn', {
    functionDeclaration: `function (url) { return fetch(url, { method: 'HEAD', cache: 'no-store', redirect: 'manual' }).then(() => true, () => false); }`,
    executionContextId: world.executionContextId,
    arguments: [{ value: url }],
    awaitPromise: true,
    returnByValue: true,
  });
}

/** `chrome.debugger`, when this browser and the granted permissions offer it. */
export function debuggerApi(): DebuggerApi | undefined {
  const chromeGlobal = (globalThis as { chrome?: { debugger?: DebuggerApi } }).chrome;
  return chromeGlobal?.debugger;
}

/**
 * Names, key and signature of one chain certificate, read with the dependency-free DER reader
 * (a few KB, no x509): this runs only on the user's Inspect, never on the request path.
 */
export async function chainCertFacts(der: string): Promise<ChainCertFacts | undefined> {
  const brief = await summariseCertificate(der);
  if (!brief.ok) return undefined;
  const facts: ChainCertFacts = { subject: brief.subject.text, issuer: brief.issuer.text };
  if (brief.subject.cn) facts.subjectCN = brief.subject.cn;
  if (brief.subject.o) facts.subjectOrg = brief.subject.o;
  if (brief.issuer.cn) facts.issuerCN = brief.issuer.cn;
  if (brief.issuer.o) facts.issuerOrg = brief.issuer.o;
  facts.signatureAlgorithm = brief.signature.name;
  facts.publicKeyAlgorithm = brief.publicKey.algorithm;
  if (brief.publicKey.bits !== undefined) facts.publicKeyBits = brief.publicKey.bits;
  const spki = await spkiSha256(der);
  if (spki) facts.spkiSha256 = spki;
  return facts;
}

/**
 * SHA-256 of the SubjectPublicKeyInfo, base64 — the form Firefox's `subjectPublicKeyInfoDigest`
 * has, so history tells a new key from a renewal on both engines. Undefined when unreadable.
 */
export async function spkiSha256(der: string): Promise<string | undefined> {
  try {
    const bytes = base64ToBytes(der);
    if (!bytes) return undefined;
    const { spki } = readStructure(bytes);
    return bytesToBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', spki.slice().buffer)));
  } catch {
    return undefined;
  }
}

/**
 * What a live leaf (webRequest `securityInfo`, which gives only the DER and its fingerprint)
 * says about itself: names, validity, SANs, key, signature. Undefined when unreadable.
 */
export async function leafCertFacts(der: string): Promise<Partial<CertSummary> | undefined> {
  const brief = await summariseCertificate(der);
  if (!brief.ok) return undefined;
  const facts: Partial<CertSummary> = { subject: brief.subject.text, issuer: brief.issuer.text };
  if (brief.subject.cn) facts.subjectCN = brief.subject.cn;
  if (brief.subject.o) facts.subjectOrg = brief.subject.o;
  if (brief.issuer.cn) facts.issuerCN = brief.issuer.cn;
  if (brief.issuer.o) facts.issuerOrg = brief.issuer.o;
  facts.notBefore = brief.notBefore;
  facts.notAfter = brief.notAfter;
  facts.serialNumber = brief.serialNumber;
  const sans = brief.san.filter((s) => s.type === 'dns').map((s) => s.value);
  if (sans.length) facts.sans = sans;
  facts.signatureAlgorithm = brief.signature.name;
  facts.publicKeyAlgorithm = brief.publicKey.algorithm;
  if (brief.publicKey.bits !== undefined) facts.publicKeyBits = brief.publicKey.bits;
  const spki = await spkiSha256(der);
  if (spki) facts.spkiSha256 = spki;
  return facts;
}

export async function inspectTab(
  api: DebuggerApi | undefined,
  tabId: number,
  url: string,
  now: () => number,
  hadError: boolean,
): Promise<InspectOutcome> {
  const fail = (error: Extract<InspectResult, { ok: false }>['error'], detail?: string): InspectOutcome => ({
    result: detail ? { ok: false, error, detail } : { ok: false, error },
    facts: {},
  });
  const { scheme } = urlParts(url);
  if (scheme !== 'https') return fail(scheme === 'http' ? 'not-supported' : 'browser-page');
  if (hadError) return fail('error-page');
  if (!api) return fail('permission-denied');

  const target = { tabId };
  // Responses of this tab, each offered to whoever waits for one like it.
  const waiting = new Set<{ want: (e: ResponseEvent) => boolean; take: (r: CdpResponse | undefined) => void }>();
  const onEvent = (source: Debuggee, method: string, params?: unknown) => {
    if (source.tabId !== tabId || method !== 'Network.responseReceived') return;
    const event = params as ResponseEvent;
    if (!event.response) return;
    for (const waiter of waiting) {
      if (!waiter.want(event)) continue;
      waiting.delete(waiter);
      waiter.take(event.response);
    }
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  const response = (want: (e: ResponseEvent) => boolean, ms: number) =>
    new Promise<CdpResponse | undefined>((take) => {
      const waiter = { want, take };
      waiting.add(waiter);
      timers.push(
        setTimeout(() => {
          waiting.delete(waiter);
          take(undefined);
        }, ms),
      );
    });

  try {
    await api.attach(target, '1.3');
  } catch (error) {
    return fail('attach-failed', String(error));
  }
  api.onEvent.addListener(onEvent);
  try {
    await api.sendCommand(target, 'Network.enable');
    let seen: CdpResponse | undefined;
    let method: InspectMethod = 'request';
    const page = withoutHash(url);
    const asked = response(
      (e) => e.type === 'Fetch' && withoutHash(e.response!.url) === page && !e.response!.fromServiceWorker && !!e.response!.securityDetails,
      REQUEST_TIMEOUT_MS,
    );
    // The response event comes before the fetch settles; once it has settled (or was refused:
    // a CSP, no frame) a short grace ends the wait, so a refusal costs no full timeout.
    const settled = requestFromPage(api, target, page).then(
      () => undefined,
      () => undefined,
    );
    const grace = settled.then(() => new Promise<undefined>((done) => timers.push(setTimeout(() => done(undefined), SETTLE_GRACE_MS))));
    seen = await Promise.race([asked, grace]);
    if (!seen) {
      method = 'reload';
      // The main document's request is the one whose id is its loader's id.
      const reloaded = response((e) => e.type === 'Document' && e.requestId === e.loaderId, INSPECT_TIMEOUT_MS);
      await api.sendCommand(target, 'Page.reload', { ignoreCache: false });
      seen = await reloaded;
      if (!seen) return fail('timeout');
    }
    if (!seen.securityDetails) return fail('not-supported', seen.url);
    let chain: string[] = [];
    try {
      const origin = new URL(seen.url).origin;
      const certs = (await api.sendCommand(target, 'Network.getCertificate', { origin })) as { tableNames?: string[] };
      chain = certs.tableNames ?? [];
    } catch {
      chain = [];
    }
    const tls = await inspectionTls(seen.securityDetails, chain, method, now);
    return { result: { ok: true, tls, inspectedAt: tls.inspectedAt }, facts: inspectedResponseFacts(seen) };
  } catch (error) {
    return fail('attach-failed', String(error));
  } finally {
    for (const timer of timers) clearTimeout(timer);
    api.onEvent.removeListener(onEvent);
    await api.detach(target).catch(() => undefined);
  }
}

// ---- What an inspection saw → the project's TlsInfo (pure) ----

/** "TLS 1.3" → "TLSv1.3"; "QUIC" stays as is (it carries TLS 1.3). */
export function normaliseProtocol(protocol: string | undefined): string | undefined {
  if (!protocol) return undefined;
  const match = /^TLS\s*v?(\d\.\d)$/i.exec(protocol.trim());
  return match ? `TLSv${match[1]}` : protocol;
}

const CT: Record<string, TlsInfo['ct']> = {
  compliant: 'compliant',
  'not-compliant': 'not-compliant',
  unknown: 'unknown',
};

/**
 * What a DER reader found in one certificate of an inspected chain: CDP names only the leaf's
 * CN and its issuer's CN, but change detection needs the issuing organisation and the verdict
 * the signature and key.
 */
export type ChainCertFacts = Pick<
  CertSummary,
  | 'subject'
  | 'issuer'
  | 'subjectCN'
  | 'subjectOrg'
  | 'issuerCN'
  | 'issuerOrg'
  | 'signatureAlgorithm'
  | 'publicKeyAlgorithm'
  | 'publicKeyBits'
  | 'spkiSha256'
>;

/**
 * An inspection's facts → TlsInfo. `chainDer` is `Network.getCertificate`'s list (leaf first,
 * base64); `fingerprints` their SHA-256 in the same order (computed with WebCrypto); `facts`
 * what the light DER reader found in each, where it could read it.
 */
export function chromiumInspectedTls(
  details: CdpSecurityDetails,
  chainDer: readonly string[],
  fingerprints: readonly string[],
  inspectedAt: number,
  facts: readonly (ChainCertFacts | undefined)[] = [],
): TlsInfo {
  const tls: TlsInfo = { certificates: [], source: 'chromium-debugger', inspectedAt };
  const protocol = normaliseProtocol(details.protocol);
  if (protocol) tls.protocol = protocol;
  if (details.cipher) tls.cipher = details.mac ? `${details.cipher} ${details.mac}` : details.cipher;
  if (details.keyExchangeGroup) tls.group = details.keyExchangeGroup;
  if (details.keyExchange) tls.keyExchange = details.keyExchange;
  const scheme = details.serverSignatureAlgorithm;
  if (typeof scheme === 'number') {
    tls.signatureScheme = signatureSchemeName(scheme) ?? `0x${scheme.toString(16).padStart(4, '0')}`;
  }
  const ct = details.certificateTransparencyCompliance && CT[details.certificateTransparencyCompliance];
  if (ct) tls.ct = ct;
  if (Array.isArray(details.signedCertificateTimestampList)) {
    tls.sctCount = details.signedCertificateTimestampList.length;
  }
  if (typeof details.encryptedClientHello === 'boolean') tls.ech = details.encryptedClientHello;
  const leafSubject = details.subjectName ?? '';
  const leafIssuer = details.issuer ?? '';
  tls.certificates = chainDer.map((der, i) => {
    const summary: CertSummary = { subject: '', issuer: '', der };
    const sha256 = fingerprints[i];
    if (sha256) summary.sha256 = sha256;
    if (i === 0) {
      // CDP gives the leaf's CN as subjectName and the issuer's CN as issuer, not full DNs.
      summary.subject = leafSubject.includes('=') ? leafSubject : `CN=${leafSubject}`;
      summary.issuer = leafIssuer.includes('=') ? leafIssuer : `CN=${leafIssuer}`;
      const s = dnAttributes(summary.subject);
      const is = dnAttributes(summary.issuer);
      const names = { subjectCN: s.get('CN'), subjectOrg: s.get('O'), issuerCN: is.get('CN'), issuerOrg: is.get('O') };
      withDefined(summary, names, { dropEmptyStrings: true });
      if (typeof details.validFrom === 'number') summary.notBefore = details.validFrom * 1000;
      if (typeof details.validTo === 'number') summary.notAfter = details.validTo * 1000;
      if (details.sanList?.length) summary.sans = [...details.sanList];
    }
    // The certificate's own names are more complete than CDP's CNs: they win where read.
    const read = facts[i];
    if (read) withDefined(summary, read, { dropEmptyStrings: true });
    return summary;
  });
  return tls;
}

/**
 * What one inspection saw (`securityDetails`, `Network.getCertificate`'s chain) → its TlsInfo: each
 * certificate's fingerprint and what the light DER reader finds in it, then chromiumInspectedTls.
 * `now` is read once all that is done: the moment the inspection ended. The unit tests build
 * their inspected states from recorded CDP objects through this same function.
 */
export async function inspectionTls(
  details: CdpSecurityDetails,
  chain: readonly string[],
  method: InspectMethod,
  now: () => number,
): Promise<TlsInfo & { inspectedAt: number }> {
  const fingerprints = (await Promise.all(chain.map(sha256ColonHex))).map((f) => f ?? '');
  const facts = await Promise.all(chain.map(chainCertFacts));
  const inspectedAt = now();
  return { ...chromiumInspectedTls(details, chain, fingerprints, inspectedAt, facts), inspectedAt, inspectedBy: method };
}

/** The main document's HTTP version and IP from an inspected response. */
export function inspectedResponseFacts(response: CdpResponse): { httpVersion?: string; ip?: string } {
  const out: { httpVersion?: string; ip?: string } = {};
  const httpVersion = httpVersionFromAlpn(response.protocol);
  if (httpVersion) out.httpVersion = httpVersion;
  if (response.remoteIPAddress) out.ip = response.remoteIPAddress.replace(/^\[|\]$/g, '');
  return out;
}
