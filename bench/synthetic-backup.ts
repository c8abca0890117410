/**
 * Synthetic JSON backups for the import bench (bench/import.bench.ts): a plausible shape (one
 * certificate per HTTPS host, a plain-HTTP host in 17, a reload in ten visits, a few events),
 * generated, not captured. Runs in Node and, bundled, in the extension page.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, type HistoryExport } from '@/lib/history/export';

const DAY = 86_400_000;

/** A plausible backup: `visits` rows over `sites` hosts, one certificate per host, a few events. */
export function syntheticBackup(visits: number, sites: number, sameMs = false): HistoryExport {
  const end = Date.now() - DAY;
  const start = end - 80 * DAY;
  const step = (end - start) / visits;
  const hosts = Array.from({ length: sites }, (_, i) => `site${i}.example.test`);
  const sha = (i: number) => `AA:${i.toString(16).toUpperCase().padStart(6, '0')}:${'0F:'.repeat(28)}FF`;
  const der = btoa('x'.repeat(1200));
  const out: HistoryExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    schemaVersion: 2,
    exportedAt: end,
    visits: [],
    certificates: [],
    sites: [],
    events: [],
    expectations: [],
  };
  for (let i = 0; i < visits; i++) {
    const h = i % sites;
    const http = h % 17 === 0;
    out.visits.push({
      time: sameMs ? end : Math.floor(start + i * step),
      host: hosts[h]!,
      scheme: http ? 'http' : 'https',
      verdict: http ? 'http' : 'secure',
      ...(http ? {} : { tls: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'x25519', cert: sha(h), ech: false }),
      ip: `192.0.2.${h % 250}`,
      httpVersion: 'HTTP/2',
      ...(i % 10 === 0 ? { reloads: 1 } : {}),
    });
  }
  for (let h = 0; h < sites; h++) {
    const http = h % 17 === 0;
    if (!http) {
      out.certificates.push({
        sha256: sha(h),
        subject: `CN=${hosts[h]}`,
        issuer: "CN=R11,O=Let's Encrypt,C=US",
        subjectCN: hosts[h]!,
        issuerCN: 'R11',
        issuerOrg: "Let's Encrypt",
        notBefore: start - 10 * DAY,
        notAfter: end + 50 * DAY,
        sans: [hosts[h]!],
        der,
        hosts: [hosts[h]!],
        firstSeen: start,
        lastSeen: end,
      });
    }
    out.sites.push({
      host: hosts[h]!,
      firstSeen: start,
      lastSeen: end,
      visits: Math.ceil(visits / sites),
      reloads: 0,
      httpVisits: http ? Math.ceil(visits / sites) : 0,
      snap: { scheme: http ? 'http' : 'https', verdict: http ? 'http' : 'secure', ...(http ? {} : { tls: 'TLSv1.3', certSha256: sha(h) }) },
      ...(http ? {} : { cert: sha(h) }),
    });
    if (h % 50 === 0) out.events.push({ time: end - h, host: hosts[h]!, kind: 'cert-changed', from: 'R10', to: 'R11' });
  }
  return out;
}
