/**
 * Chromium "Inspect": the one way an extension learns a page's TLS details in Chromium.
 * Attaches the debugger to the tab, enables Network, reloads so the connection is seen, takes
 * the main document's `securityDetails` and the chain from `Network.getCertificate`, and
 * detaches at once — the browser shows a "started debugging" bar while attached.
 * No state survives a call: a stopped worker simply loses an inspection in progress, and
 * the debugger detaches itself when the worker goes away.
 */
import { base64ToBytes, bytesToBase64, sha256ColonHex } from '@/lib/bytes';
import { readStructure } from '@/lib/cert/structure';
import type { CertSummary } from '@/lib/report/types';
import type { InspectResult } from '@/lib/messages';
import { urlParts } from '@/lib/report/url';
import { summariseCertificate } from '@/lib/cert/summary';
import { chromiumInspectedTls, inspectedResponseFacts, type CdpResponse, type ChainCertFacts } from './chromium';

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

export const INSPECT_TIMEOUT_MS = 15_000;

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
  let response: CdpResponse | undefined;
  let resolveResponse: () => void = () => undefined;
  const gotResponse = new Promise<void>((resolve) => (resolveResponse = resolve));
  const onEvent = (source: Debuggee, method: string, params?: unknown) => {
    if (source.tabId !== tabId || method !== 'Network.responseReceived') return;
    const p = params as { type?: string; requestId?: string; loaderId?: string; response?: CdpResponse };
    // The main document's request is the one whose id is its loader's id.
    if (p.type === 'Document' && p.requestId === p.loaderId && p.response) {
      response = p.response;
      resolveResponse();
    }
  };

  try {
    await api.attach(target, '1.3');
  } catch (error) {
    return fail('attach-failed', String(error));
  }
  api.onEvent.addListener(onEvent);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await api.sendCommand(target, 'Network.enable');
    await api.sendCommand(target, 'Page.reload', { ignoreCache: false });
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), INSPECT_TIMEOUT_MS);
    });
    if ((await Promise.race([gotResponse, timedOut])) === 'timeout' || !response) return fail('timeout');
    const seen = response as CdpResponse;
    if (!seen.securityDetails) return fail('not-supported', seen.url);
    let chain: string[] = [];
    try {
      const origin = new URL(seen.url).origin;
      const certs = (await api.sendCommand(target, 'Network.getCertificate', { origin })) as { tableNames?: string[] };
      chain = certs.tableNames ?? [];
    } catch {
      chain = [];
    }
    const fingerprints = (await Promise.all(chain.map(sha256ColonHex))).map((f) => f ?? '');
    const facts = await Promise.all(chain.map(chainCertFacts));
    const inspectedAt = now();
    const tls = chromiumInspectedTls(seen.securityDetails, chain, fingerprints, inspectedAt, facts);
    return { result: { ok: true, tls, inspectedAt }, facts: inspectedResponseFacts(seen) };
  } catch (error) {
    return fail('attach-failed', String(error));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    api.onEvent.removeListener(onEvent);
    await api.detach(target).catch(() => undefined);
  }
}
