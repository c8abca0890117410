import { describe, expect, it } from 'vitest';
import { chainToPem, pemFileName, toPem } from '../../../lib/cert/pem';
import { daysLeft, validityState } from '../../../lib/cert/validity';
import { DAY, b64, ecKeys, makeRoot, x509 } from './fixtures';

describe('PEM export', () => {
  it('wraps at 64 columns and round-trips through x509', async () => {
    const cert = await makeRoot('CN=PEM Test', await ecKeys());
    const pem = toPem(b64(cert));
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64)).toBe(true);
    expect(pem.endsWith('\n')).toBe(true);
    expect(new x509.X509Certificate(pem).subject).toBe('CN=PEM Test');
  });

  it('ignores whitespace in the input and concatenates chains in order', () => {
    expect(toPem('QUJD\nREVG')).toBe('-----BEGIN CERTIFICATE-----\nQUJDREVG\n-----END CERTIFICATE-----\n');
    const chain = chainToPem(['QUJD', 'REVG']);
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(chain.indexOf('QUJD')).toBeLessThan(chain.indexOf('REVG'));
  });

  it('derives a safe file name from a hostile CN', () => {
    expect(pemFileName('secure.test')).toBe('secure.test.pem');
    expect(pemFileName('*.example.com')).toBe('wildcard.example.com.pem');
    expect(pemFileName('../../etc/passwd')).toBe('etc_passwd.pem');
    expect(pemFileName('evil\u202Egnp.exe')).toBe('evil_gnp.exe.pem');
    expect(pemFileName('<img src=x>')).toBe('img_src_x_.pem');
    expect(pemFileName(undefined)).toBe('certificate.pem');
    expect(pemFileName('x'.repeat(500))).toHaveLength(64 + 4);
  });
});

describe('validity helpers', () => {
  const now = Date.UTC(2026, 5, 1);
  it('counts whole days left, negative once expired', () => {
    expect(daysLeft(now + 10 * DAY + 5, now)).toBe(10);
    expect(daysLeft(now + DAY - 1, now)).toBe(0);
    expect(daysLeft(now - 1, now)).toBe(-1);
  });
  it('classifies the validity period', () => {
    expect(validityState(now + 1, now + 90 * DAY, now)).toBe('not-yet-valid');
    expect(validityState(now - DAY, now + 90 * DAY, now)).toBe('valid');
    expect(validityState(now - DAY, now + 13 * DAY, now)).toBe('expiring');
    expect(validityState(now - 90 * DAY, now - 1, now)).toBe('expired');
  });
});
