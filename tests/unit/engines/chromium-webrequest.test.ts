/**
 * The Chromium adapter on the `securityInfo` objects Chromium 156 really sent (recorded by
 * tests/e2e/chromium-securityinfo.e2e.ts; see the fixture's "recorded" line).
 */
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/engines/chromium-webrequest-security-info.json';
import { chromiumReport, type ChromiumWebRequestSecurityInfo } from '@/lib/engines/chromium';
import { leafCertFacts, spkiSha256 } from '@/lib/engines/chromium-inspect';
import { base64ToBytes, sha256ColonHex } from '@/lib/bytes';
import { reportVerdict } from '@/lib/report/verdict';

/** The recorded object as the listener gets it: rawDER an ArrayBuffer, not the fixture's base64. */
function asDelivered(info: typeof fixture.secure): ChromiumWebRequestSecurityInfo {
  return {
    state: info.state,
    certificates: info.certificates.map((c) => ({ fingerprint: c.fingerprint, rawDER: base64ToBytes(c.rawDER)!.buffer })),
  };
}

describe('chromiumReport on recorded securityInfo', () => {
  it('"secure": the leaf with Chromium\'s own fingerprint, which is the DER\'s SHA-256', async () => {
    const report = chromiumReport(
      { url: 'https://secure.test:8443/', tabId: 3, type: 'main_frame', ip: '127.0.0.1' },
      1,
      asDelivered(fixture.secure),
    );
    const leaf = report.tls!.certificates[0]!;
    expect(report.tls).toMatchObject({ source: 'chromium-webrequest' });
    expect(report.tls!.overriddenError).toBeUndefined();
    expect(leaf.sha256).toBe(fixture.secure.certificates[0]!.fingerprint.sha256);
    expect(leaf.der).toBe(fixture.secure.certificates[0]!.rawDER);
    expect(await sha256ColonHex(leaf.der!)).toBe(leaf.sha256);
  });

  it("the leaf's names, validity and key are readable from its DER", async () => {
    const facts = await leafCertFacts(fixture.secure.certificates[0]!.rawDER);
    expect(facts).toMatchObject({ subjectCN: 'secure.test', publicKeyAlgorithm: expect.any(String) });
    expect(facts!.issuerOrg ?? facts!.issuerCN).toBeTruthy();
    expect(facts!.notAfter).toBeGreaterThan(facts!.notBefore!);
    expect(facts!.sans).toContain('secure.test');
    expect(facts!.spkiSha256).toBe(await spkiSha256(fixture.secure.certificates[0]!.rawDER));
    expect(facts!.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('"broken" (a warning clicked through): overridden, of a category Chromium does not name', () => {
    const report = chromiumReport(
      { url: 'https://expired.test:8443/', tabId: 3, type: 'main_frame', ip: '127.0.0.1' },
      1,
      asDelivered(fixture.broken),
    );
    expect(report.tls!.overriddenError).toBe('unknown');
    expect(report.tls!.certificates[0]!.sha256).toBe(fixture.broken.certificates[0]!.fingerprint.sha256);
    expect(reportVerdict(report, {}, { localAsRemote: true }).kind).toBe('overridden');
  });

  it('a state without a certificate ("insecure") gives no TLS block', () => {
    const report = chromiumReport({ url: 'https://secure.test/', tabId: 3, type: 'main_frame' }, 1, { state: 'insecure' });
    expect(report.tls).toBeUndefined();
    expect(report.tlsUnknown).toBe('not-inspected');
  });
});
