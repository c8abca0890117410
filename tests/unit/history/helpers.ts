import type { CertSummary } from '../../../lib/report/types';
import type { VisitInput, VisitTls } from '../../../lib/history/input';
import { HistoryDb } from '../../../lib/history/schema';

let n = 0;
/** A fresh database with a unique name (fake-indexeddb is shared by the whole test file). */
export function freshDb(): HistoryDb {
  n += 1;
  return new HistoryDb(`test-history-${n}-${Math.random().toString(36).slice(2)}`);
}

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 10, 1, 12);

/** A leaf certificate summary; `id` makes sha256 / spki distinct. */
export function leaf(id: string, over: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: `CN=site.test`,
    issuer: `CN=R11,O=Let's Encrypt,C=US`,
    subjectCN: 'site.test',
    issuerCN: 'R11',
    issuerOrg: "Let's Encrypt",
    notBefore: T0 - 30 * DAY,
    notAfter: T0 + 60 * DAY,
    sha256: `SHA:${id}`,
    spkiSha256: `SPKI:${id}`,
    der: btoa(`der-of-${id}`),
    ...over,
  };
}

export function tls(over: Partial<VisitTls> = {}): VisitTls {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    group: 'x25519',
    ech: false,
    rootBuiltIn: true,
    leaf: leaf('a'),
    ...over,
  };
}

/** An HTTPS visit to site.test in tab 1 at T0 unless overridden. */
export function visit(over: Partial<VisitInput> = {}): VisitInput {
  const host = over.host ?? 'site.test';
  const scheme = over.scheme ?? 'https';
  return {
    tabId: 1,
    navStart: T0,
    url: `${scheme}://${host}/`,
    transition: 'other',
    incognito: false,
    host,
    scheme,
    verdict: scheme === 'http' ? 'http' : 'secure',
    ip: '192.0.2.1',
    httpVersion: 'HTTP/2',
    ...(scheme === 'https' ? { tls: tls() } : {}),
    ...over,
  };
}
