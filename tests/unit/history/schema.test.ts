import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CIPHERS, GROUPS, HTTP_VERSIONS, SCHEMES, VERDICTS } from '../../../lib/history/codes';
import { countVisits, readVisitPage } from '../../../lib/history/visit-query';
import {
  DB_NAME,
  HistoryDb,
  isQuotaError,
  SCHEMA_VERSION,
  STORES_V1,
  type CertificateRecord,
  type HistoryEventRecord,
  type MetaRecord,
  type VisitRecord,
} from '../../../lib/history/schema';
import { DAY, T0 } from './helpers';
import { fullDiskOpens } from './full-disk-opens';

describe('codes are append-only', () => {
  // If one of these fails, a code already on users' disks would change meaning. Add at the end.
  it('keeps every published code at its index', () => {
    expect(SCHEMES.slice(0, 7)).toEqual(['https', 'http', 'wss', 'ws', 'file', 'browser', 'other']);
    expect(VERDICTS.slice(0, 9)).toEqual(['secure', 'weak', 'http', 'mixed', 'overridden', 'broken', 'custom-root', 'local', 'unknown']);
    expect(CIPHERS[0]).toBe('TLS_AES_128_GCM_SHA256');
    expect(CIPHERS[16]).toBe('AES_128_GCM');
    expect(GROUPS[0]).toBe('x25519');
    expect(GROUPS[8]).toBe('X25519MLKEM768');
    expect(HTTP_VERSIONS.slice(0, 3)).toEqual(['HTTP/1.1', 'HTTP/2', 'HTTP/3']);
  });
});

describe('HistoryDb', () => {
  it('is named onlooker-history and opens at the newest version', async () => {
    expect(DB_NAME).toBe('onlooker-history');
    const db = new HistoryDb(`fresh-${Math.random()}`);
    await db.open();
    // Dexie multiplies by 10 in IndexedDB; verno is the declared version.
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['certificates', 'events', 'meta', 'sites', 'visits']);
    const visitIndexes = db.visits.schema.indexes.map((i) => i.name).sort();
    expect(visitIndexes).toEqual(['[h+t]', '[s+t]', '[v+t]']);
    expect(db.visits.schema.primKey.keyPath).toBe('t');
    expect(db.certificates.schema.primKey.keyPath).toBe('sha256');
    db.close();
  });
});

describe('HistoryDb.retryFailedOpen', () => {
  it('lets a failed open (Chromium on a full disk) be tried again, and leaves a closed database closed', async () => {
    const { disk, restore } = fullDiskOpens();
    try {
      const db = new HistoryDb(`retry-${Math.random()}`);
      await expect(db.visits.count()).rejects.toThrow(/backing store/);
      expect(db.openFailed()).toBe(true);
      disk.full = false;
      await expect(db.visits.count()).rejects.toThrow(/backing store/); // Dexie keeps the failure
      expect(await db.retryFailedOpen().visits.count()).toBe(0);
      db.close();
      expect(db.openFailed()).toBe(false);
      await expect(db.retryFailedOpen().visits.count()).rejects.toThrow(/closed/i);
    } finally {
      restore();
    }
  });
});

