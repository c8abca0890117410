import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  acknowledgeEvents,
  dayKey,
  decodeVisit,
  getCertificate,
  listEvents,
  siteView,
  summaryStats,
  unseenEventCount,
  type VisitView,
} from '../../../lib/history/queries';
import { fillHistory, syntheticVisits } from '../../fixtures/history-size';
import type { HistoryDb } from '../../../lib/history/schema';
import { DAY, freshDb } from './helpers';

// Brute-force comparisons over 3000 rows on fake-indexeddb: slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

const END = Date.UTC(2026, 10, 20);
let db: HistoryDb;
let all: VisitView[];

beforeAll(async () => {
  db = freshDb();
  const visits = syntheticVisits(3000, { hosts: 80, days: 30, end: END, seed: 7 });
  // A few unusual verdicts so every filter has something to find. On new visits only, spread
  // out: a reload right after refreshes the verdict of its visit.
  const fresh = visits.filter((v) => v.transition === 'other' && v.scheme === 'https');
  for (let i = 10; i < 100; i += 10) fresh[i]!.verdict = (['broken', 'mixed', 'unknown'] as const)[i % 3]!;
  await fillHistory(db, visits, 500);
  all = (await db.visits.toArray()).map(decodeVisit);
}, 60_000);

describe('the data set', () => {
  it('has something for every filter to find', () => {
    expect(all.some((v) => v.verdict === 'weak')).toBe(true);
    expect(all.some((v) => v.scheme === 'http')).toBe(true);
    expect(all.some((v) => v.reloads > 0)).toBe(true);
    expect(all.some((v) => v.verdict === 'broken')).toBe(true);
  });
});

describe('siteView', () => {
  it('gives visits, the certificate timeline in order first seen, and events', async () => {
    const host = all[100]!.host;
    const view = await siteView(db, host, { limit: 5 });
    expect(view?.site.host).toBe(host);
    const ofHost = all.filter((v) => v.host === host).sort((a, b) => b.time - a.time);
    expect(view?.visits.map((v) => v.key)).toEqual(ofHost.slice(0, 5).map((v) => v.key));
    const certs = view?.certificates ?? [];
    const expected: number[] = [];
    for (const v of all.filter((x) => x.host === host).sort((a, b) => a.time - b.time)) {
      if (v.certId !== undefined && !expected.includes(v.certId)) expected.push(v.certId);
    }
    expect(certs.map((c) => c.cert.id)).toEqual(expected);
    expect(certs.reduce((n, c) => n + c.visits, 0)).toBe(all.filter((v) => v.host === host && v.certId !== undefined).length);
    for (let i = 1; i < certs.length; i++) expect(certs[i]!.firstSeen).toBeGreaterThanOrEqual(certs[i - 1]!.firstSeen);
  });

  it('is undefined for an unknown host', async () => {
    expect(await siteView(db, 'nope.test')).toBeUndefined();
  });

  it('getCertificate returns the DER as base64', async () => {
    const id = all.find((v) => v.certId !== undefined)!.certId!;
    const cert = await getCertificate(db, id);
    expect(cert?.derBase64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(atob(cert!.derBase64!).length).toBe(cert!.der!.length);
    expect(await getCertificate(db, 999_999)).toBeUndefined();
  });
});

describe('summaryStats', () => {
  it('matches a brute-force count', async () => {
    const stats = await summaryStats(db);
    expect(stats.visits).toBe(all.length);
    expect(stats.sites).toBe(await db.sites.count());
    const days = new Map<string, { https: number; total: number }>();
    for (const v of all) {
      const d = days.get(dayKey(v.time)) ?? { https: 0, total: 0 };
      d.total++;
      if (v.scheme === 'https') d.https++;
      days.set(dayKey(v.time), d);
    }
    expect(stats.httpsShareByDay).toEqual([...days].map(([day, d]) => ({ day, ...d })).sort((a, b) => a.day.localeCompare(b.day)));
    const tls13 = all.filter((v) => v.scheme === 'https' && v.tls === 'TLSv1.3').length;
    expect(stats.tlsVersions['TLSv1.3']).toBe(tls13);
    expect(Object.values(stats.tlsVersions).reduce((a, b) => a + b, 0)).toBe(all.filter((v) => v.scheme === 'https').length);
    const verdicts: Record<string, number> = {};
    for (const v of all) verdicts[v.verdict] = (verdicts[v.verdict] ?? 0) + 1;
    expect(stats.verdicts).toEqual(verdicts);
    expect(stats.topIssuers.length).toBeGreaterThan(0);
    expect(stats.topIssuers.reduce((n, i) => n + i.visits, 0)).toBe(all.filter((v) => v.certId !== undefined).length);
    for (let i = 1; i < stats.topIssuers.length; i++) {
      expect(stats.topIssuers[i]!.visits).toBeLessThanOrEqual(stats.topIssuers[i - 1]!.visits);
    }
    const httpHosts = new Set(all.filter((v) => v.scheme === 'http').map((v) => v.host));
    expect(new Set(stats.httpSites.map((s) => s.host))).toEqual(httpHosts);
  });

  it('restricts to a time range', async () => {
    const from = END - 3 * DAY;
    const stats = await summaryStats(db, { from, to: END });
    expect(stats.visits).toBe(all.filter((v) => v.time >= from && v.time <= END).length);
  });
});

describe('events', () => {
  it('lists newest first, by host, unseen only; acknowledges', async () => {
    const edb = freshDb();
    await edb.sites.bulkPut([
      { host: 'a.test', firstSeen: 0, lastSeen: 0, visits: 1, reloads: 0, httpVisits: 0, snap: { scheme: 'https', verdict: 'secure' } },
    ]);
    const ids = await edb.events.bulkAdd(
      [
        { time: 1, host: 'a.test', kind: 'weak' },
        { time: 2, host: 'b.test', kind: 'ech-lost' },
        { time: 3, host: 'a.test', kind: 'tls-downgrade', from: 'TLSv1.3', to: 'TLSv1.2' },
      ],
      { allKeys: true },
    );
    expect((await listEvents(edb)).map((e) => e.time)).toEqual([3, 2, 1]);
    expect((await listEvents(edb, { host: 'a.test' })).map((e) => e.time)).toEqual([3, 1]);
    expect((await listEvents(edb, { since: 2, limit: 1 })).map((e) => e.time)).toEqual([3]);
    expect(await unseenEventCount(edb)).toBe(3);
    expect(await unseenEventCount(edb, 'a.test')).toBe(2);
    await acknowledgeEvents(edb, [ids[0]!, ids[2]!], 99);
    expect(await unseenEventCount(edb, 'a.test')).toBe(0);
    expect((await listEvents(edb, { unseen: true })).map((e) => e.host)).toEqual(['b.test']);
    expect((await edb.events.get(ids[0]!))?.ack).toBe(99);
  });
});
