/**
 * The Chromium adapter on what Chromium 156 really handed over (tests/fixtures/engines/recorded/:
 * webRequest details, the DevTools protocol's securityDetails and getCertificate, and
 * securityInfo with WebRequestSecurityInfo on), with the recorded values asserted. Where a test
 * writes or changes an object by hand, the comment says which shape no recording here has.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import wr from '../../fixtures/engines/recorded/chromium-webrequest.json';
import si from '../../fixtures/engines/recorded/chromium-security-info.json';
import { pageEvent } from '../report/recorded-pages';
import {
  addSecurityInfoListener,
  chromiumErrorKind,
  chromiumReport,
  createSecurityInfoJoin,
  SECURITY_INFO_SPEC,
  type ChromiumRequestDetails,
  type ChromiumWebRequestSecurityInfo,
} from '@/lib/engines/chromium';

const details = wr.recordings as unknown as Record<string, ChromiumRequestDetails>;
const withInfo = si.recordings as unknown as Record<string, ChromiumRequestDetails & { securityInfo: { rawDER?: string } & object }>;
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
    // The recorded cache hit (chromium-pages.json): an address, no security info.
    const hit = chromiumReport(pageEvent('chromium', 'cached', 1, 'onResponseStarted').details, 1);
    expect(hit).toMatchObject({ fromCache: true, ip: '198.18.0.2', tlsUnknown: 'cached' });
    expect(hit.tls).toBeUndefined();
    // No recording is a refused connection: hand-made.
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

const secure = { state: 'secure', certificates: [{ fingerprint: { sha256: 'AB:CD' } }] };
const main = (requestId: string, url = 'https://secure.test/') => ({ requestId, url, type: 'main_frame' });

describe('addSecurityInfoListener', () => {
  it('asks onHeadersReceived for securityInfo and its DER, main documents only', () => {
    const calls: { filter: unknown; spec?: string[] }[] = [];
    const event = { addListener: (_cb: unknown, filter: unknown, spec?: string[]) => void calls.push({ filter, spec }) };
    expect(addSecurityInfoListener(event, () => undefined)).toBe(true);
    expect(calls).toEqual([{ filter: { urls: ['<all_urls>'], types: ['main_frame'] }, spec: ['securityInfo', 'securityInfoRawDer'] }]);
    expect(SECURITY_INFO_SPEC).toEqual(['securityInfo', 'securityInfoRawDer']);
  });

  it('does without where the browser does not know the options (addListener throws)', () => {
    const event = {
      addListener: () => {
        throw new TypeError('Invalid value for argument 3. Value must be one of: [responseHeaders, extraHeaders]');
      },
    };
    expect(addSecurityInfoListener(event, () => undefined)).toBe(false);
  });
});

describe('createSecurityInfoJoin', () => {
  it("hands the parked info to the same request's response, once", () => {
    const join = createSecurityInfoJoin();
    join.park({ requestId: '7', securityInfo: secure });
    expect(join.take(main('8'), true)).toBeUndefined();
    expect(join.take(main('7'), true)).toBe(secure);
    expect(join.take(main('7'), true)).toBeUndefined();
    expect(join.parked).toBe(0);
  });

  it('keeps the last info of a redirected request (same id)', () => {
    const join = createSecurityInfoJoin();
    const final = { state: 'secure', certificates: [{ fingerprint: { sha256: 'EF' } }] };
    join.park({ requestId: '1', securityInfo: secure });
    join.park({ requestId: '1', securityInfo: final });
    expect(join.take(main('1'), true)).toBe(final);
  });

  it('stays bounded when responses never come', () => {
    const join = createSecurityInfoJoin(3);
    for (let i = 0; i < 10; i++) join.park({ requestId: String(i), securityInfo: secure });
    expect(join.parked).toBe(3);
    expect(join.take(main('0'), true)).toBeUndefined();
    expect(join.take(main('9'), true)).toBe(secure);
  });

  it('detects the feature from events, not from registration', () => {
    const on = createSecurityInfoJoin();
    expect(on.support).toBe('unknown');
    on.park({ requestId: '1', securityInfo: secure });
    expect(on.support).toBe('on');
    // A later response without it (a worker restart in between) does not turn it off.
    on.take(main('2'), true);
    expect(on.support).toBe('on');

    const off = createSecurityInfoJoin();
    // The listener firing without the field (another onHeadersReceived listener exists) proves nothing.
    off.park({ requestId: '1' });
    expect(off.support).toBe('unknown');
    // Neither does a blocked certificate error (no headers ever), a cache hit or plain HTTP.
    off.take(main('1', 'https://expired.test/'), false);
    off.take({ ...main('2'), fromCache: true }, true);
    off.take(main('3', 'http://plain.test/'), true);
    off.take({ requestId: '4', url: 'https://secure.test/a.png', type: 'image' }, true);
    expect(off.support).toBe('unknown');
    // An HTTPS document that reached onResponseStarted without securityInfo does.
    off.take(main('5'), true);
    expect(off.support).toBe('off');
    off.park({ requestId: '6', securityInfo: secure });
    expect(off.support).toBe('on');
  });
});