describe('upgrade v1 → v2 from a filled database', () => {
  /** v1 site rows had no httpVisits. */
  type SiteV1 = {
    host: string;
    firstSeen: number;
    lastSeen: number;
    visits: number;
    reloads: number;
    cert?: number;
    snap: { scheme: string; verdict: string; tls?: string };
  };

  function v1Data() {
    const visits: VisitRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const host = `h${i % 7}.test`;
      const http = i % 7 === 3 || (i % 7 === 5 && i % 2 === 0);
      const v: VisitRecord = { t: T0 + i * 1000, h: host, ip: `192.0.2.${i % 250}` };
      if (http) {
        v.s = 1;
        v.v = 2;
        v.hv = 0;
      } else {
        v.p = i % 3 === 0 ? 12 : 13;
        v.ci = i % 4;
        v.g = 'some-unknown-group';
        v.c = (i % 2) + 1;
        v.e = 0;
        if (i % 11 === 0) v.v = 1;
        if (i % 13 === 0) v.r = 2;
      }
      visits.push(v);
    }
    const certificates: CertificateRecord[] = [1, 2].map((id) => ({
      sha256: `AA:${id}`,
      id,
      der: new Uint8Array([0x30, 0x82, id, 0xff, 0x00]),
      subject: `CN=h${id}.test`,
      issuer: "CN=R11,O=Let's Encrypt",
      issuerOrg: "Let's Encrypt",
      hosts: ['h0.test', 'h1.test'],
      firstSeen: T0,
      lastSeen: T0 + DAY,
      sans: ['a.test', 'b.test'],
    }));
    const sites: SiteV1[] = Array.from({ length: 7 }, (_, i) => ({
      host: `h${i}.test`,
      firstSeen: T0,
      lastSeen: T0 + 300_000,
      visits: visits.filter((v) => v.h === `h${i}.test`).length,
      reloads: 0,
      snap: { scheme: i === 3 ? 'http' : 'https', verdict: 'secure', tls: 'TLSv1.3' },
      ...(i === 3 ? {} : { cert: 1 }),
    }));
    const events: HistoryEventRecord[] = [
      { time: T0, host: 'h1.test', kind: 'issuer-changed', from: 'A', to: 'B' },
      { time: T0 + 5, host: 'h2.test', kind: 'weak', ack: T0 + 10 },
    ];
    // In primary-key order, as toArray() returns them.
    const meta: MetaRecord[] = [
      { k: 'certSeq', n: 2 },
      { k: 'flush', epoch: 'e1', seq: 42 },
    ];
    return { visits, certificates, sites, events, meta };
  }

  it('keeps every row and field, backfills httpVisits, serves the new indexes', async () => {
    const name = `upgrade-${Math.random()}`;
    const data = v1Data();

    // The database as v1 of Onlooker left it: only STORES_V1, no upgrade code.
    const old = new Dexie(name);
    old.version(1).stores(STORES_V1);
    await old.open();
    await old.table('visits').bulkAdd(data.visits);
    await old.table('certificates').bulkAdd(data.certificates);
    await old.table('sites').bulkAdd(data.sites);
    await old.table('events').bulkAdd(data.events);
    await old.table('meta').bulkAdd(data.meta);
    old.close();

    const db = new HistoryDb(name);
    await db.open();
    expect(db.verno).toBe(2);

    expect(await db.visits.toArray()).toEqual(data.visits);
    const certs = await db.certificates.toArray();
    expect(certs).toEqual(data.certificates);
    expect(certs[0]?.der).toBeInstanceOf(Uint8Array);
    expect((await db.events.toArray()).map(({ id: _id, ...e }) => e)).toEqual(data.events);
    expect(await db.meta.toArray()).toEqual(data.meta);

    const sites = await db.sites.toArray();
    expect(sites).toHaveLength(7);
    for (const site of sites) {
      const before = data.sites.find((s) => s.host === site.host);
      const { httpVisits, ...rest } = site;
      expect(rest).toEqual(before);
      expect(httpVisits).toBe(data.visits.filter((v) => v.h === site.host && v.s === 1).length);
    }
    expect(sites.find((s) => s.host === 'h3.test')?.httpVisits).toBeGreaterThan(0);
    expect(sites.find((s) => s.host === 'h0.test')?.httpVisits).toBe(0);

    // The v2 indexes hold the v1 rows.
    const http = await readVisitPage(db, { httpOnly: true }, { offset: 0, limit: 1000 });
    expect(await countVisits(db, { httpOnly: true })).toBe(data.visits.filter((v) => v.s === 1).length);
    expect(http.rows.length).toBe(data.visits.filter((v) => v.s === 1).length);
    expect(http.rows.every((r) => r.scheme === 'http')).toBe(true);
    const weak = await readVisitPage(db, { verdict: 'weak', sort: 'time-asc' }, { offset: 0, limit: 1000 });
    expect(weak.rows.map((r) => r.time)).toEqual(data.visits.filter((v) => v.v === 1).map((v) => v.t));
    db.close();

    // Opening again does not run the upgrade twice or change anything.
    const again = new HistoryDb(name);
    expect(await again.sites.toArray()).toEqual(sites);
    again.close();
  });

  it('upgrades an empty v1 database', async () => {
    const name = `upgrade-empty-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(STORES_V1);
    await old.open();
    old.close();
    const db = new HistoryDb(name);
    expect(await db.visits.count()).toBe(0);
    expect(db.verno).toBe(2);
    db.close();
  });
});

describe('isQuotaError', () => {
  it('recognises the wrappings', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'DatabaseClosedError', cause: { inner: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: [{ name: 'ConstraintError' }, { name: 'QuotaExceededError' }] })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: { 3: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
  });
  it('rejects the rest', () => {
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(isQuotaError({ name: 'ConstraintError' })).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});
