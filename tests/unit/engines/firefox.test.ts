/**
 * The Firefox adapter on what Firefox 153 really handed over (tests/fixtures/engines/recorded/
 * firefox.json, from the matrix's sites): concrete values from the recording, so a change in
 * the adapter or a re-recording that changes them shows up here. Where a test changes a
 * recorded object, the comment says why: the shape is one no recording here has (a proxy, a
 * built-in root) or one no current Firefox gives (an NSS code instead of its sentence, a cache
 * hit without security info). The cache hit is the page case of firefox-pages.json.
 */
import recorded from '../../fixtures/engines/recorded/firefox.json';
import { describe, expect, it, vi } from 'vitest';
import { pageEvent } from '../report/recorded-pages';
import {
  createDeferQueue,
  listenFirefox,
  firefoxErrorKind,
  firefoxReport,
  firefoxTls,
  type FirefoxCertificate,
  type FirefoxRequestDetails,
  type Details,
  type FirefoxSecurityInfo,
} from '@/lib/engines/firefox';
import type { PageTracker, TabStore } from '@/lib/state/tracker';
import { fakeRelay } from './fake-relay';

type Recording = { details: FirefoxRequestDetails; securityInfo: FirefoxSecurityInfo; leafOnly?: { certificates: FirefoxCertificate[] } };
const recs = recorded.recordings as unknown as Record<string, Recording> & { expired: { error: FirefoxRequestDetails } };
const tls13 = recs['tls13']!;

describe(`firefoxReport (${recorded.browser}, recorded ${recorded.recorded})`, () => {
  it('carries the security info of a TLS 1.3 page into the report', () => {
    const report = firefoxReport(tls13.details, 1000, tls13.securityInfo);
    expect(report).toMatchObject({
      engine: 'firefox',
      host: 'secure.test',
      port: 8443,
      scheme: 'https',
      ip: '198.18.0.2',
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
    const [leaf, intermediate, root] = report.tls!.certificates;
    expect(report.tls!.certificates).toHaveLength(3);
    expect(leaf).toMatchObject({
      subjectCN: 'secure.test',
      subjectOrg: 'Onlooker Test Sites',
      issuerCN: 'Onlooker Test Intermediate CA',
      sha256: '31:E0:B5:01:EB:81:A0:FA:89:24:A5:B3:C7:30:BE:EC:D5:60:79:96:D4:CA:D4:6E:4E:E4:58:C6:00:2A:DE:0F',
      notAfter: 1804059680000,
      spkiSha256: 'bXLL2oFzs+Nw67ApPHMFzVAGyAUZuYDSI9c1bspzQ80=',
    });
    // rawDER (917 bytes) becomes the base64 DER the certificate viewer parses.
    expect(Buffer.from(leaf!.der!, 'base64')).toHaveLength(917);
    expect(leaf!.der!.startsWith('MII')).toBe(true);
    expect(intermediate?.subjectCN).toBe('Onlooker Test Intermediate CA');
    expect(root).toMatchObject({ subjectCN: 'Onlooker Test Root CA', isBuiltInRoot: false });
  });

  it('says a built-in root is built in', () => {
    // The recording's root is the test CA; a public site's root (isBuiltInRoot: true) cannot be
    // recorded offline, so the flag is set by hand on the recorded chain.
    const builtIn = structuredClone(tls13.securityInfo);
    builtIn.certificates.at(-1)!.isBuiltInRoot = true;
    expect(firefoxTls(builtIn).rootBuiltIn).toBe(true);
  });

  it('keeps the leaf and the category of a user-overridden error, without claiming a root', () => {
    const { details, securityInfo, leafOnly } = recs['overridden']!;
    // Firefox 153 gives an empty chain for an overridden page; the leaf comes from a second call.
    expect(securityInfo.certificates).toEqual([]);
    const tls = firefoxTls(securityInfo, leafOnly!.certificates);
    expect(tls.overriddenError).toBe('expired_or_not_yet_valid');
    expect(tls.certificates).toHaveLength(1);
    expect(tls.certificates[0]?.subjectCN).toBe('overridden.test');
    expect(tls.rootBuiltIn).toBeUndefined();
    expect(firefoxReport(details, 1, securityInfo, leafOnly!.certificates).host).toBe('overridden.test');
  });

  it('marks TLS as unavailable when Firefox returned nothing, and cached when from cache', () => {
    expect(firefoxReport(tls13.details, 1, undefined).tlsUnknown).toBe('unavailable');
    // The recorded cache hit, with getSecurityInfo's answer left out: Firefox 153 gave one (next test).
    const hit = pageEvent('firefox', 'cached', 1, 'onHeadersReceived');
    expect(firefoxReport(hit.details, 1, undefined).tlsUnknown).toBe('cached');
  });

  it('a cache hit: Firefox gives the whole security info stored with the cached response, and no address', () => {
    const first = pageEvent('firefox', 'cached', 0, 'onHeadersReceived');
    const hit = pageEvent('firefox', 'cached', 1, 'onHeadersReceived');
    expect(hit.details).toMatchObject({ fromCache: true, ip: null });
    const report = firefoxReport(hit.details, 1, hit.securityInfo!);
    expect(report).toMatchObject({ fromCache: true, tls: { protocol: 'TLSv1.3' } });
    expect(report.ip).toBeUndefined();
    expect(report.tlsUnknown).toBeUndefined();
    // The same certificates as the load that filled the cache.
    expect(report.tls?.certificates.map((c) => c.sha256)).toEqual(
      firefoxReport(first.details, 1, first.securityInfo!).tls?.certificates.map((c) => c.sha256),
    );
    expect(report.tls?.certificates).toHaveLength(3);
  });

  it('reads the HTTP/2 status line Firefox writes ("HTTP/2.0 200 ", no reason phrase)', () => {
    const { details, securityInfo } = recs['http2']!;
    expect(details.statusLine).toBe('HTTP/2.0 200 ');
    expect(firefoxReport(details, 1, securityInfo).httpVersion).toBe('HTTP/2');
  });

  it('reads a proxy', () => {
    // The matrix has no proxy: proxyInfo is hand-written in the shape Firefox documents.
    const report = firefoxReport(
      { ...tls13.details, proxyInfo: { type: 'socks', host: 'proxy.test', port: 1080, proxyDNS: true } },
      1,
      tls13.securityInfo,
    );
    expect(report.proxy).toEqual({ type: 'socks', host: 'proxy.test', port: 1080, proxyDns: true });
  });

  it('flags a blocked page from the sentence onErrorOccurred gives, without naming a cause it was not told', () => {
    const report = firefoxReport(recs.expired.error, 1);
    expect(report.error).toBe('Peer’s Certificate has expired.');
    expect(report.errorKind).toBe('secure-connection-failed');
    expect(report.tlsUnknown).toBeUndefined();
    expect(report.tls).toBeUndefined();
  });

  it('keeps the exact kind when the error is an NSS code', () => {
    // Firefox 153's webRequest gives the sentence (above); the code is what its error pages and
    // automation say, kept in case a version hands it over. Hand-made on the recorded details.
    const report = firefoxReport({ ...recs.expired.error, error: 'SEC_ERROR_EXPIRED_CERTIFICATE' }, 1);
    expect(report.errorKind).toBe('cert-expired');
  });

  it('does not invent TLS for plain HTTP', () => {
    const { details, securityInfo } = recs['http-login']!;
    expect(securityInfo).toEqual({ state: 'insecure' });
    const report = firefoxReport(details, 1, securityInfo);
    expect(report).toMatchObject({ scheme: 'http', host: 'plain.test', ip: '198.18.0.2' });
    expect(report.tls).toBeUndefined();
    expect(report.tlsUnknown).toBeUndefined();
  });
});

describe('Firefox error strings', () => {
  it('reads NSS’s localized sentence on HTTPS as a refused secure connection, and NS_ codes as network errors', () => {
    // The recorded sentence, and hand-written ones: a protocol refusal (what tls10.test gives,
    // tests/fixtures/matrix.mjs) and a German one (the sentence follows the browser's language).
    expect(firefoxErrorKind(recs.expired.error.error!, true)).toBe('secure-connection-failed');
    expect(firefoxErrorKind('Peer reports incompatible or unsupported protocol version.', true)).toBe('secure-connection-failed');
    expect(firefoxErrorKind('Der Zertifikatsaussteller ist unbekannt.', true)).toBe('secure-connection-failed');
    expect(firefoxErrorKind('NS_ERROR_CONNECTION_REFUSED', true)).toBe('network');
    expect(firefoxErrorKind('NS_BINDING_ABORTED', true)).toBe('aborted');
    expect(firefoxErrorKind('NS_ERROR_ABORT', false)).toBe('aborted');
    expect(firefoxErrorKind('Peer’s Certificate has expired.', false)).toBe('network');
  });

  // NSS's codes (what Firefox's error pages name; tests/e2e/harness.e2e.ts), hand-written: no
  // current Firefox hands them to webRequest, but a code, when given, keeps its exact kind.
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
    // SSL_ERROR_ names certificate alerts and handshake failures alike.
    ['SSL_ERROR_RX_MALFORMED_HANDSHAKE', 'secure-connection-failed'],
  ])('%s is %s', (error, kind) => {
    expect(firefoxErrorKind(error, true)).toBe(kind);
  });
});

