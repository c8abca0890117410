import type { Sub } from '@/lib/i18n/locale';
import { describe, expect, it } from 'vitest';
import { ageMessage } from '../../../lib/popup/age';
import { absentCertificateReason, chainOf, hasDer } from '../../../lib/popup/chain';
import { headerView } from '../../../lib/popup/verdict-header';
import { hostsView } from '../../../lib/popup/hosts';
import { httpsUrl } from '../../../lib/popup/https-url';
import { inspectErrorMessage, inspectOffer } from '../../../lib/popup/inspect';
import { safeParam, text } from '../../../lib/popup/message';
import { onlookerView } from '../../../lib/popup/onlookers';
import type { TabState } from '../../../lib/report/types';
import { loadState } from './fixtures';
import { cdpRecording, firefoxBlockedReport, RECORDED_INSPECTED_AT } from '../report/recorded-states';
import { chromiumReport } from '../../../lib/engines/chromium';

describe('headerView', () => {
  it('the first reason is the sentence, the rest are listed', () => {
    const state = loadState('chromium-mixed');
    const h = headerView(state);
    expect(h.kind).toBe('mixed');
    expect(h.host).toBe(state.main!.host);
    expect(h.title).toEqual({ key: 'verdict_mixed' });
    expect(h.sentence.key).toBe('reason_mixed_subresource');
    expect(h.more.map((r) => r.key)).toContain('reason_mixed_form');
  });

  it('plain HTTP says so first', () => {
    const state = loadState('plain-http');
    const h = headerView(state);
    expect(h).toMatchObject({ kind: 'http', host: state.main!.host, sentence: { key: 'reason_plain_http' } });
  });

  it('follows the user\'s "judge local sites like remote ones" setting, as the badge does', () => {
    const state = loadState('localhost-http');
    expect(headerView(state).kind).toBe('local');
    expect(headerView(state, { localAsRemote: true }).kind).toBe('http');
  });

  it('lists history alerts, newest first, by their alert_ messages', () => {
    const state = loadState('firefox-tls13-test-ca');
    state.alerts = [
      { kind: 'tls-downgrade', time: 1 },
      { kind: 'cert-changed', time: 2 },
    ];
    expect(headerView(state).alerts).toEqual([{ key: 'alert_cert_changed' }, { key: 'alert_tls_downgrade' }]);
  });

  it('no state: unknown, with a reason', () => {
    expect(headerView(null)).toMatchObject({ kind: 'unknown', host: '', sentence: { key: 'reason_no_report' } });
  });

  it('a tab without a report takes its host from the URL', () => {
    const state: TabState = { v: 1, tabId: 1, url: 'https://later.example/x', hosts: {}, hostsDropped: 0, mixed: [], updatedAt: 0 };
    expect(headerView(state).host).toBe('later.example');
  });
});

