import { describe, expect, it } from 'vitest';
import { EXPOSED_ITEMS, exposure, OBSERVERS, type ExposureOptions } from '@/lib/report/exposure';
import type { ConnectionReport, ExposedItem, Exposure, ObserverId, TlsInfo } from '@/lib/report/types';
import { loadReport, loadState, loadTls } from './fixtures';

/** One cell of the table. Throws when the observer is missing, so a wrong list fails loudly. */
function cell(report: ConnectionReport, observer: ObserverId, item: ExposedItem, opts?: ExposureOptions): Exposure {
  const view = exposure(report, opts).find((v) => v.observer === observer);
  if (!view) throw new Error(`no ${observer} view`);
  const found = view.items.find((e) => e.item === item);
  if (!found) throw new Error(`no ${item} in ${observer}`);
  return found;
}

/** visibility/value/why-key in one string, for compact assertions. */
function brief(e: Exposure): string {
  return [e.visibility, e.value ?? '-', e.why.key].join(' ');
}

function withTls(name: string, patch: Partial<TlsInfo>): ConnectionReport {
  return { ...loadReport(name), tls: { ...loadTls(name), ...patch } };
}

const CONTENT: ExposedItem[] = ['path', 'query', 'cookies', 'content'];

describe('shape', () => {
  it('lists observers in order, the proxy only when there is one, and every item once', () => {
    const direct = exposure(loadReport('firefox-private-dns'));
    expect(direct.map((v) => v.observer)).toEqual(['local-network', 'isp', 'dns-resolver', 'ca', 'site']);
    for (const view of direct) expect(view.items.map((e) => e.item)).toEqual([...EXPOSED_ITEMS]);
    const proxied = exposure(loadReport('firefox-proxy'));
    expect(proxied.map((v) => v.observer)).toEqual([...OBSERVERS]);
  });
});

describe('plain HTTP', () => {
  // The recorded login page was loaded without a query string: one is added so the row shows one.
  const report = { ...loadReport('plain-http'), url: `${loadReport('plain-http').url}?ref=home` };
  it('shows everything to the local network and the path, with the real values, and lets them modify', () => {
    expect(report.ip).toBeTruthy();
    for (const observer of ['local-network', 'isp'] as const) {
      expect(brief(cell(report, observer, 'ip'))).toBe(`visible ${report.ip} exposure_ip_path`);
      expect(brief(cell(report, observer, 'hostname-sni'))).toBe(`visible ${report.host} exposure_host_header`);
      expect(brief(cell(report, observer, 'path'))).toBe(`visible ${new URL(report.url).pathname} exposure_plain_visible`);
      expect(brief(cell(report, observer, 'query'))).toBe('visible ?ref=home exposure_plain_visible');
      expect(brief(cell(report, observer, 'cookies'))).toBe('visible - exposure_plain_visible');
      expect(brief(cell(report, observer, 'content'))).toBe('visible - exposure_plain_visible');
      expect(brief(cell(report, observer, 'can-modify'))).toBe('visible - exposure_plain_modify');
      expect(brief(cell(report, observer, 'certificate'))).toBe('hidden - exposure_no_certificate');
    }
  });
  it('DNS privacy is unknown for plain HTTP (Firefox gives it only with security info)', () => {
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('unknown - exposure_dns_unknown');
  });
  it('the resolver could redirect unnoticed; no CA is involved', () => {
    expect(brief(cell(report, 'dns-resolver', 'can-modify'))).toBe('visible - exposure_dns_can_redirect');
    expect(brief(cell(report, 'dns-resolver', 'hostname-dns'))).toBe(`visible ${report.host} exposure_dns_resolver_sees`);
    for (const item of EXPOSED_ITEMS) expect(cell(report, 'ca', item).visibility).toBe('hidden');
  });
});

