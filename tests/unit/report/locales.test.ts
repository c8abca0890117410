import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { badgeSpec } from '@/lib/report/badge';
import { exposure } from '@/lib/report/exposure';
import { exposedItemKey, observerKeys, verdictTitleKey, visibilityKey } from '@/lib/report/labels';
import { REPORT_MESSAGES, type ReportMessageKey } from '@/lib/report/message-keys';
import { reportVerdict, verdict } from '@/lib/report/verdict';
import { chromiumErrorKind } from '@/lib/engines/chromium';
import {
  SECRET_FIELD_KINDS,
  type ConnectionReport,
  type ExposedItem,
  type ObserverId,
  type Reason,
  type VerdictKind,
} from '@/lib/report/types';
import { FIXTURES, loadReport, loadState } from './fixtures';

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

function readLocale(locale: string): Record<string, Message> {
  const url = new URL(`../../../public/_locales/${locale}/messages.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, Message>;
}

const LOCALES = { en: readLocale('en'), de: readLocale('de') };
const CATALOG = REPORT_MESSAGES as Record<string, readonly string[]>;
const OWN_PREFIX = /^(verdict|reason|observer|exposure|badge)_/;

describe.each(Object.entries(LOCALES))('_locales/%s/messages.json', (_locale, messages) => {
  it.each(Object.keys(CATALOG))('%s exists with matching placeholders', (key) => {
    const entry = messages[key];
    expect(entry, key).toBeDefined();
    if (!entry) return;
    expect(entry.message.trim().length).toBeGreaterThan(0);
    const names = CATALOG[key] ?? [];
    const placeholders = entry.placeholders ?? {};
    // Placeholder names and their $n order match the parameters reason() passes.
    expect(Object.keys(placeholders)).toEqual([...names]);
    names.forEach((name, i) => expect(placeholders[name]?.content).toBe(`$${i + 1}`));
    // The message uses each placeholder and no other; a lone "$" would be eaten by the i18n API.
    const used = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase());
    expect(new Set(used)).toEqual(new Set(names));
    expect(entry.message.replace(/\$[A-Za-z0-9_]+\$/g, '')).not.toMatch(/\$(?!\$)/);
  });

  it("has no stray keys in lib/report's prefixes (a renamed key would leave one behind)", () => {
    const stray = Object.keys(messages).filter((k) => OWN_PREFIX.test(k) && !(k in CATALOG));
    expect(stray).toEqual([]);
  });
});

describe('translations', () => {
  it('German is a real translation: differs from English except for words that are the same', () => {
    const same = Object.keys(CATALOG).filter((k) => LOCALES.de[k]?.message === LOCALES.en[k]?.message);
    expect(same).toEqual(['observer_proxy']);
  });

  it('key names are valid for chrome.i18n', () => {
    for (const key of Object.keys(CATALOG)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });
});

/** Every reason the functions produce over the fixtures and a battery of variants. */
function producedReasons(): Reason[] {
  const out: Reason[] = [];
  const reports: ConnectionReport[] = [];
  for (const name of FIXTURES) {
    const state = loadState(name);
    out.push(...verdict(state).reasons);
    if (state.main) reports.push(state.main);
  }
  out.push(...verdict({ v: 1, tabId: 1, url: 'https://a.example/', hosts: {}, hostsDropped: 0, mixed: [], updatedAt: 0 }).reasons);
  const base = loadReport('firefox-ech');
  const tls = base.tls!;
  const variants: Partial<ConnectionReport>[] = [
    {
      tls: {
        ...tls,
        protocol: 'TLSv1',
        cipher: 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA',
        secretKeyLength: 40,
        signatureScheme: 'RSA-PKCS1-SHA1',
        weaknessReasons: ['cipher'],
      },
    },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'TLS_DH_anon_WITH_NULL_SHA', signatureScheme: '0x0101' } },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' } },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_RC4_128_MD5' } },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC' } },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', certificates: [] } },
    { host: '203.0.113.7', url: 'https://203.0.113.7/' },
    { tls: { ...tls, protocol: 'TLSv1.2', cipher: 'FOO' } },
    { tls: { ...tls, protocol: 'bogus' } },
    { tls: { certificates: [], source: 'chromium-webrequest' } },
    { tls: { certificates: [], source: 'firefox-security-info' } },
    { tls: { ...tls, rootBuiltIn: false, certificates: [] } },
    {
      tls: {
        ...tls,
        certificates: tls.certificates.map((c) => ({
          ...c,
          signatureAlgorithm: 'md5WithRSA',
          publicKeyAlgorithm: 'RSA',
          publicKeyBits: 1024,
        })),
      },
    },
    { tls: { ...tls, certificates: tls.certificates.map((c) => ({ ...c, signatureAlgorithm: 'sha1WithRSA' })) } },
    ...(['trust_error', 'domain_mismatch', 'expired_or_not_yet_valid', 'unknown'] as const).map((o) => ({
      tls: { ...tls, overriddenError: o },
    })),
    ...(['not-inspected', 'cached', 'permission', 'preexisting', 'unavailable'] as const).map((u) => ({ tls: undefined, tlsUnknown: u })),
    ...[
      'net::ERR_CERT_DATE_INVALID',
      'net::ERR_CERT_AUTHORITY_INVALID',
      'net::ERR_CERT_COMMON_NAME_INVALID',
      'net::ERR_CERT_REVOKED',
      'net::ERR_SSL_PROTOCOL_ERROR',
      'net::ERR_CONNECTION_RESET',
    ].map((error) => ({ error, errorKind: chromiumErrorKind(error) })),
    { errorKind: 'cert-other' as const },
    { error: 'Peer reports incompatible or unsupported protocol version.', errorKind: 'secure-connection-failed' as const },
    { scheme: 'file' as const },
    { scheme: 'browser' as const },
    { scheme: 'other' as const },
    { scheme: 'http' as const, host: '10.0.0.1' },
    { proxy: { type: 'socks', host: '127.0.0.1', port: 9050 } },
    { proxy: { type: 'https', host: 'p.example', port: 443 }, scheme: 'http' as const },
    { proxy: { type: 'socks', host: 's.example', port: 1080, proxyDns: true } },
    {
      proxy: { type: 'socks', host: 's.example', port: 1080, proxyDns: false },
      tls: { ...tls, ech: false, privateDns: false, ocspUsed: true, protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
    },
    { host: 'localhost', url: 'https://localhost/' },
    { host: '::1', url: 'https://[::1]/' },
  ];
  for (const v of variants) reports.push({ ...base, ...v });
  const mixed = loadState('firefox-mixed').mixed;
  // Secret fields name the content they are in, so each kind is also produced without the mixed content.
  const pages = [{ mixed }, { mixed, secrets: SECRET_FIELD_KINDS }, ...SECRET_FIELD_KINDS.map((k) => ({ secrets: [k] }))];
  for (const r of reports) {
    for (const page of pages) {
      out.push(...reportVerdict(r, page).reasons);
      for (const view of exposure(r, page)) for (const e of view.items) out.push(e.why);
    }
  }
  return out;
}

describe('every reason the core produces', () => {
  const produced = producedReasons();

  it('exists in both locales with as many substitutions as it has parameters', () => {
    for (const r of produced) {
      const names = CATALOG[r.key];
      expect(names, r.key).toBeDefined();
      expect(r.params?.length ?? 0, r.key).toBe(names?.length);
      for (const messages of Object.values(LOCALES)) {
        expect(Object.keys(messages[r.key]?.placeholders ?? {}).length, r.key).toBe(r.params?.length ?? 0);
      }
    }
  });

  it('covers most of the catalog (a large unused part would mean dead messages)', () => {
    const reasonKeys = Object.keys(CATALOG).filter(
      (k) => /^(reason|exposure)_/.test(k) && !/^exposure_(item|visible|hidden|unknown$)/.test(k),
    );
    const used = new Set<string>(produced.map((r) => r.key));
    const unused = reasonKeys.filter((k) => !used.has(k));
    expect(unused).toEqual([]);
  });

  it('badge and label keys exist in both locales', () => {
    const kinds: VerdictKind[] = ['secure', 'weak', 'http', 'mixed', 'overridden', 'broken', 'custom-root', 'local', 'unknown'];
    const observers: ObserverId[] = ['local-network', 'isp', 'dns-resolver', 'proxy', 'ca', 'site'];
    const items: ExposedItem[] = [
      'ip',
      'hostname-dns',
      'hostname-sni',
      'certificate',
      'timing-size',
      'path',
      'query',
      'cookies',
      'content',
      'can-modify',
    ];
    const keys: ReportMessageKey[] = [
      ...kinds.map((k) => badgeSpec({ kind: k, reasons: [] }).titleKey),
      badgeSpec({ kind: 'unknown', reasons: [{ key: 'reason_tls_not_inspected' }] }, 'https').titleKey,
      badgeSpec({ kind: 'unknown', reasons: [] }, 'https').titleKey,
      ...kinds.map(verdictTitleKey),
      ...observers.flatMap((o) => [observerKeys(o).name, observerKeys(o).hint]),
      ...items.map(exposedItemKey),
      ...(['visible', 'hidden', 'unknown'] as const).map(visibilityKey),
    ];
    for (const key of keys) for (const messages of Object.values(LOCALES)) expect(messages[key]?.message, key).toBeTruthy();
    expect(new Set(keys).size).toBe(keys.length);
  });
});