describe('onlookerView', () => {
  it('HTTPS: the plain line, rows with real values (IP, host, DNS vs SNI)', () => {
    const recorded = loadState('firefox-mixed').main!;
    // A public CA's chain, as the test PKI's is not: with a custom root the path might see in.
    const main = { ...recorded, tls: { ...recorded.tls!, rootBuiltIn: true } };
    const v = onlookerView(main, {});
    expect(v.headline).toEqual({ key: 'popup_onlooker_https' });
    expect(v.plainHttp).toBe(false);
    expect(v.rows.map((r) => r.observer)).toEqual(['local-network', 'isp', 'dns-resolver', 'ca', 'site']);
    const isp = v.rows.find((r) => r.observer === 'isp')!;
    expect(main.ip).toBeDefined();
    expect(isp.sees.find((e) => e.item === 'ip')?.value).toBe(main.ip);
    expect(isp.sees.find((e) => e.item === 'hostname-dns')?.value).toBe(main.host);
    expect(isp.sees.find((e) => e.item === 'hostname-sni')?.value).toBe(main.host);
    expect(isp.hidden.map((e) => e.item)).toEqual(expect.arrayContaining(['path', 'query', 'cookies', 'content']));
  });

  it('plain HTTP: everything visible and changeable, "Try HTTPS" offered', () => {
    const v = onlookerView(loadState('plain-http').main!);
    expect(v.headline).toEqual({ key: 'popup_onlooker_http' });
    expect(v.plainHttp).toBe(true);
    const isp = v.rows.find((r) => r.observer === 'isp')!;
    expect(isp.sees.map((e) => e.item)).toEqual(expect.arrayContaining(['path', 'query', 'content', 'can-modify']));
  });

  it('mixed content on an HTTPS page is said next to the headline', () => {
    const state = loadState('firefox-mixed');
    const v = onlookerView(state.main!, state);
    expect(v.notes).toContainEqual({ key: 'popup_onlooker_mixed', params: [2] });
  });

  it('secret fields in clear: a note per kind where someone on the way reads the content, none on loopback', () => {
    const secrets = ['password', 'card'] as const;
    const plain = loadState('plain-http').main!;
    expect(onlookerView(plain, { secrets }).notes.map((n) => n.key)).toEqual([
      'popup_onlooker_secret_password',
      'popup_onlooker_secret_card',
    ]);
    const isp = onlookerView(plain, { secrets }).rows.find((r) => r.observer === 'isp')!;
    expect(isp.sees.find((e) => e.item === 'content')?.why).toEqual({ key: 'exposure_secret_password' });
    expect(onlookerView({ ...plain, ip: '127.0.0.1' }, { secrets }).notes.map((n) => n.key)).toEqual(['popup_onlooker_loopback']);
    // HTTPS: only with the form that posts in clear (the probe reports the secret only then).
    const https = loadState('firefox-mixed');
    expect(onlookerView(https.main!, { mixed: https.mixed, secrets: ['card'] }).notes.map((n) => n.key)).toContain(
      'popup_onlooker_secret_card',
    );
  });

  it('loopback and custom roots get a note; the proxy gets a row', () => {
    const recorded = loadState('firefox-tls13-test-ca').main!;
    // Recorded on a public-looking test address: only the custom root is worth a note.
    expect(onlookerView(recorded).notes.map((n) => n.key)).toEqual(['popup_onlooker_custom_root']);
    // The same connection made over loopback.
    expect(onlookerView({ ...recorded, ip: '127.0.0.1' }).notes.map((n) => n.key)).toEqual([
      'popup_onlooker_loopback',
      'popup_onlooker_custom_root',
    ]);
    expect(onlookerView(loadState('firefox-proxy').main!).rows.map((r) => r.observer)).toContain('proxy');
  });

  it('localAsRemote: loopback sites are shown as if on the internet', () => {
    const main = { ...loadState('firefox-tls13-test-ca').main!, ip: '127.0.0.1' };
    const v = onlookerView(main, {}, { localAsRemote: true });
    expect(v.notes.map((n) => n.key)).toEqual(['popup_onlooker_custom_root']);
    const isp = v.rows.find((r) => r.observer === 'isp')!;
    expect(isp.sees.find((e) => e.item === 'ip')?.value).toBe('127.0.0.1');
  });

  it.each(['firefox-cached', 'chromium-cached'])('cache hits say nothing went over the network (%s)', (name) => {
    expect(onlookerView(loadState(name).main!).headline).toEqual({ key: 'popup_onlooker_cache' });
  });
});

describe('hostsView', () => {
  it('flags plain-HTTP hosts on an encrypted page and puts the page first', () => {
    const state = loadState('firefox-mixed');
    const main = state.main!;
    // As recorded, the page's plain-HTTP script never reached the network (blocked) and its image
    // was upgraded to HTTPS: its hosts are the page's and the upgraded image's, both HTTPS.
    expect(Object.values(state.hosts).map((h) => h.scheme)).toEqual(['https', 'https']);
    // Hand-made: a plain-HTTP response on an HTTPS page, which neither recorded browser lets
    // through today; one the user allowed in the site's settings would be counted like this.
    state.hosts['cdn.example'] = { host: 'cdn.example', scheme: 'http', count: 1, ip: '203.0.113.9' };
    state.hosts['a.example'] = { host: 'a.example', scheme: 'https', count: 5 };
    const v = hostsView(state, 'firefox');
    const rows = v.rows.map((r) => [r.host, r.insecure]);
    expect(rows[0]).toEqual([main.host, false]);
    expect(rows).toContainEqual(['cdn.example', true]);
    expect(rows.filter(([, insecure]) => insecure)).toHaveLength(1);
    expect(v.rows[0]).toMatchObject({ main: true, tls: 'TLS 1.3', ip: main.ip });
    expect(v.rows.find((r) => r.host === 'a.example')?.tlsWhy).toEqual({ key: 'popup_host_tls_unknown' });
    // In the page probe's order (forms first); the upgraded image is no problem.
    expect(v.mixed.map((m) => [m.kind, m.problem])).toEqual([
      ['form', true],
      ['subresource', true],
      ['upgraded', false],
    ]);
  });

  it('plain pages do not call their own hosts mixed', () => {
    const v = hostsView(loadState('plain-http'), 'firefox');
    expect(v.rows[0]).toMatchObject({ insecure: false, scheme: 'http' });
    expect(v.pageEncrypted).toBe(false);
  });

  it('Chromium hosts without TLS say why', () => {
    expect(hostsView(loadState('chromium-uninspected'), 'chromium').rows[0]?.tlsWhy).toEqual({ key: 'popup_host_tls_chromium' });
  });
});