describe('HTTPS', () => {
  it('hides path, query, cookies and content from everyone but the site', () => {
    // Hand-made: "hidden" needs a built-in root, which no recorded test site has (see below).
    const report = loadReport('firefox-ech');
    for (const observer of ['local-network', 'isp', 'dns-resolver', 'ca'] as const) {
      for (const item of CONTENT) expect(cell(report, observer, item).visibility).toBe('hidden');
      expect(cell(report, observer, 'can-modify').visibility).toBe('hidden');
    }
    expect(brief(cell(report, 'site', 'path'))).toBe('visible /search exposure_site_endpoint');
    expect(brief(cell(report, 'site', 'query'))).toBe('visible ?q=onlooker exposure_site_endpoint');
    expect(cell(report, 'site', 'content').visibility).toBe('visible');
  });

  it('the IP is always visible to the network and the path, with the real address, private DNS or not', () => {
    const report = loadReport('firefox-private-dns');
    expect(report.ip).toBeTruthy();
    expect(brief(cell(report, 'local-network', 'ip'))).toBe(`visible ${report.ip} exposure_ip_path`);
    expect(brief(cell(report, 'isp', 'ip'))).toBe(`visible ${report.ip} exposure_ip_path`);
    expect(cell(report, 'isp', 'timing-size').visibility).toBe('visible');
  });

  it('private DNS (recorded under Firefox DoH) hides the lookup, the resolver still sees it, and without ECH the hello names the host', () => {
    const report = loadReport('firefox-private-dns');
    expect(report.tls?.privateDns).toBe(true);
    expect(report.tls?.ech).toBe(false);
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('hidden - exposure_dns_private');
    expect(brief(cell(report, 'dns-resolver', 'hostname-dns'))).toBe(`visible ${report.host} exposure_dns_private_resolver_sees`);
    expect(brief(cell(report, 'isp', 'hostname-sni'))).toBe(`visible ${report.host} exposure_sni_clear`);
  });

  it('ECH hides the name in the handshake (hand-made: no ECH server here)', () => {
    const report = loadReport('firefox-ech');
    expect(brief(cell(report, 'isp', 'hostname-sni'))).toBe('hidden - exposure_ech');
    expect(brief(cell(report, 'local-network', 'hostname-sni'))).toBe('hidden - exposure_ech');
  });

  it('without private DNS the name shows twice', () => {
    // The same page recorded without DoH: Firefox says usedPrivateDns false.
    const report = loadReport('firefox-tls13-test-ca');
    expect(report.tls?.privateDns).toBe(false);
    expect(brief(cell(report, 'local-network', 'hostname-sni'))).toBe(`visible ${report.host} exposure_sni_clear`);
    expect(brief(cell(report, 'local-network', 'hostname-dns'))).toBe(`visible ${report.host} exposure_dns_clear`);
  });

  it('Chromium without inspection: ECH, DNS and certificate are unknown, content still hidden', () => {
    const report = loadReport('chromium-uninspected');
    expect(brief(cell(report, 'isp', 'hostname-sni'))).toBe('unknown - exposure_ech_unknown');
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('unknown - exposure_dns_unknown');
    expect(brief(cell(report, 'isp', 'certificate'))).toBe('unknown - exposure_cert_unknown');
    expect(brief(cell(report, 'isp', 'path'))).toBe('hidden - exposure_https_hides');
    expect(brief(cell(report, 'ca', 'certificate'))).toBe('unknown - exposure_ca_ocsp_unknown');
  });

  it('Chromium inspected: ECH known (false), private DNS still unknown', () => {
    const report = loadReport('chromium-inspected');
    expect(report.tls?.ech).toBe(false);
    expect(brief(cell(report, 'isp', 'hostname-sni'))).toBe(`visible ${report.host} exposure_sni_clear`);
    expect(cell(report, 'isp', 'hostname-dns').visibility).toBe('unknown');
  });

  it('TLS 1.2 sends the certificate in clear, naming subject and issuer; TLS 1.3 encrypts it', () => {
    const leaf = loadTls('firefox-tls12-cbc').certificates![0]!;
    expect(leaf.subjectCN).toBeTruthy();
    expect(leaf.issuerCN).toBeTruthy();
    const tls12 = cell(loadReport('firefox-tls12-cbc'), 'isp', 'certificate');
    expect(tls12).toEqual({
      item: 'certificate',
      visibility: 'visible',
      value: leaf.subjectCN,
      why: { key: 'exposure_cert_clear', params: [leaf.subjectCN, leaf.issuerCN] },
    });
    expect(brief(cell(loadReport('firefox-private-dns'), 'isp', 'certificate'))).toBe('hidden - exposure_cert_tls13');
    const noChain = withTls('firefox-tls12-cbc', { certificates: [] });
    expect(brief(cell(noChain, 'isp', 'certificate'))).toBe('visible - exposure_cert_clear_unnamed');
  });

  it('the CA learns of the visit only through OCSP, and then via the serial number', () => {
    // The recorded test sites staple nothing and are not asked about, so OCSP is set here.
    const recorded = loadReport('firefox-tls12-cbc');
    expect(brief(cell(recorded, 'ca', 'certificate'))).toBe('hidden - exposure_ca_not_contacted');
    const ocsp = withTls('firefox-tls12-cbc', { ocspUsed: true });
    const serial = ocsp.tls!.certificates![0]!.serialNumber!;
    expect(serial).toBeTruthy();
    expect(brief(cell(ocsp, 'ca', 'certificate'))).toBe(`visible ${serial} exposure_ca_ocsp_cert`);
    expect(brief(cell(ocsp, 'ca', 'hostname-sni'))).toBe(`visible ${ocsp.host} exposure_ca_ocsp_host`);
    expect(brief(cell(ocsp, 'ca', 'ip'))).toBe('hidden - exposure_ca_never');
    const none = loadReport('firefox-private-dns');
    expect(brief(cell(none, 'ca', 'certificate'))).toBe('hidden - exposure_ca_not_contacted');
    expect(brief(cell(none, 'ca', 'hostname-sni'))).toBe('hidden - exposure_ca_not_contacted');
  });

  it('a custom root or an overridden error makes HTTPS content unknown on the path, not hidden', () => {
    const custom = loadReport('firefox-tls13-test-ca');
    expect(brief(cell(custom, 'isp', 'content'))).toBe('unknown - exposure_custom_root');
    expect(brief(cell(custom, 'isp', 'can-modify'))).toBe('unknown - exposure_custom_root');
    expect(brief(cell(custom, 'dns-resolver', 'can-modify'))).toBe('unknown - exposure_custom_root');
    const overridden = loadReport('firefox-overridden-expired');
    expect(brief(cell(overridden, 'local-network', 'cookies'))).toBe('unknown - exposure_override_risk');
  });

  it('an IP-literal host has no DNS lookup and no SNI', () => {
    const report = { ...loadReport('firefox-private-dns'), url: 'https://203.0.113.7/', host: '203.0.113.7', ip: '203.0.113.7' };
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('hidden - exposure_no_dns_ip');
    expect(brief(cell(report, 'isp', 'hostname-sni'))).toBe('hidden - exposure_no_sni_ip');
    expect(cell(report, 'dns-resolver', 'ip').why.key).toBe('exposure_no_dns_ip');
  });
});

