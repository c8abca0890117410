import { describe, expect, it } from 'vitest';
import { handshakeView, type HandshakeView } from '../../../lib/popup/handshake';
import type { ConnectionReport } from '../../../lib/report/types';
import { loadState } from './fixtures';
import { firefoxBlockedReport } from '../report/recorded-states';
import { chromiumReport } from '../../../lib/engines/chromium';

const main = (name: string): ConnectionReport => loadState(name).main!;
const ids = (v: HandshakeView) => v.steps.map((s) => s.id);
const stepOf = (v: HandshakeView, id: string) => v.steps.find((s) => s.id === id);
const keys = (v: HandshakeView, id: string) => stepOf(v, id)?.details.map((d) => d.key) ?? [];

describe('handshakeView', () => {
  it('TLS 1.3: the certificate and both Finished travel encrypted; the hellos do not', () => {
    const v = handshakeView(main('firefox-tls13-test-ca'), 'firefox');
    expect(v.kind).toBe('tls13');
    expect(v.server).toBe('198.18.0.2');
    expect(ids(v)).toEqual([
      'dns',
      'tcp-syn',
      'tcp-syn-ack',
      'tcp-ack',
      'client-hello',
      'server-hello',
      'certificate',
      'certificate-verify',
      'server-finished',
      'client-finished',
      'request',
      'response',
    ]);
    expect(stepOf(v, 'client-hello')).toMatchObject({
      readable: 'clear',
      details: [
        { key: 'handshake_sni', params: ['secure.test'] },
        { key: 'handshake_key_share', params: ['X25519'] },
      ],
    });
    expect(stepOf(v, 'server-hello')?.details).toEqual([
      { key: 'handshake_version', params: ['TLS 1.3'] },
      { key: 'handshake_cipher', params: ['TLS_AES_256_GCM_SHA384'] },
      { key: 'handshake_group', params: ['X25519'] },
    ]);
    expect(stepOf(v, 'certificate')?.readable).toBe('encrypted');
    expect(stepOf(v, 'certificate-verify')?.details).toEqual([{ key: 'handshake_signed_with', params: ['RSA-PSS-SHA256'] }]);
    expect(stepOf(v, 'tcp-syn')?.details).toEqual([{ key: 'handshake_tcp_to', params: ['198.18.0.2:8443'] }]);
    // The test root is not built in: the request is encrypted, with a note that the keys may be someone else's.
    expect(stepOf(v, 'request')).toMatchObject({ readable: 'encrypted', note: { key: 'handshake_https_interception_note' } });
    // Firefox said the lookup was not private DNS: the name was readable by the network.
    expect(stepOf(v, 'dns')).toMatchObject({
      readable: 'clear',
      peer: 'resolver',
      details: [{ key: 'handshake_dns_answer', params: ['secure.test', '198.18.0.2'] }],
    });
  });

  it('TLS 1.2: the certificate, the key exchange and ChangeCipherSpec cross in the clear', () => {
    const v = handshakeView(main('firefox-tls12-cbc'), 'firefox');
    expect(v.kind).toBe('tls12');
    expect(ids(v).slice(ids(v).indexOf('server-hello'))).toEqual([
      'server-hello',
      'certificate',
      'server-key-exchange',
      'client-key-exchange',
      'change-cipher-spec',
      'client-finished',
      'server-finished',
      'request',
      'response',
    ]);
    expect(stepOf(v, 'certificate')).toMatchObject({ readable: 'clear', note: { key: 'handshake_certificate_clear' } });
    expect(keys(v, 'certificate')).toEqual(['handshake_certificate_of']);
  });

  it('names a post-quantum group on both engines spellings, and ECH when used', () => {
    const ff = handshakeView(main('firefox-ech'), 'firefox');
    expect(stepOf(ff, 'client-hello')?.details).toEqual([
      { key: 'handshake_sni_ech' },
      { key: 'handshake_key_share_pq', params: ['X25519MLKEM768'] },
    ]);
    const cr = handshakeView(main('chromium-inspected'), 'chromium');
    expect(keys(cr, 'server-hello')).toContain('handshake_group_pq');
    expect(stepOf(cr, 'dns')).toMatchObject({ readable: 'unknown', note: { key: 'handshake_dns_unknown_chromium' } });
  });

  it('private DNS (recorded under Firefox DoH): the lookup is readable by the resolver alone; the name still goes in clear in the hello', () => {
    const doh = handshakeView(main('firefox-private-dns'), 'firefox');
    expect(stepOf(doh, 'dns')).toMatchObject({ readable: 'resolver', note: { key: 'handshake_dns_private' } });
    expect(keys(doh, 'client-hello')).not.toContain('handshake_sni_ech');
    // The same page resolved by the system's resolver: the lookup is in clear.
    const direct = handshakeView(main('firefox-tls13-test-ca'), 'firefox');
    expect(stepOf(direct, 'dns')).toMatchObject({ readable: 'clear', note: { key: 'handshake_dns_plain' } });
  });

  it('Chromium before its details are known: the rest is unknown, and says what Inspect would add', () => {
    const v = handshakeView(main('chromium-uninspected'), 'chromium');
    expect(v.kind).toBe('tls-unknown');
    expect(stepOf(v, 'tls-unknown')).toMatchObject({ readable: 'unknown', note: { key: 'handshake_why_not_inspected' } });
    expect(ids(v)).not.toContain('certificate');
    // The client hello's name is known (the URL's), whether ECH hid it is not.
    expect(stepOf(v, 'client-hello')?.note?.key).toBe('handshake_client_hello_ech_unknown');
  });

  it('plain HTTP: TCP, then a request and a response anyone can read, with the real path', () => {
    const report = main('plain-http');
    // The recorded login page had no query string: one is added so the request step shows it.
    const v = handshakeView({ ...report, url: `${report.url}?next=%2Fhome` }, 'firefox');
    expect(v.kind).toBe('http');
    expect(ids(v).filter((id) => id.startsWith('client') || id.startsWith('server'))).toEqual([]);
    expect(v.steps.every((s) => s.readable === 'clear' || s.id === 'dns')).toBe(true);
    expect(stepOf(v, 'request')?.details.slice(0, 2)).toEqual([
      { key: 'handshake_request_path', params: [new URL(report.url).pathname] },
      { key: 'handshake_request_query', params: ['?next=%2Fhome'] },
    ]);
  });

  it('HTTP/3 is QUIC over UDP, no TCP; an unknown HTTP version over HTTPS does not pretend to know', () => {
    const h3 = handshakeView({ ...main('firefox-tls13-test-ca'), httpVersion: 'HTTP/3' }, 'firefox');
    expect(ids(h3)).toContain('quic');
    expect(ids(h3).some((id) => id.startsWith('tcp'))).toBe(false);
    const { httpVersion: _, ...unknownVersion } = main('firefox-tls13-test-ca');
    expect(ids(handshakeView(unknownVersion, 'firefox'))).toContain('transport-unknown');
  });

  it('a certificate error stops before any request; a cached page made no connection', () => {
    const refused = handshakeView(main('chromium-err-cert'), 'chromium');
    expect(ids(refused).at(-1)).toBe('certificate-refused');
    expect(ids(refused)).not.toContain('request');
    expect(stepOf(refused, 'tls-unknown')?.note).toEqual({ key: 'handshake_why_refused' });
    for (const engine of ['firefox', 'chromium'] as const) {
      const cached = handshakeView(main(`${engine}-cached`), engine);
      expect(cached, engine).toMatchObject({ steps: [], none: { key: 'handshake_none_cached' } });
    }
  });

  it('a refusal the browser did not pin on the certificate is not drawn as one', () => {
    // Firefox's recorded sentence for an expired certificate: certificate or TLS, unknown which.
    const firefox = handshakeView(firefoxBlockedReport('expired'), 'firefox');
    expect(ids(firefox).at(-1)).toBe('handshake-refused');
    expect(stepOf(firefox, 'tls-unknown')?.note).toEqual({ key: 'handshake_why_refused_unknown' });
    // Chromium's answer to a TLS 1.0 server: the handshake itself failed.
    const tls10 = chromiumReport(
      { url: 'https://tls10.test/', tabId: 1, type: 'main_frame', error: 'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH' },
      1,
    );
    const chromium = handshakeView(tls10, 'chromium');
    expect(ids(chromium).at(-1)).toBe('handshake-refused');
    expect(ids(chromium)).not.toContain('certificate-refused');
    expect(stepOf(chromium, 'tls-unknown')?.note).toEqual({ key: 'handshake_why_refused_handshake' });
  });
});