describe('small helpers', () => {
  it('ageMessage', () => {
    expect(ageMessage(0, 30_000)).toEqual({ key: 'popup_age_now' });
    expect(ageMessage(0, 3 * 60_000 + 5)).toEqual({ key: 'popup_age_minutes', params: [3] });
    expect(ageMessage(0, 5 * 3_600_000)).toEqual({ key: 'popup_age_hours', params: [5] });
    expect(ageMessage(0, 2 * 86_400_000)).toEqual({ key: 'popup_age_days', params: [2] });
    expect(ageMessage(10, 0)).toEqual({ key: 'popup_age_now' });
  });

  it('httpsUrl keeps path, query and fragment, drops the HTTP port', () => {
    expect(httpsUrl('http://neverssl.example/online?ref=home#top')).toBe('https://neverssl.example/online?ref=home#top');
    expect(httpsUrl('http://plain.test:8080/')).toBe('https://plain.test/');
    expect(httpsUrl('https://already.example/')).toBeUndefined();
    expect(httpsUrl('file:///etc/passwd')).toBeUndefined();
    expect(httpsUrl('not a url')).toBeUndefined();
  });

  it('inspectOffer: Chromium HTTPS pages only, with the inspection time', () => {
    expect(inspectOffer('firefox', loadState('firefox-tls13-test-ca').main)).toEqual({ offered: false });
    expect(inspectOffer('chromium', loadState('chromium-uninspected').main)).toEqual({ offered: true });
    // The recorder loaded the page with the debugger attached, the way inspectTab's reload does.
    expect(inspectOffer('chromium', loadState('chromium-inspected').main)).toEqual({
      offered: true,
      inspectedAt: RECORDED_INSPECTED_AT,
      inspectedBy: 'reload',
    });
    expect(inspectOffer('chromium', loadState('chromium-err-cert').main)).toEqual({ offered: false });
    expect(inspectOffer('chromium', loadState('plain-http').main)).toEqual({ offered: false });
  });

  it('inspect errors have words', () => {
    for (const e of [
      'not-supported',
      'permission-denied',
      'browser-page',
      'error-page',
      'attach-failed',
      'timeout',
      'no-tab',
      'declined',
      'failed',
    ] as const) {
      expect(inspectErrorMessage(e).key).toMatch(/^popup_inspect_error_/);
    }
  });

  it('certificates: chain, DER presence, why absent', () => {
    expect(chainOf(loadState('chromium-inspected').main)).toHaveLength(cdpRecording('post-quantum').chain.length);
    expect(hasDer(chainOf(loadState('chromium-inspected').main))).toBe(true);
    // Firefox hands over each certificate's DER; Chromium without Inspect, none.
    expect(hasDer(chainOf(loadState('firefox-mixed').main))).toBe(true);
    expect(hasDer(chainOf(loadState('chromium-mixed').main))).toBe(false);
    expect(absentCertificateReason(loadState('plain-http').main!).key).toBe('popup_identity_http');
    expect(absentCertificateReason(loadState('chromium-uninspected').main!).key).toBe('popup_identity_not_inspected');
    expect(absentCertificateReason(loadState('chromium-cached').main!).key).toBe('popup_identity_cached');
  });

  it('a blocked page blames its certificate only when the browser said the certificate was refused', () => {
    expect(absentCertificateReason(loadState('chromium-err-cert').main!).key).toBe('popup_identity_blocked');
    // Firefox's recorded sentence for an expired certificate: not known to be about the certificate.
    const firefox = firefoxBlockedReport('expired');
    expect(firefox.errorKind).toBe('secure-connection-failed');
    expect(absentCertificateReason(firefox).key).toBe('popup_identity_blocked_unknown');
    // What Chromium says for a TLS 1.0 server (the matrix's case): the handshake, not a certificate.
    const tls10 = chromiumReport(
      { url: 'https://tls10.test/', tabId: 1, type: 'main_frame', error: 'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH' },
      1,
    );
    expect(absentCertificateReason(tls10).key).toBe('popup_identity_blocked_handshake');
  });

  it('safeParam makes hostile substitutions inert, short and isolated', () => {
    const evil = `\u202Egnp.exe${'x'.repeat(200)}`;
    const p = safeParam(evil);
    expect(p.startsWith('\u2068')).toBe(true);
    expect(p.endsWith('…\u2069')).toBe(true);
    expect(p).toContain('⟨U+202E⟩');
    expect(p).not.toContain('\u202E');
    expect(p.length).toBeLessThan(100);
    const t = (key: string, subs?: Sub | readonly Sub[]) => `${key}:${([] as Sub[]).concat(subs ?? []).join('|')}`;
    expect(text(t, { key: 'popup_no_tab', params: ['a'] })).toBe('popup_no_tab:a');
    expect(safeParam('127.0.0.1')).toBe('127.0.0.1');
    expect(safeParam('bücher.example')).toBe('\u2068bücher.example\u2069');
  });
});