const details = (requestId: string, tabId = 1): Details =>
  ({ requestId, tabId, url: 'https://secure.test/', type: 'main_frame', statusCode: 200 }) as Details;

describe('createDeferQueue', () => {
  it('runs deferred work in arrival order in one later task, or at once on drain()', () => {
    const tasks: (() => void)[] = [];
    const queue = createDeferQueue((run) => void tasks.push(run));
    const ran: number[] = [];
    queue.defer(() => ran.push(1));
    queue.defer(() => ran.push(2));
    expect(tasks).toHaveLength(1);
    expect(queue.pending).toBe(2);
    queue.drain();
    expect(ran).toEqual([1, 2]);
    tasks[0]!(); // the scheduled task finds nothing left
    expect(ran).toEqual([1, 2]);
    queue.defer(() => ran.push(3));
    expect(tasks).toHaveLength(2);
  });
});

describe("listenFirefox on the gate's relay", () => {
  it("hands a security answer to the tracker only in a later task, and before the frame's commit", async () => {
    const relay = fakeRelay();
    const tracker = { mainResponse: vi.fn(), subresource: vi.fn(), securityHeaders: vi.fn() };
    const store = { loaded: true, ready: Promise.resolve() };
    listenFirefox(store as unknown as TabStore, tracker as unknown as PageTracker, () => 5, relay.relay);
    relay.answer(details('7'), { info: { state: 'secure', certificates: [] } });
    expect(tracker.mainResponse).not.toHaveBeenCalled(); // the browser has its answer before any of our work runs
    relay.emit('webNavigation.onCommitted', { tabId: 1, frameId: 0 });
    expect(tracker.mainResponse).toHaveBeenCalledTimes(1);
    expect(tracker.mainResponse.mock.calls[0]![1]).toMatchObject({
      host: 'secure.test',
      time: 5,
      tls: { source: 'firefox-security-info' },
    });
  });
});
