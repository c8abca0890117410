import { describe, expect, it } from 'vitest';
import { reportVerdict, verdict } from '@/lib/report/verdict';
import type { ConnectionReport, TabState, TlsInfo } from '@/lib/report/types';
import { keys, loadReport, loadState, loadTls } from './fixtures';
import { chromiumLiveReport } from './recorded-states';

/** The fixture report with TLS fields replaced. */
function withTls(name: string, patch: Partial<TlsInfo>): ConnectionReport {
  const report = loadReport(name);
  return { ...report, tls: { ...loadTls(name), ...patch } };
}

describe('verdict on the captured fixtures', () => {
  it('Firefox TLS 1.3 to a test CA reads custom-root, says "possible interception", names the root', () => {
    const v = verdict(loadState('firefox-tls13-test-ca'));
    expect(v.kind).toBe('custom-root');
    expect(v.reasons[0]).toEqual({ key: 'reason_custom_root', params: ['Onlooker Test Root CA'] });
    // Recorded on a public-looking test address (198.18.0.0/15): nothing local to say.
    expect(keys(v.reasons)).not.toContain('reason_local_loopback');
    expect(keys(v.reasons)).toContain('reason_tls_ok');
  });

  it('TLS 1.2 with a CBC suite is weak, with the suite named', () => {
    // The recording is chained to the test root, a custom root; here it stands as a built-in one,
    // so the verdict is about the suite alone.
    const state = loadState('firefox-tls12-cbc');
    const tls = state.main!.tls!;
    const root = tls.certificates!.at(-1)!;
    expect(tls.rootBuiltIn).toBe(false);
    tls.rootBuiltIn = true;
    const v = verdict(state);
    expect(v.kind).toBe('weak');
    expect(tls.cipher).toMatch(/_CBC_/);
    expect(v.reasons[0]).toEqual({ key: 'reason_cipher_cbc', params: [tls.cipher] });
    // Positive summary dropped on weak; the built-in root is still said.
    expect(keys(v.reasons)).not.toContain('reason_tls_ok');
    expect(v.reasons).toContainEqual({ key: 'reason_root_built_in', params: [root.subjectCN] });
  });

  it('Chromium inspected: secure, but says the root cannot be checked, and notes post-quantum', () => {
    const state = loadState('chromium-inspected');
    const tls = state.main!.tls!;
    // As recorded: pq.test, TLS 1.3 with an ML-KEM hybrid; Chromium's debugger says nothing of the root.
    expect(tls.protocol).toBe('TLSv1.3');
    expect(tls.group).toMatch(/MLKEM/);
    const v = verdict(state);
    expect(v.kind).toBe('secure');
    expect(v.reasons).toEqual([
      { key: 'reason_tls_ok', params: ['TLS 1.3'] },
      { key: 'reason_cipher_ok', params: [tls.cipher] },
      { key: 'reason_root_unknown' },
      { key: 'reason_kx_post_quantum', params: [tls.group] },
    ]);
  });

  it('Chromium not inspected: unknown because not inspected', () => {
    expect(verdict(loadState('chromium-uninspected'))).toEqual({
      kind: 'unknown',
      reasons: [{ key: 'reason_tls_not_inspected' }],
    });
  });

  it('Chromium cache hit: unknown because cached (no security info comes with it)', () => {
    expect(verdict(loadState('chromium-cached'))).toEqual({ kind: 'unknown', reasons: [{ key: 'reason_tls_cached' }] });
  });

  it('Firefox cache hit: judged on the security info stored with the cached response, as the first load was', () => {
    const cached = loadState('firefox-cached');
    // As recorded: Firefox hands over the whole getSecurityInfo on a cache hit, but no address.
    expect(cached.main).toMatchObject({ fromCache: true, tls: { protocol: 'TLSv1.3' } });
    expect(cached.main!.ip).toBeUndefined();
    expect(verdict(cached)).toEqual(verdict(loadState('firefox-tls13-test-ca')));
    expect(verdict(cached).kind).toBe('custom-root');
  });

  it('plain HTTP to a public host is http', () => {
    const state = loadState('plain-http');
    // Recorded on the test sites' benchmarking range (198.18.0.0/15), which Onlooker counts as public.
    expect(state.main!.ip).toMatch(/^198\.1[89]\./);
    expect(verdict(state)).toEqual({ kind: 'http', reasons: [{ key: 'reason_plain_http' }] });
  });

  it('plain HTTP on localhost is local, without the "anyone on the way" warning', () => {
    expect(verdict(loadState('localhost-http'))).toEqual({
      kind: 'local',
      reasons: [{ key: 'reason_local_loopback', params: ['localhost'] }],
    });
  });

  it('plain HTTP to a LAN router is local but says the local network could read it', () => {
    const lan = loadState('lan-router-http');
    // Recorded by its address, 192.168.77.1: the host is the IP.
    expect(lan.main!.host).toMatch(/^192\.168\./);
    expect(verdict(lan)).toEqual({
      kind: 'local',
      reasons: [{ key: 'reason_local_network', params: [lan.main!.host] }, { key: 'reason_local_unencrypted' }],
    });
    // Chromium's recording of the same page is judged the same.
    const chromium = loadState('chromium-lan-router-http');
    expect(chromium.main!.engine).toBe('chromium');
    expect(verdict(chromium)).toEqual(verdict(lan));
  });

  it('overridden expired certificate names the category first', () => {
    const state = loadState('firefox-overridden-expired');
    // As recorded: the leaf alone (Firefox's chain is empty after an override), expired when the page loaded.
    const leaf = state.main!.tls!.certificates[0]!;
    expect(leaf.subjectCN).toBe('overridden.test');
    expect(leaf.notAfter).toBeLessThan(state.main!.time);
    const v = verdict(state);
    expect(v.kind).toBe('overridden');
    expect(v.reasons[0]).toEqual({ key: 'reason_override_expired' });
  });

  it('ERR_CERT_DATE_INVALID is broken: specific reason, then the code', () => {
    const state = loadState('chromium-err-cert');
    // As recorded: Chromium's onErrorOccurred for expired.test, with no address, so nothing local to say.
    expect(state.main!.error).toBe('net::ERR_CERT_DATE_INVALID');
    expect(state.main!.ip).toBeUndefined();
    expect(verdict(state)).toEqual({
      kind: 'broken',
      reasons: [{ key: 'reason_cert_expired' }, { key: 'reason_cert_error', params: [state.main!.error] }],
    });
    // On a loopback address the verdict adds that the page is local, after the error.
    expect(reportVerdict({ ...state.main!, ip: '127.0.0.1' }).reasons.at(-1)).toEqual({
      key: 'reason_local_loopback',
      params: ['127.0.0.1'],
    });
  });

  it('mixed: subresource before form; the upgraded image is only a note', () => {
    const v = verdict(loadState('chromium-mixed'));
    expect(v.kind).toBe('mixed');
    expect(v.reasons.slice(0, 2)).toEqual([
      { key: 'reason_mixed_subresource', params: [1] },
      { key: 'reason_mixed_form', params: [1] },
    ]);
    expect(v.reasons.at(-1)).toEqual({ key: 'reason_mixed_upgraded', params: [1] });
  });

  it('mixed on the test PKI in Firefox: the custom root outranks mixed, which is still listed', () => {
    const v = verdict(loadState('firefox-mixed'));
    expect(v.kind).toBe('custom-root');
    expect(keys(v.reasons)).toEqual(expect.arrayContaining(['reason_custom_root', 'reason_mixed_subresource', 'reason_mixed_form']));
  });

  it('only browser-upgraded media do not make a page mixed', () => {
    const state = loadState('chromium-mixed');
    const upgraded = state.mixed.filter((m) => m.kind === 'upgraded');
    expect(upgraded).toHaveLength(1);
    state.mixed = upgraded;
    const v = verdict(state);
    expect(v.kind).toBe(verdict({ ...state, mixed: [] }).kind);
    expect(v.kind).not.toBe('mixed');
    expect(keys(v.reasons)).toContain('reason_mixed_upgraded');
  });

  it("a proxy on the LAN does not make the site local (the IP is the proxy's)", () => {
    const proxied = loadState('firefox-proxy');
    // Recorded: the IP Firefox gives is the proxy's, a LAN address.
    expect(proxied.main!.ip).toBe(proxied.main!.proxy!.host);
    expect(proxied.main!.ip).toMatch(/^192\.168\./);
    const v = verdict(proxied);
    // Judged as the same page loaded directly: the test PKI's root is not built in.
    expect(v).toEqual(verdict(loadState('firefox-tls13-test-ca')));
    expect(v.kind).toBe('custom-root');
    expect(keys(v.reasons)).not.toContain('reason_local_network');
  });

  it('private DNS does not change the verdict: recorded under Firefox DoH, judged as the same page resolved plainly', () => {
    const doh = loadState('firefox-private-dns');
    expect(doh.main!.tls!.privateDns).toBe(true);
    expect(verdict(doh)).toEqual(verdict(loadState('firefox-tls13-test-ca')));
  });

  it('ECH + built-in root is secure with the Firefox PQ group named canonically', () => {
    const v = verdict(loadState('firefox-ech'));
    expect(v.kind).toBe('secure');
    expect(v.reasons).toEqual([
      { key: 'reason_tls_ok', params: ['TLS 1.3'] },
      { key: 'reason_cipher_ok', params: ['TLS_AES_128_GCM_SHA256'] },
      { key: 'reason_root_built_in', params: ['ISRG Root X1'] },
      { key: 'reason_kx_post_quantum', params: ['X25519MLKEM768'] },
    ]);
  });
});

