import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import cdp from '../../fixtures/engines/recorded/chromium-cdp.json';
import {
  chromiumInspectedTls,
  inspectedResponseFacts,
  inspectTab,
  normaliseProtocol,
  type DebuggerApi,
} from '@/lib/engines/chromium-inspect';

const fixture = cdp.recordings.tls13;
const colonHex = (b64: string) =>
  createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').toUpperCase().match(/../g)!.join(':');

/**
 * A scripted `chrome.debugger`: commands are recorded, and what the page "does" in answer to
 * them is the test's script. The response objects are the ones recorded from Chromium 156
 * (tests/fixtures/engines/recorded/chromium-cdp.json, secure.test); the debugger itself is a fake.
 */
function scriptedDebugger(onCommand: (method: string, emit: (method: string, params: object) => void) => unknown) {
  const sent: string[] = [];
  const listeners = new Set<(source: { tabId: number }, method: string, params?: unknown) => void>();
  const emit = (method: string, params: object) => queueMicrotask(() => listeners.forEach((l) => l({ tabId: 7 }, method, params)));
  const api: DebuggerApi = {
    attach: async () => undefined,
    detach: async () => undefined,
    sendCommand: async (_target, method) => {
      sent.push(method);
      if (method === 'Page.getFrameTree') return { frameTree: { frame: { id: 'F1' } } };
      if (method === 'Page.createIsolatedWorld') return { executionContextId: 3 };
      if (method === 'Network.getCertificate') return { tableNames: [] };
      return onCommand(method, emit);
    },
    onEvent: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
  };
  return { api, sent };
}

const URL_ = 'https://secure.test:8443/';
const response = cdp.recordings.tls13.response;

describe('inspectTab', () => {
  it('sees the connection on a request to the page, without reloading it', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn')
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R9', loaderId: 'L1', response });
      return {};
    });
    const outcome = await inspectTab(api, 7, `${URL_}#typed`, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { protocol: 'TLSv1.3', inspectedBy: 'request' } });
    expect(sent).not.toContain('Page.reload');
    expect(outcome.facts).toEqual({ httpVersion: 'HTTP/1.1', ip: '198.18.0.2' });
  });

  it('reloads when the request is refused (e.g. the page CSP), and says so', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') throw new Error('Refused to connect');
      if (method === 'Page.reload') emit('Network.responseReceived', { type: 'Document', requestId: 'L2', loaderId: 'L2', response });
      return {};
    });
    const started = Date.now();
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'reload' } });
    expect(sent).toContain('Page.reload');
    // A refusal ends the wait after a short grace, not the whole request timeout.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not take an answer from the page’s service worker (it carries no connection)', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') {
        const { securityDetails: _none, ...bare } = response;
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R9', response: { ...bare, fromServiceWorker: true } });
      }
      if (method === 'Page.reload') emit('Network.responseReceived', { type: 'Document', requestId: 'L3', loaderId: 'L3', response });
      return {};
    });
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'reload' } });
    expect(sent.filter((m) => m === 'Page.reload')).toHaveLength(1);
  });

  it('ignores responses of other pages and other tabs', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') {
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R1', response: { ...response, url: 'https://other.test/' } });
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R2', response });
      }
      return {};
    });
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'request' } });
    expect(sent).not.toContain('Page.reload');
  });
});

describe('chromiumInspectedTls', () => {
  it('translates securityDetails and the chain', () => {
    const chain = fixture.certificate.tableNames;
    const prints = chain.map(colonHex);
    const tls = chromiumInspectedTls(fixture.response.securityDetails, chain, prints, 99);
    expect(tls).toMatchObject({
      protocol: 'TLSv1.3',
      cipher: 'AES_256_GCM',
      group: 'X25519',
      signatureScheme: 'RSA-PSS-SHA256',
      ct: 'unknown',
      sctCount: 0,
      ech: false,
      source: 'chromium-debugger',
      inspectedAt: 99,
    });
    expect(tls.keyExchange).toBeUndefined();
    expect(tls.rootBuiltIn).toBeUndefined();
    expect(tls.certificates[0]).toMatchObject({
      subjectCN: 'secure.test',
      issuerCN: 'Onlooker Test Intermediate CA',
      sans: ['secure.test'],
      notAfter: 1804059697000,
      sha256: prints[0],
      der: chain[0],
    });
    expect(tls.certificates).toHaveLength(3);
    expect(tls.certificates[2]).toMatchObject({ sha256: prints[2], der: chain[2] });
  });

  it('keeps the TLS 1.2 key exchange', () => {
    const tls = chromiumInspectedTls(cdp.recordings.tls12.response.securityDetails, [], [], 1);
    expect(tls.protocol).toBe('TLSv1.2');
    expect(tls.keyExchange).toBe('ECDHE_RSA');
    expect(tls.certificates).toEqual([]);
  });

  it('names unknown signature schemes by code point', () => {
    // Hand-made: the test servers sign with RSA-PSS (2052); these code points need other keys.
    expect(chromiumInspectedTls({ serverSignatureAlgorithm: 0x1234 }, [], [], 1).signatureScheme).toBe('0x1234');
    // Post-quantum ML-DSA (0x0905) was shown as hex while a second, complete table sat unused.
    expect(chromiumInspectedTls({ serverSignatureAlgorithm: 0x0905 }, [], [], 1).signatureScheme).toBe('ML-DSA-65');
  });

  it('reads the protocol and IP of the inspected response', () => {
    expect(inspectedResponseFacts(fixture.response)).toEqual({ httpVersion: 'HTTP/1.1', ip: '198.18.0.2' });
    expect(inspectedResponseFacts(cdp.recordings.http2.response)).toEqual({ httpVersion: 'HTTP/2', ip: '198.18.0.2' });
    expect(normaliseProtocol('QUIC')).toBe('QUIC');
  });
});

describe('chainCertFacts (inspection reads the chain with the light DER reader)', () => {
  it('fills the issuer organisation, key and signature that CDP does not give', async () => {
    await import('@abraham/reflection');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(globalThis.crypto);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      subject: 'CN=secure.test, O=Site Org',
      issuer: 'CN=Test Issuing CA, O=Other Test Trust Services',
      serialNumber: '01',
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2027-01-01'),
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: alg,
    });
    const { chainCertFacts } = await import('@/lib/engines/chromium-inspect');
    const der = Buffer.from(cert.rawData).toString('base64');
    const facts = await chainCertFacts(der);
    expect(facts).toMatchObject({
      subjectCN: 'secure.test',
      subjectOrg: 'Site Org',
      issuerCN: 'Test Issuing CA',
      issuerOrg: 'Other Test Trust Services',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      publicKeyBits: 256,
    });
    const tls = chromiumInspectedTls(fixture.response.securityDetails, [der], ['AA'], 1, [facts]);
    expect(tls.certificates[0]).toMatchObject({ issuerOrg: 'Other Test Trust Services', sans: ['secure.test'] });
    // The key's fingerprint, in Firefox's form (base64 SHA-256 of the SPKI): without it history
    // could not tell a new key from a renewal and called every change "same key".
    const spki = Buffer.from(await crypto.subtle.digest('SHA-256', await crypto.subtle.exportKey('spki', keys.publicKey))).toString(
      'base64',
    );
    expect(tls.certificates[0]!.spkiSha256).toBe(spki);
    expect(await chainCertFacts('not base64!')).toBeUndefined();
  });
});
