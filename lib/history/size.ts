/**
 * Storage size estimate and synthetic data, for the "≤ 300 bytes per visit with 100k visits"
 * budget. Not imported by the extension; used by tests and the benchmark.
 *
 * Model (an estimate: each engine serialises and compresses differently):
 *  - value bytes: the record as JSON (UTF-8), binary fields (DER) counted as raw bytes, which is
 *    close to the structured-clone size before the engines' compression;
 *  - key bytes: each record's primary key, plus one entry per index (index key + primary key),
 *    with numbers as 9 bytes (type + double), strings as UTF-8 + 2, arrays as 2 + elements.
 * Every table counts, divided by the number of visits: certificates, sites and events are
 * amortised over the visits that refer to them.
 */
import type { CertSummary } from '../report/types';
import type { VisitInput } from './input';
import { writeBatch, type BatchResult, type QueuedVisit } from './logger';
import type { HistoryDb } from './schema';

/** Bytes of one table, values and keys. */
export interface TableSize {
  rows: number;
  valueBytes: number;
  keyBytes: number;
}

/** Result of `measureBytesPerVisit`. */
export interface SizeReport {
  visits: number;
  tables: Record<string, TableSize>;
  /** All tables, per visit. */
  perVisit: { values: number; keys: number; total: number };
}

const encoder = new TextEncoder();

/** Estimated stored bytes of a value (JSON, binary as raw bytes). */
export function valueBytes(value: unknown): number {
  let binary = 0;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) {
      binary += v.byteLength;
      return '';
    }
    return v;
  });
  return encoder.encode(json ?? '').length + binary;
}

/** Estimated bytes of an IndexedDB key. */
export function keyBytes(key: unknown): number {
  if (typeof key === 'number') return 9;
  if (typeof key === 'string') return encoder.encode(key).length + 2;
  if (Array.isArray(key)) return 2 + key.reduce((n: number, k: unknown) => n + keyBytes(k), 0);
  if (key instanceof Uint8Array) return key.byteLength + 2;
  return 9;
}

function pick(record: Record<string, unknown>, keyPath: string | string[] | null): unknown {
  if (keyPath === null) return undefined;
  if (Array.isArray(keyPath)) {
    const parts = keyPath.map((p) => record[p]);
    return parts.some((p) => p === undefined) ? undefined : parts;
  }
  return record[keyPath];
}

/** Walks every table of the history and returns the size estimate per visit. */
export async function measureBytesPerVisit(db: HistoryDb): Promise<SizeReport> {
  const tables: Record<string, TableSize> = {};
  for (const table of db.tables) {
    const size: TableSize = { rows: 0, valueBytes: 0, keyBytes: 0 };
    const primary = table.schema.primKey.keyPath ?? null;
    const indexes = table.schema.indexes.map((i) => i.keyPath ?? null);
    await table.each((rec: Record<string, unknown>, cursor) => {
      size.rows++;
      size.valueBytes += valueBytes(rec);
      const pk = primary === null ? cursor.primaryKey : pick(rec, primary);
      const pkBytes = keyBytes(pk);
      size.keyBytes += pkBytes;
      for (const path of indexes) {
        const k = pick(rec, path);
        if (k !== undefined) size.keyBytes += keyBytes(k) + pkBytes;
      }
    });
    tables[table.name] = size;
  }
  const visits = tables['visits']?.rows ?? 0;
  const values = Object.values(tables).reduce((n, t) => n + t.valueBytes, 0);
  const keys = Object.values(tables).reduce((n, t) => n + t.keyBytes, 0);
  const per = (x: number): number => (visits === 0 ? 0 : Math.round((x / visits) * 10) / 10);
  return { visits, tables, perVisit: { values: per(values), keys: per(keys), total: per(values + keys) } };
}

/** Small deterministic PRNG (mulberry32), so a benchmark sees the same data every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shape of the synthetic history. */
export interface SyntheticOptions {
  seed?: number;
  /** Time of the last visit, ms. Default 2026-11-20. */
  end?: number;
  /** Span of the history, days. Default 90. */
  days?: number;
  /** Distinct hosts. Default 2000. */
  hosts?: number;
}

const WORDS = ['news', 'shop', 'mail', 'cloud', 'media', 'bank', 'travel', 'forum', 'docs', 'video', 'maps', 'wiki'];
const TLDS = ['com', 'org', 'net', 'de', 'co.uk', 'io', 'fr'];
const SUBS = ['www', 'www', 'www', 'app', 'static', 'login', 'blog'];
const ISSUERS: [org: string, cn: string][] = [
  ["Let's Encrypt", 'R11'],
  ["Let's Encrypt", 'R10'],
  ['Google Trust Services', 'WR1'],
  ['DigiCert Inc', 'DigiCert Global G2 TLS RSA SHA256 2020 CA1'],
  ['Sectigo Limited', 'Sectigo RSA Domain Validation Secure Server CA'],
  ['Amazon', 'Amazon RSA 2048 M02'],
];

function hex(rand: () => number, bytes: number): string {
  const out: string[] = [];
  for (let i = 0; i < bytes; i++) out.push(Math.floor(rand() * 256).toString(16).toUpperCase().padStart(2, '0'));
  return out.join(':');
}

function base64Random(rand: () => number, bytes: number): string {
  let bin = '';
  for (let i = 0; i < bytes; i++) bin += String.fromCharCode(Math.floor(rand() * 256));
  return btoa(bin);
}

/**
 * `n` realistic visits over `days` days: a few thousand hosts visited with a long tail (a few
 * sites most of the time), ~5% of hosts on plain HTTP, TLS 1.3 mostly, IPv4 and IPv6, one
 * certificate per host renewed every 60 days (with a new key, as certbot does) with a real-sized
 * DER (1.1–1.8 KB), 1 in 10 navigations a reload.
 */
