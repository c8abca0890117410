import { describe, expect, it } from 'vitest';
import { outsideChecks, sha256Hex } from '../../../lib/popup/outside-checks';
import { loadReport } from '../report/fixtures';
import { firefoxRecording } from '../report/recorded-states';

describe('outside checks (crt.sh, SSL Labs)', () => {
  // Built from the recorded Firefox response of secure.test over TLS 1.3 (a test address).
  const report = loadReport('firefox-tls13-test-ca');
  const leafPrint = firefoxRecording('tls13').securityInfo.certificates[0]!.fingerprint!.sha256!;

  it('links crt.sh by the leaf SHA-256 and SSL Labs by host for a public HTTPS site', () => {
    const main = { ...report, host: 'bank.example.com', ip: '93.184.216.34' };
    expect(outsideChecks(main)).toEqual({
      crtsh: `https://crt.sh/?q=${leafPrint.replaceAll(':', '').toLowerCase()}`,
      ssllabs: 'https://www.ssllabs.com/ssltest/analyze.html?d=bank.example.com',
    });
  });

  it('no crt.sh link without a real fingerprint; nothing on plain HTTP, local hosts, IPs or errors', () => {
    const pub = { ...report, host: 'bank.example.com', ip: '93.184.216.34' };
    const leaf = report.tls!.certificates[0]!;
    const shortened = { ...pub, tls: { ...report.tls!, certificates: [{ ...leaf, sha256: '9A:5B:00:11' }] } };
    expect(outsideChecks(shortened).crtsh).toBeUndefined();
    expect(outsideChecks({ ...pub, scheme: 'http' })).toEqual({});
    expect(outsideChecks({ ...pub, host: 'localhost' })).toEqual({});
    expect(outsideChecks({ ...pub, host: 'router.example', ip: '192.168.1.1' })).toEqual({});
    expect(outsideChecks({ ...pub, host: '93.184.216.34' })).toEqual({});
    expect(outsideChecks({ ...pub, error: 'net::ERR_CERT_DATE_INVALID' })).toEqual({});
    expect(outsideChecks(undefined)).toEqual({});
    expect(sha256Hex('zz')).toBeUndefined();
  });
});