describe('weak: each rule on its own', () => {
  const base = 'firefox-ech';
  it.each([
    [{ protocol: 'TLSv1.1' }, { key: 'reason_tls_old', params: ['TLS 1.1'] }],
    [
      { protocol: 'TLSv1', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
      { key: 'reason_tls_old', params: ['TLS 1.0'] },
    ],
    [
      { protocol: 'SSLv3', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
      { key: 'reason_tls_old', params: ['SSL 3.0'] },
    ],
    [
      { protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_RC4_128_SHA' },
      { key: 'reason_cipher_rc4', params: ['TLS_RSA_WITH_RC4_128_SHA'] },
    ],
    [
      { protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' },
      { key: 'reason_cipher_3des', params: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] },
    ],
    [
      { protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_NULL_SHA256' },
      { key: 'reason_cipher_null', params: ['TLS_RSA_WITH_NULL_SHA256'] },
    ],
    [
      { protocol: 'TLSv1.2', cipher: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5' },
      { key: 'reason_cipher_export', params: ['TLS_RSA_EXPORT_WITH_RC4_40_MD5'] },
    ],
    [
      { protocol: 'TLSv1.2', cipher: 'TLS_DH_anon_WITH_AES_128_GCM_SHA256' },
      { key: 'reason_cipher_anon', params: ['TLS_DH_anon_WITH_AES_128_GCM_SHA256'] },
    ],
    [{ protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_AES_128_GCM_SHA256' }, { key: 'reason_kx_no_forward_secrecy' }],
    [{ protocol: 'TLSv1.2', cipher: 'AES_128_GCM', keyExchange: 'RSA' }, { key: 'reason_kx_no_forward_secrecy' }],
    [{ secretKeyLength: 56 }, { key: 'reason_secret_key_short', params: [56] }],
    [{ signatureScheme: 'RSA-PKCS1-SHA1' }, { key: 'reason_signature_sha1', params: ['RSA-PKCS1-SHA1'] }],
    [{ signatureScheme: 'ecdsa_sha1' }, { key: 'reason_signature_sha1', params: ['ecdsa_sha1'] }],
    [{ signatureScheme: '0x0101' }, { key: 'reason_signature_md5', params: ['0x0101'] }],
    [{ weaknessReasons: ['cipher'] }, { key: 'reason_browser_weakness', params: ['cipher'] }],
  ] as [Partial<TlsInfo>, { key: string; params?: string[] }][])('%o → %o', (patch, expected) => {
    const v = reportVerdict(withTls(base, patch));
    expect(v.kind).toBe('weak');
    expect(v.reasons[0]).toEqual(expected);
  });

  it('a SHA-1 signed intermediate (from parsed DER) is weak; a SHA-1 self-signed root is not', () => {
    const tls = loadTls(base);
    const [leaf, inter, root] = tls.certificates;
    if (!leaf || !inter || !root) throw new Error('fixture chain');
    const rootOnly = reportVerdict(
      withTls(base, { certificates: [leaf, inter, { ...root, signatureAlgorithm: 'sha1WithRSAEncryption' }] }),
    );
    expect(rootOnly.kind).toBe('secure');
    const bad = reportVerdict(withTls(base, { certificates: [leaf, { ...inter, signatureAlgorithm: 'sha1WithRSAEncryption' }, root] }));
    expect(bad.kind).toBe('weak');
    expect(bad.reasons[0]).toEqual({ key: 'reason_cert_signature_sha1', params: ['R11'] });
  });

  it('RSA keys under 2048 bits are weak only when the size is known', () => {
    const tls = loadTls(base);
    const [leaf, ...rest] = tls.certificates;
    if (!leaf) throw new Error('fixture chain');
    const short = reportVerdict(withTls(base, { certificates: [{ ...leaf, publicKeyAlgorithm: 'RSA', publicKeyBits: 1024 }, ...rest] }));
    expect(short.reasons[0]).toEqual({ key: 'reason_cert_key_short', params: ['private.example', 'RSA', 1024] });
    const ok = reportVerdict(withTls(base, { certificates: [{ ...leaf, publicKeyAlgorithm: 'RSA', publicKeyBits: 2048 }, ...rest] }));
    expect(ok.kind).toBe('secure');
    const ec = reportVerdict(withTls(base, { certificates: [{ ...leaf, publicKeyAlgorithm: 'EC', publicKeyBits: 256 }, ...rest] }));
    expect(ec.kind).toBe('secure');
  });

  it('lists several weaknesses, most important first', () => {
    const v = reportVerdict(withTls(base, { protocol: 'TLSv1', cipher: 'TLS_RSA_WITH_RC4_128_MD5', signatureScheme: 'RSA-PKCS1-SHA1' }));
    expect(keys(v.reasons).slice(0, 6)).toEqual([
      'reason_tls_old',
      'reason_cipher_rc4',
      'reason_cipher_md5',
      'reason_kx_no_forward_secrecy',
      'reason_signature_sha1',
      'reason_root_built_in',
    ]);
  });

  it('TLS 1.2 with an ECDHE GCM suite is secure', () => {
    const v = reportVerdict(withTls(base, { protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' }));
    expect(v.kind).toBe('secure');
    expect(v.reasons[0]).toEqual({ key: 'reason_tls_ok', params: ['TLS 1.2'] });
  });

  it('Chromium CBC with the MAC appended ("AES_128_CBC HMAC-SHA1") is weak', () => {
    const v = reportVerdict(
      withTls('chromium-inspected', { protocol: 'TLSv1.2', cipher: 'AES_128_CBC HMAC-SHA1', keyExchange: 'ECDHE_RSA' }),
    );
    expect(v.kind).toBe('weak');
    expect(keys(v.reasons)).toEqual(['reason_cipher_cbc', 'reason_root_unknown', 'reason_kx_post_quantum']);
  });
});

describe('precedence', () => {
  it('broken beats everything, even a local host', () => {
    const report = {
      ...loadReport('localhost-http'),
      scheme: 'https' as const,
      url: 'https://localhost/',
      error: 'net::ERR_CERT_AUTHORITY_INVALID',
      errorKind: 'cert-untrusted' as const,
    };
    const v = reportVerdict(report);
    expect(v.kind).toBe('broken');
    expect(keys(v.reasons)).toEqual(['reason_cert_untrusted', 'reason_cert_error', 'reason_local_loopback']);
  });

  it('overridden beats custom-root and weak, and all three are listed in that order', () => {
    const v = reportVerdict(withTls('firefox-tls13-test-ca', { overriddenError: 'trust_error', protocol: 'TLSv1.1' }));
    expect(v.kind).toBe('overridden');
    expect(keys(v.reasons).slice(0, 3)).toEqual(['reason_override_untrusted', 'reason_custom_root', 'reason_tls_old']);
  });

  it('custom-root beats weak', () => {
    const v = reportVerdict(withTls('firefox-tls13-test-ca', { protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA' }));
    expect(v.kind).toBe('custom-root');
    expect(keys(v.reasons).slice(0, 2)).toEqual(['reason_custom_root', 'reason_cipher_cbc']);
  });

  it('weak beats local (a TLS problem is a fact even on 127.0.0.1)', () => {
    const v = reportVerdict({ ...withTls('firefox-tls13-test-ca', { rootBuiltIn: true, protocol: 'TLSv1.0' }), ip: '127.0.0.1' });
    expect(v.kind).toBe('weak');
    expect(keys(v.reasons)).toContain('reason_local_loopback');
  });

  it('local beats secure, unknown and mixed; mixed is still listed', () => {
    const secureLocal = reportVerdict({ ...withTls('firefox-tls13-test-ca', { rootBuiltIn: true }), ip: '127.0.0.1' });
    expect(secureLocal.kind).toBe('local');
    expect(secureLocal.reasons[0]).toEqual({ key: 'reason_local_loopback', params: ['127.0.0.1'] });
    const unknownLocal = reportVerdict({ ...loadReport('chromium-uninspected'), ip: '::1' });
    expect(unknownLocal).toEqual({
      kind: 'local',
      reasons: [{ key: 'reason_local_loopback', params: ['::1'] }, { key: 'reason_tls_not_inspected' }],
    });
    const state = loadState('chromium-mixed');
    if (!state.main) throw new Error('fixture');
    state.main = { ...state.main, ip: '10.1.2.3' };
    const mixedLocal = verdict(state);
    expect(mixedLocal.kind).toBe('local');
    expect(keys(mixedLocal.reasons).slice(0, 3)).toEqual(['reason_local_network', 'reason_mixed_subresource', 'reason_mixed_form']);
  });

  it('mixed beats unknown (Chromium, not inspected, plain-HTTP script)', () => {
    const state = loadState('chromium-uninspected');
    state.mixed = [{ kind: 'subresource', url: 'http://ads.example/x.js' }];
    expect(verdict(state)).toEqual({
      kind: 'mixed',
      reasons: [{ key: 'reason_mixed_subresource', params: [1] }, { key: 'reason_tls_not_inspected' }],
    });
  });

  it('mixed items on a plain-HTTP page do not matter: it is http', () => {
    const state = loadState('plain-http');
    state.mixed = [{ kind: 'form', url: 'http://x.example/' }];
    expect(verdict(state).kind).toBe('http');
  });
});

describe('local and unobserved pages', () => {
  const states: [string, Partial<ConnectionReport>, string, string][] = [
    [
      '*.localhost',
      { url: 'http://app.localhost:8080/', host: 'app.localhost', ip: '127.0.0.1' },
      'reason_local_loopback',
      'app.localhost',
    ],
    ['127.0.0.0/8', { url: 'http://127.8.9.10/', host: '127.8.9.10', ip: '127.8.9.10' }, 'reason_local_loopback', '127.8.9.10'],
    ['[::1]', { url: 'http://[::1]:8000/', host: '::1', ip: '::1' }, 'reason_local_loopback', '::1'],
    ['10/8 by IP', { url: 'http://nas.home.arpa/', host: 'nas.home.arpa', ip: '10.0.0.2' }, 'reason_local_network', '10.0.0.2'],
    ['172.16/12', { url: 'http://172.20.1.1/', host: '172.20.1.1', ip: '172.20.1.1' }, 'reason_local_network', '172.20.1.1'],
    [
      '169.254/16',
      { url: 'http://169.254.169.254/', host: '169.254.169.254', ip: '169.254.169.254' },
      'reason_local_network',
      '169.254.169.254',
    ],
    ['fc00::/7', { url: 'http://[fd12::1]/', host: 'fd12::1', ip: 'fd12::1' }, 'reason_local_network', 'fd12::1'],
    ['fe80::/10', { url: 'http://printer.local/', host: 'printer.local', ip: 'fe80::1%en0' }, 'reason_local_network', 'fe80::1%en0'],
  ];
  it.each(states)('%s is local', (_name, patch, key, evidence) => {
    const v = reportVerdict({ ...loadReport('plain-http'), ...patch });
    expect(v.kind).toBe('local');
    expect(v.reasons[0]).toEqual({ key, params: [evidence] });
  });

  it('172.32.0.1 and 100.64.0.1 (CGNAT) are not local', () => {
    expect(reportVerdict({ ...loadReport('plain-http'), ip: '172.32.0.1' }).kind).toBe('http');
    expect(reportVerdict({ ...loadReport('plain-http'), ip: '100.64.0.1' }).kind).toBe('http');
  });

  it('file: and browser pages are local; other schemes unknown', () => {
    const base = loadReport('plain-http');
    expect(reportVerdict({ ...base, scheme: 'file', url: 'file:///tmp/a.html', host: '' })).toEqual({
      kind: 'local',
      reasons: [{ key: 'reason_local_file' }],
    });
    expect(reportVerdict({ ...base, scheme: 'browser', url: 'about:preferences', host: '' }).reasons).toEqual([
      { key: 'reason_local_browser' },
    ]);
    expect(reportVerdict({ ...base, scheme: 'other', url: 'ftp://x.example/', host: 'x.example' })).toEqual({
      kind: 'unknown',
      reasons: [{ key: 'reason_scheme_other' }],
    });
  });

  const empty = (url: string, preexisting?: boolean): TabState => ({
    v: 1,
    tabId: 1,
    url,
    hosts: {},
    hostsDropped: 0,
    mixed: [],
    updatedAt: 0,
    ...(preexisting ? { preexisting } : {}),
  });

  it('no main report: unknown, or preexisting, or local when the URL alone proves it', () => {
    expect(verdict(empty('https://example.com/'))).toEqual({ kind: 'unknown', reasons: [{ key: 'reason_no_report' }] });
    expect(verdict(empty('https://example.com/', true))).toEqual({
      kind: 'unknown',
      reasons: [{ key: 'reason_tls_preexisting' }],
    });
    expect(verdict(empty('file:///home/me/notes.html')).kind).toBe('local');
    expect(verdict(empty('chrome://settings/')).reasons).toEqual([{ key: 'reason_local_browser' }]);
    expect(verdict(empty('http://localhost:5173/'))).toEqual({
      kind: 'local',
      reasons: [{ key: 'reason_local_loopback', params: ['localhost'] }],
    });
  });

  it('a preexisting HTTPS tab (report from the URL only) is unknown with the preexisting reason', () => {
    const report: ConnectionReport = {
      v: 1,
      engine: 'firefox',
      url: 'https://a.example/',
      host: 'a.example',
      scheme: 'https',
      time: 0,
      tlsUnknown: 'preexisting',
    };
    expect(reportVerdict(report)).toEqual({ kind: 'unknown', reasons: [{ key: 'reason_tls_preexisting' }] });
  });
});

describe('errors and edge cases', () => {
  it('reads the error kind the adapter gave, and names the browser’s own error', () => {
    const base = loadReport('chromium-uninspected');
    // Firefox's webRequest gives NSS's sentence in the browser's language: Onlooker says only that
    // the secure connection was refused (certificate or TLS), with the sentence, never "certificate error".
    expect(reportVerdict({ ...base, error: 'Der Zertifikatsaussteller ist unbekannt.', errorKind: 'secure-connection-failed' })).toEqual({
      kind: 'broken',
      reasons: [{ key: 'reason_secure_connection_failed', params: ['Der Zertifikatsaussteller ist unbekannt.'] }],
    });
    expect(
      reportVerdict({
        ...base,
        error: 'Peer reports incompatible or unsupported protocol version.',
        errorKind: 'secure-connection-failed',
      }),
    ).toEqual({
      kind: 'broken',
      reasons: [{ key: 'reason_secure_connection_failed', params: ['Peer reports incompatible or unsupported protocol version.'] }],
    });
    expect(reportVerdict({ ...base, error: 'SEC_ERROR_UNKNOWN_ISSUER', errorKind: 'cert-untrusted' })).toEqual({
      kind: 'broken',
      reasons: [{ key: 'reason_cert_untrusted' }, { key: 'reason_cert_error', params: ['SEC_ERROR_UNKNOWN_ISSUER'] }],
    });
    expect(reportVerdict({ ...base, error: 'SSL_ERROR_BAD_CERT_DOMAIN', errorKind: 'cert-name' }).reasons[0]).toEqual({
      key: 'reason_cert_name_mismatch',
      params: [base.host],
    });
    expect(reportVerdict({ ...base, error: 'net::ERR_CERT_REVOKED', errorKind: 'cert-revoked' }).reasons[0]).toEqual({
      key: 'reason_cert_revoked',
    });
    expect(reportVerdict({ ...base, errorKind: 'cert-other' }).reasons).toEqual([{ key: 'reason_cert_error_unknown' }]);
    expect(reportVerdict({ ...base, error: 'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH', errorKind: 'tls-protocol' })).toEqual({
      kind: 'broken',
      reasons: [{ key: 'reason_tls_handshake_error', params: ['net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH'] }],
    });
    expect(reportVerdict({ ...base, error: 'net::ERR_CERT_SYMANTEC_LEGACY', errorKind: 'cert-other' }).reasons).toEqual([
      { key: 'reason_cert_error', params: ['net::ERR_CERT_SYMANTEC_LEGACY'] },
    ]);
    // The verdict never reads the spelling: a certificate-looking string of kind "network" is a load failure.
    expect(reportVerdict({ ...base, error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'network' }).kind).toBe('unknown');
  });

  it('a report stored before error kinds (certError, no kind) reads as a failed load, naming the error', () => {
    const stored: unknown = JSON.parse(
      JSON.stringify({ ...loadReport('chromium-uninspected'), error: 'net::ERR_CERT_DATE_INVALID', certError: true }),
    );
    expect(reportVerdict(stored as ConnectionReport)).toEqual({
      kind: 'unknown',
      reasons: [{ key: 'reason_load_failed', params: ['net::ERR_CERT_DATE_INVALID'] }],
    });
  });

  it('a non-certificate load error is unknown with the error named', () => {
    expect(reportVerdict({ ...loadReport('plain-http'), error: 'net::ERR_CONNECTION_REFUSED' })).toEqual({
      kind: 'unknown',
      reasons: [{ key: 'reason_load_failed', params: ['net::ERR_CONNECTION_REFUSED'] }],
    });
  });

  it('HTTPS without tls and without tlsUnknown says the browser gave nothing', () => {
    const { tlsUnknown: _drop, ...report } = loadReport('chromium-uninspected');
    expect(reportVerdict(report)).toEqual({ kind: 'unknown', reasons: [{ key: 'reason_tls_unavailable' }] });
  });

  it('missing protocol and cipher: unknown, never secure', () => {
    const tls: TlsInfo = { certificates: [], source: 'firefox-security-info' };
    const v = reportVerdict({ ...loadReport('chromium-uninspected'), tls });
    expect(v.kind).toBe('unknown');
    expect(keys(v.reasons)).toEqual(['reason_tls_incomplete', 'reason_root_unknown']);
  });

  it('Chromium securityInfo (a leaf, no protocol): unknown, saying Inspect would tell; "broken" is overridden', () => {
    const recorded = chromiumLiveReport('tls13');
    const live = recorded.tls!;
    expect(live.certificates).toHaveLength(1);
    expect(live.protocol).toBeUndefined();
    const v = reportVerdict(recorded);
    expect(v.kind).toBe('unknown');
    expect(keys(v.reasons)).toEqual(['reason_tls_leaf_only', 'reason_root_unknown']);
    // No recording holds a clicked-through warning (state "broken"): what the adapter makes of one is set here.
    const clicked = reportVerdict({ ...recorded, tls: { ...live, overriddenError: 'unknown' } });
    expect(clicked.kind).toBe('overridden');
    expect(keys(clicked.reasons)[0]).toBe('reason_override_unknown');
  });

  it('TLS 1.3 without a cipher name is secure (every TLS 1.3 suite is AEAD)', () => {
    const tls: TlsInfo = { protocol: 'TLSv1.3', certificates: [], source: 'chromium-webrequest' };
    expect(reportVerdict({ ...loadReport('chromium-uninspected'), tls }).kind).toBe('secure');
  });

  it('QUIC counts as TLS 1.3', () => {
    const v = reportVerdict(withTls('chromium-inspected', { protocol: 'QUIC' }));
    expect(v.kind).toBe('secure');
    expect(v.reasons[0]).toEqual({ key: 'reason_tls_ok', params: ['QUIC (TLS 1.3)'] });
  });

  it('an unknown protocol string is unknown, with the string quoted', () => {
    const v = reportVerdict(withTls('chromium-inspected', { protocol: 'TLS 1.4-draft' }));
    expect(v.kind).toBe('unknown');
    expect(v.reasons[0]).toEqual({ key: 'reason_tls_version_unrecognised', params: ['TLS 1.4-draft'] });
  });

  it('an unknown cipher on TLS 1.2 is unknown, with the cipher quoted', () => {
    const v = reportVerdict(withTls('chromium-inspected', { protocol: 'TLSv1.2', cipher: 'FANCY_NEW_CIPHER', keyExchange: 'ECDHE_RSA' }));
    expect(v.kind).toBe('unknown');
    expect(v.reasons[0]).toEqual({ key: 'reason_cipher_unrecognised', params: ['FANCY_NEW_CIPHER'] });
  });

  it('an empty certificate list with rootBuiltIn false still gives a custom-root reason', () => {
    const v = reportVerdict(withTls('firefox-tls13-test-ca', { certificates: [] }));
    expect(v.kind).toBe('custom-root');
    expect(v.reasons[0]).toEqual({ key: 'reason_custom_root_unnamed' });
  });

  it('every verdict has at least one reason', () => {
    const minimal: ConnectionReport = { v: 1, engine: 'chromium', url: 'https://x.example/', host: 'x.example', scheme: 'https', time: 0 };
    expect(reportVerdict(minimal).reasons.length).toBeGreaterThan(0);
    expect(reportVerdict({ ...minimal, scheme: 'wss', url: 'wss://x.example/' }).reasons.length).toBeGreaterThan(0);
    expect(reportVerdict({ ...minimal, scheme: 'ws', url: 'ws://x.example/' }).kind).toBe('http');
  });
});

describe('secret fields that travel in clear', () => {
  it('plain HTTP: each kind gets its reason right after the plain-HTTP one, in list order', () => {
    const state = { ...loadState('plain-http'), secrets: ['password' as const, 'card' as const] };
    expect(verdict(state)).toEqual({
      kind: 'http',
      reasons: [{ key: 'reason_plain_http' }, { key: 'reason_secret_password' }, { key: 'reason_secret_card' }],
    });
  });

  it('HTTPS with a form posting in clear: mixed, the secret after the form', () => {
    const state = {
      ...loadState('chromium-uninspected'),
      mixed: [{ kind: 'form' as const, url: 'http://x.example/' }],
      secrets: ['card' as const],
    };
    expect(verdict(state)).toEqual({
      kind: 'mixed',
      reasons: [{ key: 'reason_mixed_form', params: [1] }, { key: 'reason_secret_card' }, { key: 'reason_tls_not_inspected' }],
    });
    // Even when the item bound dropped the form itself, the secret alone makes the page mixed.
    expect(verdict({ ...state, mixed: [] }).kind).toBe('mixed');
  });

  it('on the LAN it is said (the local network reads it); on loopback it is not (nobody is on the way)', () => {
    const lan = { ...loadState('lan-router-http'), secrets: ['password' as const] };
    expect(keys(verdict(lan).reasons)).toEqual(['reason_local_network', 'reason_local_unencrypted', 'reason_secret_password']);
    const loopback = { ...loadState('localhost-http'), secrets: ['password' as const] };
    expect(keys(verdict(loopback).reasons)).toEqual(['reason_local_loopback']);
  });
});
