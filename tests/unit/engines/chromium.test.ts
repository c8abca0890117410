/**
 * The Chromium adapter on what Chromium 156 really handed over (tests/fixtures/engines/recorded/:
 * webRequest details, the DevTools protocol's securityDetails and getCertificate, and
 * securityInfo with WebRequestSecurityInfo on), with the recorded values asserted. Where a test
 * writes or changes an object by hand, the comment says which shape no recording here has.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import cdp from '../../fixtures/engines/recorded/chromium-cdp.json';
import wr from '../../fixtures/engines/recorded/chromium-webrequest.json';
import si from '../../fixtures/engines/recorded/chromium-security-info.json';
import {
  chromiumErrorKind,
  chromiumInspectedTls,
  chromiumReport,
  inspectedResponseFacts,
  normaliseProtocol,
  type ChromiumRequestDetails,
  type ChromiumWebRequestSecurityInfo,
} from '@/lib/engines/chromium';

const details = wr.recordings as unknown as Record<string, ChromiumRequestDetails>;
const withInfo = si.recordings as unknown as Record<string, ChromiumRequestDetails & { securityInfo: { rawDER?: string } & object }>;
const fixture = cdp.recordings.tls13;
const colonHex = (b64: string) =>
  createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').toUpperCase().match(/../g)!.join(':');

describe('chromiumReport', () => {
  it('keeps IP and cache flag and leaves TLS unknown until inspected', () => {
    const report = chromiumReport(details['tls13']!, 5);
    expect(report).toMatchObject({ host: 'secure.test', scheme: 'https', ip: '198.18.0.2', statusCode: 200, tlsUnknown: 'not-inspected' });
    // Chromium writes HTTP/1.1 in statusLine for HTTP/2 too: no version is claimed from it.
    expect(report.httpVersion).toBeUndefined();
    expect(report.tls).toBeUndefined();
  });

  it('marks cached responses and certificate errors', () => {
    // No recording is a cache hit (the test sites send no-store), nor a refused connection: hand-made.
    expect(chromiumReport({ url: 'https://a.test/', tabId: 1, type: 'image', fromCache: true }, 1).tlsUnknown).toBe('cached');
    const failed = chromiumReport(details['expired']!, 1);
    expect(failed).toMatchObject({ host: 'expired.test', error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'cert-expired' });
    expect(failed.tlsUnknown).toBeUndefined();
    const refused = chromiumReport({ url: 'https://a.test/', tabId: 1, type: 'main_frame', error: 'net::ERR_CONNECTION_REFUSED' }, 1);
    expect(refused).toMatchObject({ errorKind: 'network', tlsUnknown: 'not-inspected' });
  });

  // The strings Chromium's onErrorOccurred gives (tests/e2e: harness, chromium-securityinfo; the
  // recorded ones are in recorded.test.ts), written out so every mapping is pinned.
  it.each([
    ['net::ERR_CERT_DATE_INVALID', 'cert-expired'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'cert-untrusted'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'cert-name'],
    ['net::ERR_CERT_REVOKED', 'cert-revoked'],
    ['net::ERR_CERT_SYMANTEC_LEGACY', 'cert-other'],
    ['net::ERR_BAD_SSL_CLIENT_AUTH_CERT', 'cert-other'],
    ['net::ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN', 'cert-other'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls-protocol'],
    ['net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'tls-protocol'],
    ['net::ERR_ABORTED', 'aborted'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'blocked'],
    ['net::ERR_CONNECTION_REFUSED', 'network'],
    ['net::ERR_NAME_NOT_RESOLVED', 'network'],
    ['net::ERR_NETWORK_CHANGED', 'network'],
  ])('%s is %s', (error, kind) => expect(chromiumErrorKind(error)).toBe(kind));

  it('uses the securityInfo joined from onHeadersReceived when the feature gave one', () => {
    const d = withInfo['tls13']!;
    const recorded = d.securityInfo as unknown as { state: string; certificates: { fingerprint: { sha256: string }; rawDER: string }[] };
    // The recorder stored the rawDER ArrayBuffer as base64; the listener hands over the buffer.
    const info: ChromiumWebRequestSecurityInfo = {
      state: 'secure',
      certificates: recorded.certificates.map((c) => ({
        fingerprint: c.fingerprint,
        rawDER: Uint8Array.from(Buffer.from(c.rawDER, 'base64')).buffer,
      })),
    };
    const report = chromiumReport(d, 1, info);
    expect(report.tls?.source).toBe('chromium-webrequest');
    const leaf = recorded.certificates[0]!;
    expect(leaf.fingerprint.sha256).toBe(colonHex(leaf.rawDER));
    expect(report.tls?.certificates[0]).toMatchObject({ sha256: leaf.fingerprint.sha256, der: leaf.rawDER });
    expect(report.tls?.overriddenError).toBeUndefined();
    expect(report.tlsUnknown).toBeUndefined();
  });

  it('reads "broken" (a warning clicked through) as an overridden error of unknown category', () => {
    // Hand-made: a clicked-through page fails before onHeadersReceived in the recordings
    // (Chromium 156 gave no securityInfo for overridden.test); the shape is the documented one.
    const report = chromiumReport({ url: 'https://expired.test/', tabId: 1, type: 'main_frame' }, 1, {
      state: 'broken',
      certificates: [{ fingerprint: { sha256: 'AB:CD' } }],
    });
    expect(report.tls?.overriddenError).toBe('unknown');
  });

  it("reads the main document's HSTS and Alt-Svc headers, and no others", () => {
    const main = chromiumReport(details['hsts-preload']!, 1);
    expect(main.headers).toEqual({ hsts: { maxAge: 63072000, includeSubDomains: true, preload: true }, h3Offered: true });
    // The same headers on a subresource (hand-changed type): not the page's policy.
    expect(chromiumReport({ ...details['hsts-preload']!, type: 'image' }, 1).headers).toBeUndefined();
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
      notAfter: 1803981175000,
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
