/**
 * Importing a JSON backup (lib/history/import.ts): file text → parse → validate every row →
 * one write transaction, in Node against fake-indexeddb (the in-memory IndexedDB the unit tests
 * use; a real browser's IndexedDB is faster per row, so these CPU figures are an upper bound
 * for the import's own work).
 *
 * Measured as process CPU time (user + system) of the whole import, for:
 *  - 100,000 visits over 500 sites (the case: 46 s before; budget 5 s),
 *  - 16,000 distinct sites with one visit each (7.8 s before),
 *  - 1,000,000 visits over 5,000 sites (reported, no budget; IMPORT_BENCH_BIG=0 skips it),
 *  - 100,000 visits all in the same millisecond (each needs a free key: must stay linear).
 * Linearity is shown by the CPU time per visit at 10k and 100k.
 */
import 'fake-indexeddb/auto';
import { EXPORT_FORMAT, EXPORT_VERSION, type HistoryExport } from '@/lib/history/export';
import { importBackup } from '@/lib/history/import';
import { HistoryDb } from '@/lib/history/schema';
import { report } from './stats';

const BUDGET_100K_CPU_S = 5;
const DAY = 86_400_000;

/** A plausible backup: `visits` rows over `sites` hosts, one certificate per host, a few events. */
function syntheticBackup(visits: number, sites: number, sameMs = false): HistoryExport {
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
  };
  for (let i = 0; i < visits; i++) {
    const h = i % sites;
    const http = h % 17 === 0;
    out.visits.push({
      time: sameMs ? end : Math.floor(start + i * step),
      host: hosts[h]!,
      scheme: http ? 'http' : 'https',
      verdict: http ? 'http' : 'secure',
      ...(http
        ? {}
        : { tls: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'x25519', cert: sha(h), ech: false }),
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

let dbs = 0;
async function measure(label: string, backup: HistoryExport): Promise<number> {
  const text = JSON.stringify(backup);
  const db = new HistoryDb(`import-bench-${++dbs}`);
  await db.open();
  (globalThis as { gc?: () => void }).gc?.();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let updates = 0;
  const outcome = await importBackup(db, text, { onProgress: () => void updates++ });
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  if (!outcome.ok) throw new Error(`${label}: refused: ${JSON.stringify(outcome.problem)}`);
  const stored = await db.visits.count();
  const s = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label}: ${s.toFixed(2)} s CPU, ${(wall / 1000).toFixed(2)} s wall, ${((s * 1e6) / backup.visits.length).toFixed(1)} µs/visit, ` +
      `${(text.length / 1e6).toFixed(1)} MB, ${stored} visits stored, ${updates} progress updates`,
  );
  db.close();
  await HistoryDb.delete(db.name);
  return s;
}

async function main(): Promise<boolean> {
  const { readFileSync } = await import('node:fs');
  console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  await measure('10,000 visits over 500 sites', syntheticBackup(10_000, 500));
  const s100k = await measure('100,000 visits over 500 sites', syntheticBackup(100_000, 500));
  await measure('16,000 visits over 16,000 distinct sites', syntheticBackup(16_000, 16_000));
  await measure('100,000 visits in the same millisecond over 500 sites', syntheticBackup(100_000, 500, true));
  if (process.env['IMPORT_BENCH_BIG'] !== '0') {
    await measure('1,000,000 visits over 5,000 sites', syntheticBackup(1_000_000, 5_000));
  }
  return report('import 100,000 visits (CPU)', s100k, 's', BUDGET_100K_CPU_S);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