describe('local destinations', () => {
  it('loopback: nothing reaches the local network or the path; localhost is not looked up', () => {
    const report = loadReport('localhost-http');
    for (const observer of ['local-network', 'isp'] as const) {
      for (const item of EXPOSED_ITEMS) expect(brief(cell(report, observer, item))).toBe('hidden - exposure_loopback');
    }
    expect(cell(report, 'dns-resolver', 'hostname-dns').why.key).toBe('exposure_no_dns_localhost');
    expect(brief(cell(report, 'site', 'path'))).toBe('visible / exposure_site_endpoint');
  });

  it('a LAN device over HTTP: the local network sees everything, the provider only maybe the DNS lookup', () => {
    const report = loadReport('lan-router-http');
    expect(brief(cell(report, 'local-network', 'content'))).toBe('visible - exposure_plain_visible');
    expect(brief(cell(report, 'isp', 'content'))).toBe('hidden - exposure_stays_on_lan');
    expect(brief(cell(report, 'isp', 'ip'))).toBe('hidden - exposure_stays_on_lan');
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('hidden - exposure_no_dns_ip');
    const named = { ...report, url: 'http://fritz.box/', host: 'fritz.box' };
    expect(brief(cell(named, 'isp', 'hostname-dns'))).toBe('unknown - exposure_dns_unknown');
  });
});

