import { describe, expect, it } from 'vitest';
import { createHistoryLogger } from '../../../lib/history/logger';
import { memoryStore } from './memory-store';
import type { VisitInput } from '../../../lib/history/input';
import { applyRetention, DEFAULT_RETENTION_DAYS, deleteAll, deleteRange, deleteSite, pruneOldest } from '../../../lib/history/retention';
import type { HistoryDb } from '../../../lib/history/schema';
import { DAY, freshDb, leaf, T0, tls, visit } from './helpers';

async function write(db: HistoryDb, visits: VisitInput[]): Promise<void> {
  const logger = createHistoryLogger({ db, store: memoryStore(), schedule: () => () => undefined });
  for (const v of visits) await logger.log(v);
  await logger.flush();
  logger.dispose();
}

const NOW = T0 + 200 * DAY;
/** A certificate valid long after NOW, so no `expiring` events get in the way. */
const cert = (id: string) => leaf(id, { notAfter: NOW + 365 * DAY });

/**
 * old.test: 2 visits 150 and 120 days ago (cert A), then one 10 days ago (cert B).
 * gone.test: 1 visit 100 days ago (cert G) plus a weak event.
 * shared-1/shared-2.test: one certificate S for both, old on 1, recent on 2.
 * http.test: two plain-HTTP visits, one old one recent.
 */
async function scenario(): Promise<HistoryDb> {
  const db = freshDb();
  const at = (days: number) => NOW - days * DAY;
  await write(db, [
    visit({ tabId: 1, navStart: at(150), host: 'old.test', tls: tls({ leaf: cert('A') }) }),
    visit({ tabId: 2, navStart: at(120), host: 'old.test', tls: tls({ leaf: cert('A') }) }),
    visit({ tabId: 3, navStart: at(100), host: 'gone.test', verdict: 'weak', tls: tls({ leaf: cert('G') }) }),
    visit({ tabId: 4, navStart: at(95), host: 'shared-1.test', tls: tls({ leaf: cert('S') }) }),
    visit({ tabId: 5, navStart: at(95) + 1, host: 'http.test', scheme: 'http' }),
    visit({ tabId: 1, navStart: at(10), host: 'old.test', tls: tls({ leaf: cert('B') }) }),
    visit({ tabId: 6, navStart: at(5), host: 'shared-2.test', tls: tls({ leaf: cert('S') }) }),
    visit({ tabId: 5, navStart: at(2), host: 'http.test', scheme: 'http' }),
  ]);
  return db;
}

describe('applyRetention', () => {
  it('defaults to 90 days', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(90);
  });

  it('deletes old visits, then sites, certificates and events nothing refers to', async () => {
    const db = await scenario();
    expect(await db.events.count()).toBe(1);
    const result = await applyRetention(db, 90, NOW);
    expect(result.visits).toBe(5);

    expect((await db.visits.toArray()).map((v) => v.h)).toEqual(['old.test', 'shared-2.test', 'http.test']);
    expect((await db.sites.toArray()).map((s) => s.host).sort()).toEqual(['http.test', 'old.test', 'shared-2.test']);
    expect(await db.sites.get('old.test')).toMatchObject({ visits: 1, firstSeen: NOW - 10 * DAY });
    expect(await db.sites.get('http.test')).toMatchObject({ visits: 1, httpVisits: 1 });
    expect((await db.certificates.toArray()).map((c) => c.sha256).sort()).toEqual(['SHA:B', 'SHA:S']);
    // The shared certificate stays, but no longer names the host that is gone.
    expect((await db.certificates.get('SHA:S'))?.hosts).toEqual(['shared-2.test']);
    expect(await db.events.count()).toBe(0);
  });

  it('does nothing when everything is recent', async () => {
    const db = await scenario();
    expect((await applyRetention(db, 365, NOW)).visits).toBe(0);
    expect(await db.visits.count()).toBe(8);
    expect(await db.certificates.count()).toBe(4);
  });

  it('keeps a certificate that is a site’s current one even without a visit showing it', async () => {
    const db = await scenario();
    // old.test's current certificate is B; make an old visit the only one that showed it.
    const recent = await db.visits
      .where('[h+t]')
      .between(['old.test', NOW - 11 * DAY], ['old.test', NOW])
      .first();
    await db.visits.update(recent!.t, { c: undefined });
    await applyRetention(db, 90, NOW);
    expect(await db.certificates.get('SHA:B')).toBeDefined();
  });
});

