import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/engines/firefox-tls13.json';
import { firefoxReport, firefoxTls, type FirefoxSecurityInfo } from '@/lib/engines/firefox';

const info = fixture.securityInfo as FirefoxSecurityInfo;

describe('firefoxReport', () => {
  it('carries the security info of a TLS 1.3 frame into the report', () => {
    const report = firefoxReport(fixture.details, 1000, info);
    expect(report).toMatchObject({
      engine: 'firefox',
      host: 'secure.test',
      port: 8443,
      scheme: 'https',
      ip: '127.0.0.1',
      httpVersion: 'HTTP/1.1',
      statusCode: 200,
      time: 1000,
    });
    expect(report.proxy).toBeUndefined();
    expect(report.tls).toMatchObject({
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      group: 'x25519',
      signatureScheme: 'RSA-PSS-SHA256',
      hsts: false,
      ct: 'not-applicable',
      ech: false,
      privateDns: false,
      ocspUsed: false,
      rootBuiltIn: false,
      source: 'firefox-security-info',
    });
    const [leaf, root] = report.tls!.certificates;
    expect(leaf).toMatchObject({
      subjectCN: 'secure.test',
      subjectOrg: 'Onlooker Test',
      issuerCN: 'Onlooker Test Intermediate',
      sha256: '9A:5B:00:11',
      notAfter: 1795236000000,
      spkiSha256: 'c3BraS1sZWFm',
      der: 'MIIBCg==',
    });
    expect(root?.isBuiltInRoot).toBe(false);
  });

  it('says a built-in root is built in', () => {
    const builtIn = structuredClone(info);
    builtIn.certificates[1]!.isBuiltInRoot = true;
    expect(firefoxTls(builtIn).rootBuiltIn).toBe(true);
  });

  it('keeps the leaf and the category of a user-overridden error, without claiming a root', () => {
    const overridden: FirefoxSecurityInfo = { ...info, overridableErrorCategory: 'expired_or_not_yet_valid', certificates: [] };
    const tls = firefoxTls(overridden, [info.certificates[0]!]);
    expect(tls.overriddenError).toBe('expired_or_not_yet_valid');
    expect(tls.certificates).toHaveLength(1);
    expect(tls.certificates[0]?.subjectCN).toBe('secure.test');
    expect(tls.rootBuiltIn).toBeUndefined();
  });

  it('marks TLS as unavailable when Firefox returned nothing, and cached when from cache', () => {
    expect(firefoxReport(fixture.details, 1, undefined).tlsUnknown).toBe('unavailable');
    expect(firefoxReport({ ...fixture.details, fromCache: true }, 1, undefined).tlsUnknown).toBe('cached');
  });

  it('reads a proxy and HTTP/2 status lines', () => {
    const report = firefoxReport(
      { ...fixture.details, statusLine: 'HTTP/2.0 200 OK', proxyInfo: { type: 'socks', host: 'proxy.test', port: 1080, proxyDNS: true } },
      1,
      info,
    );
    expect(report.httpVersion).toBe('HTTP/2');
    expect(report.proxy).toEqual({ type: 'socks', host: 'proxy.test', port: 1080, proxyDns: true });
  });

  it('flags certificate errors from onErrorOccurred', () => {
    const report = firefoxReport({ ...fixture.details, error: 'SEC_ERROR_EXPIRED_CERTIFICATE' }, 1);
    expect(report.errorKind).toBe('cert-expired');
    expect(report.tlsUnknown).toBeUndefined();
  });

  it('does not invent TLS for plain HTTP', () => {
    const report = firefoxReport({ ...fixture.details, url: 'http://plain.test/' }, 1, { state: 'insecure', certificates: [] });
    expect(report.scheme).toBe('http');
    expect(report.tls).toBeUndefined();
    expect(report.tlsUnknown).toBeUndefined();
  });
});

describe('Firefox certificate errors', () => {
  it('reads NSS’s localized sentence on HTTPS as a certificate error, and NS_ codes as network errors', async () => {
    const { firefoxErrorKind } = await import('@/lib/engines/firefox');
    expect(firefoxErrorKind('Peer’s Certificate has expired.', true)).toBe('cert-other');
    expect(firefoxErrorKind('Der Zertifikatsaussteller ist unbekannt.', true)).toBe('cert-other');
    expect(firefoxErrorKind('NS_ERROR_CONNECTION_REFUSED', true)).toBe('network');
    expect(firefoxErrorKind('NS_BINDING_ABORTED', true)).toBe('aborted');
    expect(firefoxErrorKind('NS_ERROR_ABORT', false)).toBe('aborted');
    expect(firefoxErrorKind('Peer’s Certificate has expired.', false)).toBe('network');
  });

  // The names Firefox gives its certificate errors (tests/e2e/harness.e2e.ts) and NSS's others.
  it.each([
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'cert-expired'],
    ['MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE', 'cert-expired'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'cert-untrusted'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'cert-untrusted'],
    ['MOZILLA_PKIX_ERROR_MITM_DETECTED', 'cert-untrusted'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'cert-name'],
    ['SEC_ERROR_REVOKED_CERTIFICATE', 'cert-revoked'],
    ['SEC_ERROR_BAD_DER', 'cert-other'],
    ['SSL_ERROR_NO_CYPHER_OVERLAP', 'tls-protocol'],
    ['NS_ERROR_NET_INADEQUATE_SECURITY', 'tls-protocol'],
  ])('%s is %s', async (error, kind) => {
    const { firefoxErrorKind } = await import('@/lib/engines/firefox');
    expect(firefoxErrorKind(error, true)).toBe(kind);
  });
});
