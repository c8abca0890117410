/**
 * The engine adapters on what the real browsers handed over (tests/fixtures/engines/recorded/,
 * recorded by `npm run record-fixtures` from the matrix's sites; each file names its date and
 * browser version). Every value the adapters produce is checked against the recording itself
 * (the fingerprint against the DER's own SHA-256, the group against the engine's spelling), so a
 * re-recording with other keys or another browser version tests the same things. The page cases
 * (whole loads with the page probe) are replayed into tab states in tests/unit/report/recorded-pages.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import ff from '../../fixtures/engines/recorded/firefox.json';
import cdp from '../../fixtures/engines/recorded/chromium-cdp.json';
import wr from '../../fixtures/engines/recorded/chromium-webrequest.json';
import si from '../../fixtures/engines/recorded/chromium-security-info.json';
import { chromiumErrorKind, chromiumReport } from '@/lib/engines/chromium';
import { chromiumInspectedTls, inspectedResponseFacts } from '@/lib/engines/chromium-inspect';
import { firefoxErrorKind, firefoxReport, type FirefoxCertificate, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { blockedBySecurity } from '@/lib/report/error-kinds';
import { verdict } from '@/lib/report/verdict';
import { probeResult } from '@/lib/page/inject';
import { newPage } from '@/lib/state/tracker';
import { pageCase, pageEvent, pagesRecorded } from '../report/recorded-pages';

const colonHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').toUpperCase().match(/../g)!.join(':');
type Rec<T> = Record<string, T>;

describe(`Firefox (${ff.browser}, recorded ${ff.recorded})`, () => {
  const recs = ff.recordings as unknown as Rec<{
    details?: Parameters<typeof firefoxReport>[0];
    securityInfo?: FirefoxSecurityInfo;
    leafOnly?: { certificates: FirefoxCertificate[] };
    error?: { url: string; error: string };
  }>;
  const loaded = Object.entries(recs).filter(([, r]) => r.details && r.securityInfo);

  it.each(loaded)('%s: the report carries what getSecurityInfo said, certificates fingerprinted as their DER', (_id, r) => {
    const report = firefoxReport(r.details!, 1, r.securityInfo, r.leafOnly?.certificates);
    const info = r.securityInfo!;
    expect(report.ip).toBe('198.18.0.2');
    if (info.state === 'insecure') {
      expect(report.scheme).toBe('http');
      return;
    }
    expect(report.tls?.protocol).toBe(info.protocolVersion);
    expect(report.tls?.cipher).toBe(info.cipherSuite);
    expect(report.tls?.group).toBe(info.keaGroupName);
    const chain = info.certificates?.length ? info.certificates : (r.leafOnly?.certificates ?? []);
    expect(report.tls?.certificates).toHaveLength(chain.length);
    chain.forEach((c, i) => expect(report.tls!.certificates[i]!.sha256).toBe(colonHex(Uint8Array.from(c.rawDER as number[]))));
    // The test root is not built in: Firefox says so on the last certificate.
    if (info.certificates?.length) expect(report.tls?.rootBuiltIn).toBe(false);
  });

  it('post-quantum: Firefox spells the group mlkem768x25519, and the verdict names it', () => {
    const r = recs['post-quantum']!;
    expect(r.securityInfo!.keaGroupName).toBe('mlkem768x25519');
    const report = firefoxReport(r.details!, 1, r.securityInfo);
    expect(verdict({ tabId: 1, url: report.url, main: report, mixed: [] } as never).reasons.map((x) => x.key)).toContain(
      'reason_kx_post_quantum',
    );
  });

  it('an overridden error: an empty chain with the category, the leaf from rawDER alone', () => {
    const r = recs['overridden']!;
    expect(r.securityInfo!.certificates).toEqual([]);
    const report = firefoxReport(r.details!, 1, r.securityInfo, r.leafOnly!.certificates);
    expect(report.tls?.overriddenError).toBe('expired_or_not_yet_valid');
    expect(report.tls?.certificates).toHaveLength(1);
  });

  it('a blocked page: onErrorOccurred gives only a localized sentence, which still counts as a certificate error', () => {
    const e = recs['expired']!.error!;
    expect(e.error).not.toMatch(/SEC_ERROR|MOZILLA_PKIX/);
    expect(blockedBySecurity({ errorKind: firefoxErrorKind(e.error, true) })).toBe(true);
  });
});

describe(`Chromium webRequest (${wr.browser}, recorded ${wr.recorded})`, () => {
  const recs = wr.recordings as unknown as Rec<Parameters<typeof chromiumReport>[0] & { error?: string }>;
  it.each(Object.entries(recs))('%s', (id, d) => {
    if (d.error) {
      // ERR_NETWORK_CHANGED: what this machine's network namespace did once; a real recording too.
      if (!/NETWORK_CHANGED/.test(d.error)) expect(blockedBySecurity({ errorKind: chromiumErrorKind(d.error) }), id).toBe(true);
      return;
    }
    const report = chromiumReport(d, 1);
    expect(report.ip).toBe('198.18.0.2');
    // Chromium writes HTTP/1.1 in the status line even for HTTP/2 (the page's timing says h2).
    expect(d.statusLine).toMatch(/^HTTP\/1\.1 200/);
    expect(report.tls).toBeUndefined();
  });
});

describe(`Chromium DevTools protocol, what Inspect reads (${cdp.browser}, recorded ${cdp.recorded})`, () => {
  const recs = cdp.recordings as unknown as Rec<{
    response?: Parameters<typeof inspectedResponseFacts>[0] & { securityDetails?: Parameters<typeof chromiumInspectedTls>[0] };
    certificate?: { tableNames: string[] } | null;
  }>;
  const tls = Object.entries(recs).filter(([, r]) => r.response?.securityDetails);
  it.each(tls)('%s: securityDetails and getCertificate become the inspected TLS facts', (_id, r) => {
    const details = r.response!.securityDetails!;
    const chain = r.certificate!.tableNames;
    const prints = chain.map((b64) => colonHex(Buffer.from(b64, 'base64')));
    const t = chromiumInspectedTls(details, chain, prints, 1);
    expect(t.protocol).toBe(details.protocol!.replace('TLS ', 'TLSv'));
    expect(t.group).toBe(details.keyExchangeGroup);
    expect(t.certificates.map((c) => c.sha256)).toEqual(prints);
    expect(t.certificates[0]!.notAfter).toBe(details.validTo! * 1000);
    expect(inspectedResponseFacts(r.response!).ip).toBe('198.18.0.2');
  });
  it('HTTP/2 and post-quantum as Chromium spells them', () => {
    expect(inspectedResponseFacts(recs['http2']!.response!).httpVersion).toBe('HTTP/2');
    expect(recs['post-quantum']!.response!.securityDetails!.keyExchangeGroup).toBe('X25519MLKEM768');
  });
});

describe(`Chromium securityInfo, WebRequestSecurityInfo on (${si.browser}, recorded ${si.recorded})`, () => {
  const recs = si.recordings as unknown as Rec<
    Parameters<typeof chromiumReport>[0] & {
      securityInfo: { state: string; certificates?: { fingerprint: { sha256: string }; rawDER: string }[] };
    }
  >;
  it.each(Object.entries(recs))('%s: the leaf, fingerprinted as its DER', (_id, d) => {
    const report = chromiumReport(d, 1, d.securityInfo as never);
    if (d.securityInfo.state === 'insecure') {
      expect(d.securityInfo.certificates ?? []).toEqual([]);
      return;
    }
    const leaf = d.securityInfo.certificates![0]!;
    expect(d.securityInfo.certificates).toHaveLength(1);
    expect(leaf.fingerprint.sha256).toBe(colonHex(Buffer.from(leaf.rawDER, 'base64')));
    expect(report.tls?.certificates[0]?.sha256).toBe(leaf.fingerprint.sha256);
    expect(report.tls?.source).toBe('chromium-webrequest');
  });
});

describe.each(['firefox', 'chromium'] as const)('%s page cases (tests/fixtures/engines/recorded/*-pages.json)', (engine) => {
  const { browser, recorded } = pagesRecorded(engine);

  it(`the mixed page: no plain-HTTP response reaches webRequest; the page probe finds all three (${browser}, ${recorded})`, () => {
    const load = pageCase(engine, 'mixed').loads[0]!;
    // The http:// script is blocked before any request; the http:// image is upgraded to https://.
    const responded = load.events.filter((e) => /^on(HeadersReceived|ResponseStarted|Completed)$/.test(e.event));
    expect(responded.length).toBeGreaterThan(0);
    expect(responded.filter((e) => e.details.url.startsWith('http:'))).toEqual([]);
    expect(load.events.some((e) => e.details.type === 'script')).toBe(false);
    expect(load.events.some((e) => e.details.type === 'image' && e.details.url.startsWith('https://plain.test'))).toBe(true);
    const probe = probeResult(load.probe.result);
    expect(probe?.mixed.map((m) => m.kind).sort()).toEqual(['form', 'subresource', 'upgraded']);
    expect(probe?.mixed.every((m) => m.url.startsWith('http://plain.test'))).toBe(true);
  });

  it('the cached page: the second load is a cache hit', () => {
    const [first, hit] = [0, 1].map((i) => pageEvent(engine, 'cached', i, 'onResponseStarted').details);
    expect(first?.fromCache).toBe(false);
    expect(hit?.fromCache).toBe(true);
  });

  it('plain HTTP on localhost: the loopback address', () => {
    const d = pageEvent(engine, 'localhost-http', 0, 'onResponseStarted').details;
    expect(d.ip).toBe('127.0.0.1');
    const report = engine === 'firefox' ? firefoxReport(d, 1) : chromiumReport(d, 1);
    expect(report).toMatchObject({ scheme: 'http', host: 'localhost', ip: '127.0.0.1' });
    expect(verdict(newPage(d.tabId, report)).kind).toBe('local');
  });
});
