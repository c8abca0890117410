import { describe, expect, it } from 'vitest';
import { connectionFacts, type Fact, type FactId } from '../../../lib/popup/connection';
import { makeT } from '../cert/i18n';
import { loadState } from './fixtures';
import { chromiumLiveReport } from '../report/recorded-states';

const byId = (facts: Fact[]) => Object.fromEntries(facts.map((f) => [f.id, f.value])) as Record<FactId, Fact['value']>;

describe('connectionFacts', () => {
  it('lists the facts in display order, each with a label and an explanation in every language', () => {
    const facts = connectionFacts('firefox', loadState('firefox-tls13-test-ca').main);
    // Written out rather than compared with FACT_IDS, so a dropped or reordered row fails here.
    const en = makeT('en');
    expect(facts.map((f) => en.t(f.label.key))).toEqual([
      'TLS version',
      'Cipher',
      'Key exchange',
      'Signature scheme',
      'HSTS',
      'Certificate Transparency',
      'OCSP check',
      'Encrypted Client Hello',
      'Encrypted DNS',
      'HTTP version',
      'Server IP',
      'Proxy',
    ]);
    for (const lang of ['en', 'de']) {
      const { messages } = makeT(lang);
      for (const f of facts) {
        expect(messages[f.label.key]?.message, `${lang} ${f.label.key}`).toBeTruthy();
        expect(messages[f.help.key]?.message, `${lang} ${f.help.key}`).toBeTruthy();
        expect(f.help.key, f.id).not.toBe(f.label.key);
      }
    }
  });

  it('Firefox TLS 1.3: values as the browser gave them, judged', () => {
    const v = byId(connectionFacts('firefox', loadState('firefox-tls13-test-ca').main));
    expect(v['tls-version']).toMatchObject({ kind: 'raw', text: 'TLS 1.3', tone: 'ok' });
    expect(v.cipher).toMatchObject({ kind: 'raw', text: 'TLS_AES_256_GCM_SHA384', tone: 'ok' });
    expect(v.group).toMatchObject({ kind: 'raw', text: 'X25519', note: { key: 'popup_note_not_pq' } });
    expect(v.signature).toMatchObject({ kind: 'raw', text: 'RSA-PSS-SHA256' });
    expect(v.hsts).toMatchObject({ kind: 'words', text: { key: 'popup_value_hsts_no' } });
    expect(v.ct).toMatchObject({ kind: 'words', text: { key: 'popup_value_ct_not_applicable' } });
    expect(v.ocsp).toMatchObject({ kind: 'words', text: { key: 'popup_value_ocsp_no' } });
    expect(v.ech).toMatchObject({ kind: 'words', text: { key: 'popup_value_ech_no' } });
    expect(v['private-dns']).toMatchObject({ kind: 'words', text: { key: 'popup_value_private_dns_no' } });
    expect(v['http-version']).toMatchObject({ kind: 'raw', text: 'HTTP/1.1' });
    expect(v.ip).toMatchObject({ kind: 'raw', text: '198.18.0.2' });
    expect(v.proxy).toMatchObject({ kind: 'words', text: { key: 'popup_value_no_proxy' } });
  });

  it('names post-quantum hybrids as post-quantum', () => {
    const main = loadState('chromium-inspected').main!;
    expect(main.tls!.group).toMatch(/MLKEM/);
    const v = byId(connectionFacts('chromium', main));
    expect(v.group).toMatchObject({ kind: 'raw', text: main.tls!.group, tone: 'ok', note: { key: 'popup_note_pq_hybrid' } });
  });

  it('Certificate Transparency: compliant with its SCT count, as the debugger says', () => {
    const main = loadState('chromium-inspected').main!;
    // The recorded test PKI logs nothing (Chromium: "unknown", no SCTs); a logged certificate is set here.
    expect(main.tls!.ct).toBe('unknown');
    const v = byId(connectionFacts('chromium', { ...main, tls: { ...main.tls!, ct: 'compliant', sctCount: 2 } }));
    expect(v.ct).toMatchObject({
      kind: 'words',
      text: { key: 'popup_value_ct_compliant' },
      note: { key: 'popup_note_sct_count', params: [2] },
    });
  });

  it('Chromium before inspection: TLS facts unknown because not inspected; never-given facts say Chromium does not tell', () => {
    const main = loadState('chromium-uninspected').main!;
    const v = byId(connectionFacts('chromium', main));
    expect(v['tls-version']).toEqual({ kind: 'unknown', why: { key: 'popup_why_not_inspected' } });
    expect(v.cipher).toEqual({ kind: 'unknown', why: { key: 'popup_why_not_inspected' } });
    // Inspecting would not reveal these: say so instead of "not inspected".
    for (const id of ['ocsp', 'private-dns', 'proxy'] as const) {
      expect(v[id], id).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    }
    // HSTS: the recorded response's headers asked for none; the browser's own state stays unknown.
    expect(v.hsts).toMatchObject({
      kind: 'words',
      text: { key: 'popup_value_hsts_not_asked' },
      note: { key: 'popup_note_hsts_state_unknown' },
    });
    const { headers: _headers, ...noHeaders } = main;
    expect(byId(connectionFacts('chromium', noHeaders)).hsts).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    expect(main.ip).toBeTruthy();
    expect(v.ip).toMatchObject({ kind: 'raw', text: main.ip });
  });

  it('Chromium after inspection: fields the debugger does not give say Chromium does not tell', () => {
    const v = byId(connectionFacts('chromium', loadState('chromium-inspected').main));
    expect(v.ocsp).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    expect(v['private-dns']).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    expect(v.ech).toMatchObject({ kind: 'words', text: { key: 'popup_value_ech_no' } });
  });

  it("Chromium HSTS: what the site asked for, and that the browser's own state is not shown", () => {
    const main = loadState('chromium-uninspected').main!;
    const asked = byId(
      connectionFacts('chromium', {
        ...main,
        headers: { hsts: { maxAge: 31536000, includeSubDomains: true, preload: true }, h3Offered: false },
      }),
    );
    expect(asked.hsts).toEqual({
      kind: 'words',
      text: { key: 'popup_value_hsts_asked', params: ['max-age=31536000; includeSubDomains; preload'] },
      tone: 'ok',
      note: { key: 'popup_note_hsts_state_unknown' },
    });
    const none = byId(connectionFacts('chromium', { ...main, headers: { h3Offered: false } }));
    expect(none.hsts).toMatchObject({
      kind: 'words',
      text: { key: 'popup_value_hsts_not_asked' },
      note: { key: 'popup_note_hsts_state_unknown' },
    });
    const cleared = byId(
      connectionFacts('chromium', {
        ...main,
        headers: { hsts: { maxAge: 0, includeSubDomains: false, preload: false }, h3Offered: false },
      }),
    );
    expect(cleared.hsts).toMatchObject({ kind: 'words', text: { key: 'popup_value_hsts_cleared' }, tone: 'warn' });
    const bad = byId(connectionFacts('chromium', { ...main, headers: { hstsMalformed: true, h3Offered: false } }));
    expect(bad.hsts).toMatchObject({ kind: 'words', text: { key: 'popup_value_hsts_malformed' }, tone: 'warn' });
  });

  it("Firefox HSTS: the browser's state, with the site's header as a note", () => {
    const main = loadState('firefox-tls13-test-ca').main!;
    const v = byId(
      connectionFacts('firefox', {
        ...main,
        tls: { ...main.tls!, hsts: true },
        headers: { hsts: { maxAge: 3600, includeSubDomains: false, preload: false }, h3Offered: false },
      }),
    );
    expect(v.hsts).toEqual({
      kind: 'words',
      text: { key: 'popup_value_hsts_yes' },
      tone: 'ok',
      note: { key: 'popup_note_hsts_policy', params: ['max-age=3600'] },
    });
  });

  it('Alt-Svc: an HTTP/3 offer is a note on a connection that did not use it', () => {
    const main = { ...loadState('chromium-uninspected').main!, httpVersion: 'HTTP/2', headers: { h3Offered: true } };
    expect(byId(connectionFacts('chromium', main))['http-version']).toMatchObject({
      kind: 'raw',
      text: 'HTTP/2',
      note: { key: 'popup_note_h3_offered' },
    });
    const h3 = { ...main, httpVersion: 'HTTP/3' };
    expect(byId(connectionFacts('chromium', h3))['http-version']).not.toHaveProperty('note');
  });

  it('Chromium with a live certificate only: TLS facts wait for Inspect, never-given ones say so', () => {
    const main = chromiumLiveReport('tls13');
    expect(main.tls?.certificates).toHaveLength(1);
    const v = byId(connectionFacts('chromium', main));
    expect(v['tls-version']).toEqual({ kind: 'unknown', why: { key: 'popup_why_not_inspected' } });
    expect(v.ocsp).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
  });

  it('a Chromium cache hit: no TLS facts, because served from cache; the address of the cached response', () => {
    const main = loadState('chromium-cached').main!;
    const v = byId(connectionFacts('chromium', main));
    expect(v['tls-version']).toEqual({ kind: 'unknown', why: { key: 'popup_why_cached' } });
    // As recorded: Chromium names an address on a cache hit.
    expect(main.ip).toBeDefined();
    expect(v.ip).toMatchObject({ kind: 'raw', text: main.ip });
  });

  it('a Firefox cache hit: the TLS facts stored with the cached response; no address or proxy, because served from cache', () => {
    const main = loadState('firefox-cached').main!;
    const v = byId(connectionFacts('firefox', main));
    expect(v['tls-version']).toMatchObject({ kind: 'raw', text: 'TLS 1.3' });
    expect(main.tls?.protocol).toBe('TLSv1.3');
    expect(v.ip).toEqual({ kind: 'unknown', why: { key: 'popup_why_cached' } });
    expect(v.proxy).toEqual({ kind: 'unknown', why: { key: 'popup_why_cached' } });
  });

  it('plain HTTP: TLS facts are "not used", not unknown', () => {
    const main = loadState('plain-http').main!;
    const v = byId(connectionFacts('firefox', main));
    expect(v['tls-version']).toMatchObject({ kind: 'words', text: { key: 'popup_value_no_tls' }, tone: 'warn' });
    for (const id of ['cipher', 'group', 'signature', 'hsts', 'ct', 'ocsp', 'ech'] as const) {
      expect(v[id], id).toMatchObject({ kind: 'words', text: { key: 'popup_value_not_used' }, tone: 'warn' });
    }
    expect(v['private-dns']).toEqual({ kind: 'unknown', why: { key: 'popup_why_firefox_tls_only' } });
    expect(main.ip).toBeTruthy();
    expect(v.ip).toMatchObject({ kind: 'raw', text: main.ip });
  });

  it('a proxy is named, and the IP is marked as the proxy’s', () => {
    const main = loadState('firefox-proxy').main!;
    const v = byId(connectionFacts('firefox', main));
    // Recorded: an HTTP proxy on the LAN, whose address is also the IP Firefox gives.
    expect(v.proxy).toMatchObject({ kind: 'raw', text: `http ${main.proxy!.host}:${main.proxy!.port}` });
    expect(v.ip).toMatchObject({ kind: 'raw', text: main.proxy!.host, note: { key: 'popup_note_ip_proxy' } });
  });

  it('no report yet: everything unknown because not seen', () => {
    for (const f of connectionFacts('firefox', undefined)) {
      expect(f.value, f.id).toEqual({ kind: 'unknown', why: { key: 'popup_why_not_seen' } });
    }
  });

  it('old TLS and weak ciphers are flagged', () => {
    const main = loadState('firefox-tls12-cbc').main!;
    const v = byId(connectionFacts('firefox', main));
    expect(v.cipher).toMatchObject({ tone: 'warn', note: { key: 'popup_note_cipher_weak' } });
    const old = { ...main, tls: { ...main.tls!, protocol: 'TLSv1.0' } };
    expect(byId(connectionFacts('firefox', old))['tls-version']).toMatchObject({ text: 'TLS 1.0', tone: 'warn' });
  });
});