describe('proxy', () => {
  // Recorded: secure.test through an HTTP proxy on the LAN. Names and addresses are the recording's.
  const report = loadReport('firefox-proxy');
  const { host } = report;
  it('the recording is of a proxied HTTPS load whose IP is the proxy’s', () => {
    expect(report.scheme).toBe('https');
    expect(report.proxy).toMatchObject({ type: 'http' });
    expect(report.ip).toBe(report.proxy!.host);
  });
  it('the proxy sees the name (CONNECT) and the timing, not the HTTPS content', () => {
    expect(brief(cell(report, 'proxy', 'hostname-dns'))).toBe(`visible ${host} exposure_proxy_resolves`);
    expect(brief(cell(report, 'proxy', 'hostname-sni'))).toBe(`visible ${host} exposure_proxy_named`);
    expect(brief(cell(report, 'proxy', 'ip'))).toBe('visible - exposure_proxy_connects');
    expect(cell(report, 'proxy', 'timing-size').visibility).toBe('visible');
    // The recorded chain ends in the test root, which is not built in: the proxy may be the one
    // that issued it, so whether it reads the content is unknown.
    for (const item of CONTENT) expect(brief(cell(report, 'proxy', item))).toBe('unknown - exposure_custom_root');
    // With a built-in root the tunnel hides it.
    const builtIn = { ...report, tls: { ...report.tls!, rootBuiltIn: true } };
    for (const item of CONTENT) expect(cell(builtIn, 'proxy', item).visibility).toBe('hidden');
  });
  it('the local network sees the proxy address and the CONNECT line; the path sees the site past the proxy', () => {
    expect(cell(report, 'local-network', 'ip')).toEqual({
      item: 'ip',
      visibility: 'hidden',
      why: { key: 'exposure_ip_proxy_only', params: [`${report.proxy!.host}:${report.proxy!.port}`] },
    });
    expect(brief(cell(report, 'local-network', 'hostname-sni'))).toBe(`visible ${host} exposure_connect_clear`);
    expect(brief(cell(report, 'local-network', 'hostname-dns'))).toBe('hidden - exposure_dns_by_proxy');
    expect(brief(cell(report, 'isp', 'ip'))).toBe('visible - exposure_ip_beyond_proxy');
    expect(brief(cell(report, 'isp', 'hostname-dns'))).toBe('unknown - exposure_dns_by_proxy_unknown');
    // The proxy resolves, so your own resolver is never asked.
    expect(brief(cell(report, 'dns-resolver', 'hostname-dns'))).toBe('hidden - exposure_dns_by_proxy');
    // The site's IP is the proxy's in the report: never shown as the site's.
    expect(cell(report, 'site', 'ip').value).toBeUndefined();
  });
  it('plain HTTP through an HTTP proxy: the proxy reads and can change everything', () => {
    // The recorded plain-HTTP page, as if loaded through the recorded proxy.
    const plain: ConnectionReport = { ...loadReport('plain-http'), proxy: report.proxy! };
    expect(brief(cell(plain, 'proxy', 'path'))).toBe(`visible ${new URL(plain.url).pathname} exposure_plain_visible`);
    expect(brief(cell(plain, 'proxy', 'content'))).toBe('visible - exposure_plain_visible');
    expect(brief(cell(plain, 'proxy', 'can-modify'))).toBe('visible - exposure_plain_modify');
  });
  it('an HTTPS proxy hides even plain HTTP from the local network, not from the path beyond', () => {
    const plain: ConnectionReport = { ...loadReport('plain-http'), proxy: { type: 'https', host: 'p.example', port: 443 } };
    expect(brief(cell(plain, 'local-network', 'content'))).toBe('hidden - exposure_proxy_tunnel');
    expect(brief(cell(plain, 'local-network', 'hostname-sni'))).toBe('hidden - exposure_proxy_tunnel');
    expect(brief(cell(plain, 'isp', 'content'))).toBe('visible - exposure_plain_visible');
  });
  it('SOCKS without remote DNS: the browser resolves and the SNI rule applies', () => {
    const socks: ConnectionReport = { ...report, proxy: { type: 'socks', host: 'socks.example', port: 1080, proxyDns: false } };
    expect(brief(cell(socks, 'proxy', 'hostname-dns'))).toBe('hidden - exposure_proxy_gets_ip');
    expect(brief(cell(socks, 'proxy', 'hostname-sni'))).toBe(`visible ${host} exposure_sni_clear`);
    expect(brief(cell(socks, 'dns-resolver', 'hostname-dns'))).toBe(`visible ${host} exposure_dns_resolver_sees`);
    const remote: ConnectionReport = { ...socks, proxy: { ...socks.proxy!, proxyDns: true } };
    expect(brief(cell(remote, 'local-network', 'hostname-sni'))).toBe(`visible ${host} exposure_socks_clear`);
    const unsure: ConnectionReport = { ...socks, proxy: { type: 'socks', host: 'socks.example', port: 1080 } };
    expect(brief(cell(unsure, 'dns-resolver', 'hostname-dns'))).toBe('unknown - exposure_proxy_dns_unknown');
  });
  it('a proxy on this computer: what reaches the network is unknown', () => {
    const local: ConnectionReport = { ...report, ip: '127.0.0.1', proxy: { type: 'socks', host: '127.0.0.1', port: 9050, proxyDns: true } };
    for (const item of EXPOSED_ITEMS) expect(brief(cell(local, 'isp', item))).toBe('unknown - exposure_local_proxy');
  });
});

