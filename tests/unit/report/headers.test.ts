import { describe, expect, it } from 'vitest';
import { altSvcOffersH3, parseHsts, securityHeaders } from '@/lib/report/headers';

describe('parseHsts', () => {
  it('reads max-age, includeSubDomains and preload in any case and order', () => {
    expect(parseHsts('max-age=31536000; includeSubDomains; preload')).toEqual({ maxAge: 31536000, includeSubDomains: true, preload: true });
    expect(parseHsts('Preload;MAX-AGE="600"')).toEqual({ maxAge: 600, includeSubDomains: false, preload: true });
    expect(parseHsts('max-age=0')).toEqual({ maxAge: 0, includeSubDomains: false, preload: false });
    expect(parseHsts('max-age=60; unknown-directive=1')).toEqual({ maxAge: 60, includeSubDomains: false, preload: false });
  });

  it('calls invalid headers malformed (browsers ignore them)', () => {
    for (const bad of ['', 'includeSubDomains', 'max-age', 'max-age=-1', 'max-age=1e3', 'max-age=5; max-age=6', 'max-age=abc']) {
      expect(parseHsts(bad), bad).toBe('malformed');
    }
  });
});

describe('altSvcOffersH3', () => {
  it('counts h3, not drafts or other protocols', () => {
    expect(altSvcOffersH3('h3=":443"; ma=86400, h3-29=":443"')).toBe(true);
    expect(altSvcOffersH3('h2=":443", H3=":8443"')).toBe(true);
    expect(altSvcOffersH3('h3-29=":443"')).toBe(false);
    expect(altSvcOffersH3('clear')).toBe(false);
  });
});

describe('securityHeaders', () => {
  it('takes the first HSTS header, over HTTPS only', () => {
    const headers = [
      { name: 'strict-transport-security', value: 'max-age=10' },
      { name: 'Strict-Transport-Security', value: 'max-age=20' },
    ];
    expect(securityHeaders(headers, 'https')).toEqual({ hsts: { maxAge: 10, includeSubDomains: false, preload: false }, h3Offered: false });
    expect(securityHeaders(headers, 'http')).toEqual({ h3Offered: false });
  });

  it('says "none sent" only when there was a header list to read', () => {
    expect(securityHeaders([{ name: 'content-type', value: 'text/html' }], 'https')).toEqual({ h3Offered: false });
    expect(securityHeaders(undefined, 'https')).toBeUndefined();
    expect(securityHeaders([{ name: 'strict-transport-security', value: 'nonsense' }], 'https')).toEqual({
      hstsMalformed: true,
      h3Offered: false,
    });
  });
});