export function syntheticVisits(n: number, options: SyntheticOptions = {}): VisitInput[] {
  const rand = prng(options.seed ?? 1);
  const end = options.end ?? Date.UTC(2026, 10, 20);
  const days = options.days ?? 90;
  const hostCount = options.hosts ?? 2000;
  const start = end - days * 86_400_000;

  interface HostProfile {
    host: string;
    http: boolean;
    tls13: boolean;
    issuer: [string, string];
    ip: string;
    h3: boolean;
    weak: boolean;
    ech: boolean;
    offset: number;
  }
  const profiles: HostProfile[] = [];
  for (let i = 0; i < hostCount; i++) {
    const word = WORDS[Math.floor(rand() * WORDS.length)]!;
    const tld = TLDS[Math.floor(rand() * TLDS.length)]!;
    const sub = SUBS[Math.floor(rand() * SUBS.length)]!;
    const v6 = rand() < 0.2;
    profiles.push({
      host: `${sub}.${word}${i}.${tld}`,
      http: rand() < 0.05,
      tls13: rand() < 0.85,
      issuer: ISSUERS[Math.floor(rand() * ISSUERS.length)]!,
      ip: v6
        ? `2a00:1450:${Math.floor(rand() * 65536).toString(16)}:${Math.floor(rand() * 65536).toString(16)}::${Math.floor(rand() * 256).toString(16)}`
        : `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`,
      h3: rand() < 0.3,
      weak: rand() < 0.03,
      ech: rand() < 0.05,
      offset: Math.floor(rand() * 60),
    });
  }
  const certs = new Map<string, CertSummary>();
  const certFor = (p: HostProfile, time: number): CertSummary => {
    const period = Math.floor((time / 86_400_000 + p.offset) / 60);
    const id = `${p.host}#${period}`;
    let c = certs.get(id);
    if (!c) {
      const notBefore = (period * 60 - p.offset) * 86_400_000;
      c = {
        subject: `CN=${p.host}`,
        issuer: `CN=${p.issuer[1]},O=${p.issuer[0]},C=US`,
        subjectCN: p.host,
        issuerCN: p.issuer[1],
        issuerOrg: p.issuer[0],
        notBefore,
        notAfter: notBefore + 90 * 86_400_000,
        sha256: hex(rand, 32),
        serialNumber: hex(rand, 16),
        sans: [p.host, p.host.replace(/^[^.]+\./, '')],
        isBuiltInRoot: false,
        spkiSha256: base64Random(rand, 32),
        der: base64Random(rand, 1100 + Math.floor(rand() * 700)),
      };
      certs.set(id, c);
    }
    return c;
  };

  const out: VisitInput[] = [];
  const lastByTab = new Map<number, { url: string; host: string }>();
  for (let i = 0; i < n; i++) {
    const time = Math.floor(start + ((end - start) * i) / n + rand() * 1000);
    const tabId = 1 + Math.floor(rand() * 20);
    const prev = lastByTab.get(tabId);
    const reload = prev !== undefined && rand() < 0.1;
    // Long tail: r^4 puts most visits on the first few dozen hosts.
    const p = reload ? profiles.find((x) => x.host === prev.host)! : profiles[Math.floor(hostCount * rand() ** 4)]!;
    const url = reload ? prev.url : `${p.http ? 'http' : 'https'}://${p.host}/page/${Math.floor(rand() * 50)}`;
    lastByTab.set(tabId, { url, host: p.host });
    const visit: VisitInput = {
      tabId,
      navStart: time,
      url,
      transition: reload ? 'reload' : 'other',
      incognito: false,
      host: p.host,
      scheme: p.http ? 'http' : 'https',
      verdict: p.http ? 'http' : p.weak ? 'weak' : 'secure',
      ip: p.ip,
      httpVersion: p.http ? 'HTTP/1.1' : p.h3 ? 'HTTP/3' : 'HTTP/2',
    };
    if (!p.http) {
      visit.tls = {
        protocol: p.tls13 ? 'TLSv1.3' : 'TLSv1.2',
        cipher: p.tls13 ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        group: rand() < 0.5 ? 'X25519MLKEM768' : 'x25519',
        ech: p.ech,
        privateDns: false,
        rootBuiltIn: true,
        leaf: certFor(p, time),
      };
    }
    out.push(visit);
  }
  return out;
}

/**
 * Writes visits through the logger's real write path (`writeBatch`), in batches, without the
 * session queue. Reloads are resolved the way the logger does it (same tab, same URL).
 */
export async function fillHistory(db: HistoryDb, visits: readonly VisitInput[], batchSize = 1000): Promise<void> {
  const tabs = new Map<number, { key: number; url: string }>();
  let seq = 0;
  let batch: QueuedVisit[] = [];
  for (const v of visits) {
    const own = Math.floor(v.navStart);
    const mem = tabs.get(v.tabId);
    const reload = v.transition === 'reload' && mem !== undefined && mem.url === v.url;
    if (!reload) tabs.set(v.tabId, { key: own, url: v.url });
    const { url: _url, incognito: _i, transition: _t, ...facts } = v;
    batch.push({ seq: ++seq, kind: reload ? 'reload' : 'new', key: reload ? mem.key : own, visit: { ...facts, navStart: own } });
    if (batch.length >= batchSize) {
      move(await writeBatch(db, 'fill', batch));
      batch = [];
    }
  }
  if (batch.length > 0) move(await writeBatch(db, 'fill', batch));
  function move(result: BatchResult): void {
    for (const [from, to] of result.moved) for (const m of tabs.values()) if (m.key === from) m.key = to;
  }
}