describe('page-level and edge cases', () => {
  it('mixed forms and subresources make content visible on the path; upgraded media do not', () => {
    const state = loadState('chromium-mixed');
    const report = state.main!;
    expect(brief(cell(report, 'isp', 'content', { mixed: state.mixed }))).toBe('visible - exposure_mixed_content');
    expect(cell(report, 'isp', 'content', { mixed: state.mixed }).why.params).toEqual([2]);
    expect(brief(cell(report, 'local-network', 'can-modify', { mixed: state.mixed }))).toBe('visible - exposure_mixed_modify');
    expect(cell(report, 'isp', 'path', { mixed: state.mixed }).visibility).toBe('hidden');
    const upgradedOnly = { mixed: state.mixed.filter((m) => m.kind === 'upgraded') };
    expect(cell(report, 'isp', 'content', upgradedOnly).visibility).toBe('hidden');
  });

  it('a certificate error stops before the request: nobody, not even the site, gets path or cookies', () => {
    const report = loadReport('chromium-err-cert');
    // Chromium names no address for a load it blocked (as recorded); a public one is set so the
    // rule shown is the blocked load's, whatever an address would add.
    expect(report.ip).toBeUndefined();
    for (const observer of ['local-network', 'site'] as const) {
      for (const item of [...CONTENT, 'can-modify'] as const) {
        expect(brief(cell({ ...report, ip: '203.0.113.5' }, observer, item))).toBe('hidden - exposure_blocked_before_request');
      }
    }
  });

  it.each(['firefox-cached', 'chromium-cached'])('a cache hit sent nothing: hidden everywhere (%s)', (name) => {
    for (const view of exposure(loadReport(name))) {
      for (const e of view.items) expect(brief(e)).toBe('hidden - exposure_from_cache');
    }
  });

  it('file:, browser pages and unknown schemes', () => {
    const base = loadReport('plain-http');
    const file = exposure({ ...base, scheme: 'file', url: 'file:///a.html', host: '' });
    expect(file.every((v) => v.items.every((e) => e.visibility === 'hidden' && e.why.key === 'exposure_no_network'))).toBe(true);
    const other = exposure({ ...base, scheme: 'other', url: 'gopher://x/', host: 'x' });
    expect(other.every((v) => v.items.every((e) => e.visibility === 'unknown'))).toBe(true);
  });

  it('an unparsable URL or missing IP leaves values out instead of inventing them', () => {
    const { ip: _ip, ...noIp } = loadReport('plain-http');
    const e = cell({ ...noIp, url: 'not a url' }, 'isp', 'ip');
    expect(e).toEqual({ item: 'ip', visibility: 'visible', why: { key: 'exposure_ip_path' } });
    expect(cell({ ...noIp, url: 'not a url' }, 'isp', 'path').value).toBeUndefined();
  });

  it('unknown TLS protocol string: the certificate row is unknown', () => {
    expect(brief(cell(withTls('chromium-inspected', { protocol: 'SuperTLS' }), 'isp', 'certificate'))).toBe(
      'unknown - exposure_cert_unknown',
    );
  });
});

describe('secret fields that travel in clear', () => {
  it('plain HTTP: the content the way reads names the password (before the card); the site is the site', () => {
    const report = loadReport('plain-http');
    const both = { secrets: ['password', 'card'] as const };
    for (const observer of ['local-network', 'isp'] as const) {
      expect(brief(cell(report, observer, 'content', both))).toBe('visible - exposure_secret_password');
      expect(brief(cell(report, observer, 'content', { secrets: ['card'] }))).toBe('visible - exposure_secret_card');
      expect(brief(cell(report, observer, 'content'))).toBe('visible - exposure_plain_visible');
    }
    expect(cell(report, 'site', 'content', both).why.key).toBe('exposure_site_endpoint');
  });

  it('HTTPS: named only where a form makes the content readable; loopback and the provider of a LAN page see none', () => {
    const https = loadReport('chromium-uninspected');
    expect(brief(cell(https, 'isp', 'content', { secrets: ['password'] }))).toBe('hidden - exposure_https_hides');
    const form = { mixed: [{ kind: 'form' as const, url: 'http://x.example/' }], secrets: ['password'] as const };
    expect(brief(cell(https, 'isp', 'content', form))).toBe('visible - exposure_secret_password');
    expect(cell(loadReport('localhost-http'), 'local-network', 'content', form).why.key).toBe('exposure_loopback');
    const lan = loadReport('lan-router-http');
    expect(cell(lan, 'local-network', 'content', form).why.key).toBe('exposure_secret_password');
    expect(cell(lan, 'isp', 'content', form).why.key).toBe('exposure_stays_on_lan');
  });
});