describe('deleteSite', () => {
  it('removes the site, its visits, its events and certificates only it used', async () => {
    const db = await scenario();
    await deleteSite(db, 'gone.test');
    expect(await db.visits.where('[h+t]').between(['gone.test', -Infinity], ['gone.test', Infinity]).count()).toBe(0);
    expect(await db.sites.get('gone.test')).toBeUndefined();
    expect(await db.events.count()).toBe(0);
    expect(await db.certificates.get('SHA:G')).toBeUndefined();
    expect(await db.visits.count()).toBe(7);
  });

  it('keeps a shared certificate for the other host, without the deleted one', async () => {
    const db = await scenario();
    const result = await deleteSite(db, 'shared-1.test');
    expect(result.visits).toBe(1);
    expect((await db.certificates.get('SHA:S'))?.hosts).toEqual(['shared-2.test']);
    await deleteSite(db, 'shared-2.test');
    expect(await db.certificates.get('SHA:S')).toBeUndefined();
  });

  it('an unknown host is a no-op', async () => {
    const db = await scenario();
    expect((await deleteSite(db, 'nope.test')).visits).toBe(0);
    expect(await db.visits.count()).toBe(8);
  });
});

describe('deleteRange', () => {
  it('deletes visits and events inside the range only, and fixes the counters', async () => {
    const db = await scenario();
    const result = await deleteRange(db, NOW - 121 * DAY, NOW - 99 * DAY);
    expect(result.visits).toBe(2); // old.test 120 days ago, gone.test
    expect(await db.sites.get('gone.test')).toBeUndefined();
    expect(await db.sites.get('old.test')).toMatchObject({ visits: 2, firstSeen: NOW - 150 * DAY, lastSeen: NOW - 10 * DAY });
    expect(await db.certificates.get('SHA:A')).toBeDefined(); // still shown 150 days ago
    expect(await db.certificates.get('SHA:G')).toBeUndefined();
    expect(await db.events.count()).toBe(0);
  });

  it('a lastSeen set by a reload inside the range is recomputed', async () => {
    const db = freshDb();
    await write(db, [visit({ navStart: T0 }), visit({ navStart: T0 + DAY, transition: 'reload' })]);
    expect(await db.sites.get('site.test')).toMatchObject({ lastSeen: T0 + DAY, reloads: 1 });
    await write(db, [visit({ tabId: 2, navStart: T0 + 2 * DAY })]);
    await deleteRange(db, T0 + 2 * DAY, T0 + 3 * DAY);
    expect(await db.sites.get('site.test')).toMatchObject({ visits: 1, reloads: 1 });
  });
});

describe('deleteAll', () => {
  it('empties every history table but keeps the flush watermark', async () => {
    const db = await scenario();
    expect((await deleteAll(db)).visits).toBe(8);
    for (const t of [db.visits, db.certificates, db.sites, db.events]) expect(await t.count()).toBe(0);
    expect(await db.meta.get('flush')).toBeDefined();
  });
});

describe('pruneOldest', () => {
  it('deletes the oldest share, at least one', async () => {
    const db = await scenario();
    expect(await pruneOldest(db, 0.1)).toBe(1);
    expect((await db.visits.orderBy('t').first())?.t).toBe(NOW - 120 * DAY);
    expect(await pruneOldest(db, 0.5)).toBe(4);
    expect(await db.visits.count()).toBe(3);
    const sum = (await db.sites.toArray()).reduce((n, s) => n + s.visits, 0);
    expect(sum).toBe(3);
  });

  it('on an empty history deletes nothing', async () => {
    expect(await pruneOldest(freshDb(), 0.1)).toBe(0);
  });
});
