import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { detectChanges } from '../../../lib/history/changes';
import {
  createHistoryLogger,
  MIN_FREE_BYTES,
  storageAreaStore,
  writeBatch,
  type HistoryLoggerOptions,
  type LoggerState,
} from '../../../lib/history/logger';
import { visitFromReport } from '../../../lib/history/input';
import type { HistoryDb } from '../../../lib/history/schema';
import type { ConnectionReport } from '../../../lib/report/types';
import { DAY, freshDb, leaf, T0, tls, visit } from './helpers';
import { fullDiskOpens } from './full-disk-opens';
import { memoryStore } from './memory-store';

/** Timers the test fires by hand. */
function manualTimers() {
  const timers: { fn: () => void; ms: number; on: boolean }[] = [];
  return {
    schedule: (fn: () => void, ms: number) => {
      const t = { fn, ms, on: true };
      timers.push(t);
      return () => {
        t.on = false;
      };
    },
    armed: () => timers.filter((t) => t.on).map((t) => t.ms),
    fire: () => {
      for (const t of timers.splice(0)) if (t.on) t.fn();
    },
  };
}

function setup(over: Partial<HistoryLoggerOptions> = {}, map = new Map<string, unknown>()) {
  const db = over.db ?? freshDb();
  const timers = manualTimers();
  const logger = createHistoryLogger({ db, store: memoryStore(map), schedule: timers.schedule, now: () => T0, ...over });
  return { db, logger, timers, map };
}

/** Counts read-write transactions that touch the visits store. */
function countWriteTransactions(db: HistoryDb): { count: number } {
  const counter = { count: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-rw',
    create: (down: DBCore): DBCore => ({
      ...down,
      transaction: (stores, mode, options) => {
        if (mode === 'readwrite' && stores.includes('visits')) counter.count++;
        return down.transaction(stores, mode, options);
      },
    }),
  });
  return counter;
}

/** Makes `put` on the visits table fail with a quota error, `times` times (Infinity: always). */
function failVisitPuts(db: HistoryDb, times: number): { failed: number } {
  const state = { failed: 0 };
  db.use({
    stack: 'dbcore',
    name: 'quota',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'visits') return table;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (req.type === 'put' && state.failed < times) {
              state.failed++;
              return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
            }
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return state;
}

describe('logging', () => {
  it('writes a visit with its certificate, site and compact row', async () => {
    const { db, logger } = setup();
    expect(await logger.log(visit())).toBe('queued');
    expect(logger.pending()).toBe(1);
    const result = await logger.flush();
    expect(result).toMatchObject({ written: 1, pruned: 0 });
    expect(logger.pending()).toBe(0);

    const [row] = await db.visits.toArray();
    // secure + https are left out (sparse indexes); codes for the rest.
    expect(row).toEqual({ t: T0, h: 'site.test', ip: '192.0.2.1', hv: 1, p: 13, ci: 0, g: 0, e: 0, c: 1 });
    const cert = await db.certificates.get('SHA:a');
    expect(cert).toMatchObject({ id: 1, hosts: ['site.test'], issuerOrg: "Let's Encrypt", rootBuiltIn: true });
    expect(cert?.der).toEqual(new Uint8Array([...'der-of-a'].map((c) => c.charCodeAt(0))));
    const site = await db.sites.get('site.test');
    expect(site).toMatchObject({ visits: 1, reloads: 0, httpVisits: 0, cert: 1, firstSeen: T0, lastSeen: T0 });
    expect(site?.snap).toMatchObject({ scheme: 'https', certSha256: 'SHA:a', publicRoot: true, tls: 'TLSv1.3' });
  });

  it('stores a certificate once however many visits show it', async () => {
    const { db, logger } = setup();
    for (let i = 0; i < 5; i++) await logger.log(visit({ tabId: i, navStart: T0 + i * 1000 }));
    await logger.log(visit({ tabId: 9, navStart: T0 + 9000, host: 'other.test' }));
    await logger.flush();
    expect(await db.visits.count()).toBe(6);
    expect(await db.certificates.count()).toBe(1);
    const cert = await db.certificates.get('SHA:a');
    expect(cert).toMatchObject({ firstSeen: T0, lastSeen: T0 + 9000, hosts: ['site.test', 'other.test'] });
  });

  it('builds inputs from a report, keeping only the leaf', () => {
    const report: ConnectionReport = {
      v: 1,
      engine: 'firefox',
      url: 'https://site.test/a?b',
      host: 'site.test',
      scheme: 'https',
      time: T0,
      ip: '192.0.2.9',
      httpVersion: 'HTTP/3',
      proxy: { type: 'socks', host: '127.0.0.1', port: 9050 },
      tls: { protocol: 'TLSv1.3', ech: true, certificates: [leaf('a'), leaf('root')], rootBuiltIn: true, source: 'firefox-security-info' },
    };
    const input = visitFromReport(report, 'secure', { tabId: 3, navStart: T0, transition: 'other', incognito: false });
    expect(input).toMatchObject({ host: 'site.test', ip: '192.0.2.9', httpVersion: 'HTTP/3', proxy: 'socks 127.0.0.1:9050' });
    expect(input.tls?.leaf?.sha256).toBe('SHA:a');
    expect(Object.keys(input.tls ?? {})).not.toContain('certificates');
  });
});

describe('batching', () => {
  it('flushes after the delay, in one transaction', async () => {
    const { db, logger, timers } = setup({ flushMs: 2500 });
    const tx = countWriteTransactions(db);
    await logger.ready;
    for (let i = 0; i < 10; i++) await logger.log(visit({ tabId: i, navStart: T0 + i, host: `h${i}.test` }));
    expect(timers.armed()).toEqual([2500]);
    expect(await db.visits.count()).toBe(0);
    timers.fire();
    await logger.flush();
    expect(await db.visits.count()).toBe(10);
    expect(tx.count).toBe(1);
  });

  it('flushes at once when maxBatch visits are queued, then in batches of maxBatch', async () => {
    const { db, logger } = setup({ maxBatch: 4 });
    const tx = countWriteTransactions(db);
    await logger.ready;
    for (let i = 0; i < 3; i++) await logger.log(visit({ tabId: i, navStart: T0 + i }));
    expect(await db.visits.count()).toBe(0);
    await logger.log(visit({ tabId: 3, navStart: T0 + 3 }));
    await logger.flush();
    expect(await db.visits.count()).toBe(4);
    for (let i = 4; i < 13; i++) await logger.log(visit({ tabId: i, navStart: T0 + i }));
    await logger.flush();
    expect(await db.visits.count()).toBe(13);
    // 1 + (4 + 4 at the size trigger) + the remaining 1; every transaction held ≤ 4 visits.
    expect(tx.count).toBeGreaterThanOrEqual(4);
  });

  it('calls onEvents after commit with stored ids', async () => {
    const onEvents = vi.fn();
    const { logger } = setup({ onEvents });
    await logger.log(visit());
    await logger.log(visit({ navStart: T0 + DAY, scheme: 'http', url: 'http://site.test/' }));
    await logger.flush();
    expect(onEvents).toHaveBeenCalledTimes(1);
    const [events] = onEvents.mock.calls[0] as [{ kind: string; id?: number }[]];
    expect(events.map((e) => e.kind)).toEqual(['https-downgrade']);
    expect(typeof events[0]?.id).toBe('number');
  });
});

describe('never written', () => {
  it('drops incognito visits before anything is stored', async () => {
    const { db, logger, map } = setup();
    expect(await logger.log(visit({ incognito: true, host: 'secret.test' }))).toBe('incognito');
    await logger.flush();
    expect(await db.visits.count()).toBe(0);
    expect(await db.sites.count()).toBe(0);
    expect(JSON.stringify([...map.values()])).not.toContain('secret.test');
  });

  it('drops excluded hosts (sync or async check) before anything is stored', async () => {
    const { db, logger, map } = setup({ isExcluded: async (h) => h === 'bank.test' });
    expect(await logger.log(visit({ host: 'bank.test', url: 'https://bank.test/' }))).toBe('excluded');
    expect(await logger.log(visit({ tabId: 2 }))).toBe('queued');
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => v.h)).toEqual(['site.test']);
    expect(await db.sites.get('bank.test')).toBeUndefined();
    expect(JSON.stringify([...map.values()])).not.toContain('bank.test');
  });

  it('ignores non-web pages', async () => {
    const { db, logger } = setup();
    expect(await logger.log(visit({ scheme: 'browser', host: 'newtab', url: 'about:newtab' }))).toBe('not-web');
    expect(await logger.log(visit({ scheme: 'file', host: '', url: 'file:///x' }))).toBe('not-web');
    await logger.flush();
    expect(await db.visits.count()).toBe(0);
  });

  it('does not keep the URL in the queue', async () => {
    const { logger, map } = setup();
    await logger.log(visit({ url: 'https://site.test/private/path?token=abc' }));
    expect(JSON.stringify([...map.values()])).not.toContain('token=abc');
  });
});

describe('redirects, later facts and reloads', () => {
  it('the same navigation logged again merges into one row (e.g. TLS learned after Inspect)', async () => {
    const { db, logger } = setup();
    await logger.log(visit({ tls: undefined, verdict: 'unknown' }));
    await logger.flush();
    expect(await logger.log(visit())).toBe('merged');
    await logger.flush();
    const rows = await db.visits.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ p: 13, c: 1 });
    expect(rows[0]?.v).toBeUndefined(); // secure now
    expect(await db.sites.get('site.test')).toMatchObject({ visits: 1, reloads: 0 });
  });

  it('a reload of the same URL in the same tab counts on the visit', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    expect(await logger.log(visit({ navStart: T0 + 5000, transition: 'reload' }))).toBe('reload');
    expect(await logger.log(visit({ navStart: T0 + 9000, transition: 'reload' }))).toBe('reload');
    await logger.flush();
    const rows = await db.visits.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ t: T0, r: 2 });
    expect(await db.sites.get('site.test')).toMatchObject({ visits: 1, reloads: 2, lastSeen: T0 + 9000 });
  });

  it('a reload across a flush still finds its visit', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    await logger.flush();
    await logger.log(visit({ navStart: T0 + 5000, transition: 'reload' }));
    await logger.flush();
    expect((await db.visits.toArray()).map((r) => r.r)).toEqual([1]);
  });

  it('a reload of another URL, in another tab, or a plain revisit is a new visit', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    expect(await logger.log(visit({ navStart: T0 + 1, url: 'https://site.test/other', transition: 'reload' }))).toBe('queued');
    expect(await logger.log(visit({ navStart: T0 + 2, tabId: 2, transition: 'reload' }))).toBe('queued');
    expect(await logger.log(visit({ navStart: T0 + 3, tabId: 2 }))).toBe('queued');
    await logger.flush();
    expect(await db.visits.count()).toBe(4);
    expect(await db.sites.get('site.test')).toMatchObject({ visits: 4, reloads: 0 });
  });

  it('a reload whose visit was deleted becomes a visit of its own', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    await logger.flush();
    await db.visits.clear();
    await db.sites.clear();
    await logger.log(visit({ navStart: T0 + 5000, transition: 'reload' }));
    await logger.flush();
    expect(await db.visits.toArray()).toEqual([expect.objectContaining({ t: T0 + 5000 })]);
    expect(await db.sites.get('site.test')).toMatchObject({ visits: 1 });
  });

  it('an HTTPS reload of a page first seen over HTTP drops the old connection facts', async () => {
    const { db, logger } = setup();
    await logger.log(visit({ scheme: 'http', url: 'https://site.test/', ip: '192.0.2.7' }));
    await logger.log(visit({ navStart: T0 + 10, transition: 'reload' }));
    await logger.flush();
    const [row] = await db.visits.toArray();
    expect(row).toMatchObject({ t: T0, r: 1, p: 13, ip: '192.0.2.1' });
    expect(row?.s).toBeUndefined();
    expect((await db.sites.get('site.test'))?.httpVisits).toBe(0);
  });

  it('two tabs navigating in the same millisecond get two rows', async () => {
    const { db, logger } = setup();
    await logger.log(visit({ tabId: 1 }));
    await logger.log(visit({ tabId: 2, host: 'b.test', url: 'https://b.test/' }));
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => [v.t, v.h])).toEqual([
      [T0, 'site.test'],
      [T0 + 1, 'b.test'],
    ]);
  });

  it('a key already used in the database (clock went back) moves on and reloads follow it', async () => {
    const { db, logger } = setup();
    await db.visits.put({ t: T0, h: 'older.test' });
    await logger.log(visit());
    await logger.flush();
    await logger.log(visit({ navStart: T0 + 100, transition: 'reload' }));
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => [v.t, v.h, v.r])).toEqual([
      [T0, 'older.test', undefined],
      [T0 + 1, 'site.test', 1],
    ]);
  });
});

describe('worker restarts', () => {
  it('visits queued before the worker stopped are written by the next one', async () => {
    const map = new Map<string, unknown>();
    const db = freshDb();
    const first = setup({ db }, map);
    await first.logger.log(visit());
    await first.logger.log(visit({ tabId: 2, navStart: T0 + 1, host: 'b.test', url: 'https://b.test/' }));
    first.logger.dispose(); // the worker dies: no flush

    const timers = manualTimers();
    const second = createHistoryLogger({ db, store: memoryStore(map), schedule: timers.schedule });
    await second.ready;
    expect(second.pending()).toBe(2);
    expect(timers.armed()).toEqual([0]); // a non-empty queue schedules a flush on start
    timers.fire();
    await second.flush();
    expect(await db.visits.count()).toBe(2);
  });

  it('a batch committed just before the worker stopped is not written twice', async () => {
    const map = new Map<string, unknown>();
    const db = freshDb();
    const first = setup({ db }, map);
    await first.logger.log(visit({ tls: tls({ leaf: leaf('a', { notAfter: T0 + 2 * DAY }) }) }));
    await first.logger.log(visit({ navStart: T0 + 10, transition: 'reload' }));
    await first.logger.log(visit({ tabId: 2, navStart: T0 + 20, scheme: 'http', url: 'http://site.test/' }));
    // The worker committed the flush transaction, then died before trimming its queue.
    const state = map.get('historyQueue') as LoggerState;
    const committed = await writeBatch(db, state.epoch, state.queue);
    expect(committed.applied).toBe(3);
    first.logger.dispose();
    const before = {
      visits: await db.visits.toArray(),
      sites: await db.sites.toArray(),
      events: await db.events.toArray(),
      certs: await db.certificates.toArray(),
    };
    expect(before.events.map((e) => e.kind).sort()).toEqual(['expiring', 'https-downgrade']);

    const second = createHistoryLogger({ db, store: memoryStore(map), schedule: manualTimers().schedule });
    const result = await second.flush();
    expect(result.written).toBe(0);
    expect(second.pending()).toBe(0);
    expect(await db.visits.toArray()).toEqual(before.visits);
    expect(await db.sites.toArray()).toEqual(before.sites);
    expect(await db.events.toArray()).toEqual(before.events);
    expect(await db.certificates.toArray()).toEqual(before.certs);
    expect(before.sites[0]).toMatchObject({ visits: 2, reloads: 1 });
  });

  it('after the stored state is lost (browser restart) a new epoch still writes', async () => {
    const db = freshDb();
    const first = setup({ db });
    for (let i = 0; i < 5; i++) await first.logger.log(visit({ tabId: i, navStart: T0 + i * 10 }));
    await first.logger.flush();
    // New, empty store: sequence numbers restart at 1, below the old watermark of 5.
    const second = setup({ db });
    await second.logger.log(visit({ tabId: 1, navStart: T0 + DAY }));
    const r = await second.logger.flush();
    expect(r.written).toBe(1);
    expect(await db.visits.count()).toBe(6);
  });

  it('a stored state of another shape is replaced, not trusted', async () => {
    const map = new Map<string, unknown>([['historyQueue', { v: 99, queue: 'nonsense' }]]);
    const { logger, db } = setup({}, map);
    await logger.log(visit());
    await logger.flush();
    expect(await db.visits.count()).toBe(1);
  });

  it('storageAreaStore reads and writes one key of a storage area', async () => {
    const data: Record<string, unknown> = {};
    const area = {
      get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
      set: async (items: Record<string, unknown>) => {
        Object.assign(data, items);
      },
    };
    const store = storageAreaStore(area, 'q');
    expect(await store.get()).toBeUndefined();
    await store.set({ v: 1, epoch: 'e', seq: 0, queue: [], tabs: {} });
    expect(data['q']).toMatchObject({ epoch: 'e' });
  });

  it('an earlier navigation of a tab logged again after a newer one is recognised, not counted twice', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    await logger.log(visit({ navStart: T0 + 10, host: 'b.test', url: 'https://b.test/' }));
    expect(logger.hasLogged(1, T0)).toBe(true);
    expect(logger.hasLogged(1, T0 + 5)).toBe(false);
    expect(await logger.log(visit())).toBe('known');
    // The newer navigation's later facts still merge into its own row.
    expect(await logger.log(visit({ navStart: T0 + 10, host: 'b.test', url: 'https://b.test/' }))).toBe('merged');
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => [v.t, v.h])).toEqual([
      [T0, 'site.test'],
      [T0 + 10, 'b.test'],
    ]);
  });

  it('one document under two starts (a commit inferred from its completion, the real one replayed) is one visit', async () => {
    // Inferred first (completion at T0 + 40), then the real commit (T0) comes back from the journal.
    const inferredFirst = setup();
    const b = { host: 'b.test', url: 'https://b.test/', documentId: 'DOC-B' };
    await inferredFirst.logger.log(visit({ navStart: T0 + 40, ...b, inferred: true }));
    expect(inferredFirst.logger.hasLogged(1, T0, 'DOC-B')).toBe(true);
    expect(inferredFirst.logger.hasLogged(1, T0, 'DOC-C')).toBe(false);
    expect(await inferredFirst.logger.log(visit({ navStart: T0, ...b, verdict: 'unknown' }))).toBe('known');
    await inferredFirst.logger.flush();
    expect((await inferredFirst.db.visits.toArray()).map((v) => [v.t, v.h, v.v])).toEqual([[T0 + 40, 'b.test', undefined]]);

    // Replayed first, then the completion's inferred commit: its (later, richer) facts merge.
    const replayedFirst = setup();
    await replayedFirst.logger.log(visit({ navStart: T0, ...b, tls: undefined, verdict: 'unknown' }));
    expect(await replayedFirst.logger.log(visit({ navStart: T0 + 40, ...b, inferred: true }))).toBe('merged');
    // A later page of the tab, then the old document again: known, not a third visit.
    await replayedFirst.logger.log(visit({ navStart: T0 + 90, host: 'c.test', url: 'https://c.test/', documentId: 'DOC-C' }));
    expect(await replayedFirst.logger.log(visit({ navStart: T0 + 41, ...b, inferred: true }))).toBe('known');
    await replayedFirst.logger.flush();
    const rows = await replayedFirst.db.visits.toArray();
    expect(rows.map((v) => [v.t, v.h])).toEqual([
      [T0, 'b.test'],
      [T0 + 90, 'c.test'],
    ]);
    expect(rows[0]!.v).toBeUndefined(); // secure: the inferred commit's verdict replaced "unknown"
  });

  it('a page restored from the back-forward cache (a real commit of a document logged before) is a visit of its own', async () => {
    const { db, logger } = setup();
    const a = { host: 'a.test', url: 'https://a.test/', documentId: 'DOC-A' };
    await logger.log(visit({ navStart: T0, ...a }));
    await logger.log(visit({ navStart: T0 + 10, host: 'b.test', url: 'https://b.test/', documentId: 'DOC-B' }));
    // Back: Chromium restores a's document, same id, under a new commit.
    expect(logger.hasLogged(1, T0 + 20, 'DOC-A')).toBe(false);
    expect(await logger.log(visit({ navStart: T0 + 20, ...a }))).toBe('queued');
    // Forward again, straight after: b restored.
    expect(await logger.log(visit({ navStart: T0 + 30, host: 'b.test', url: 'https://b.test/', documentId: 'DOC-B' }))).toBe('queued');
    // Its own later facts still merge; a commit inferred from a's completion is a's restore again.
    expect(await logger.log(visit({ navStart: T0 + 30, host: 'b.test', url: 'https://b.test/', documentId: 'DOC-B' }))).toBe('merged');
    expect(logger.hasLogged(1, T0 + 25, 'DOC-A', true)).toBe(true);
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => [v.t, v.h])).toEqual([
      [T0, 'a.test'],
      [T0 + 10, 'b.test'],
      [T0 + 20, 'a.test'],
      [T0 + 30, 'b.test'],
    ]);
  });

  it('a page known only from a late completion is a visit only if its document is new', async () => {
    const { db, logger } = setup();
    const late = { verdict: 'unknown' as const, tls: undefined, inferred: true as const, ifNewDocument: true as const };
    await logger.log(visit({ navStart: T0, host: 'a.test', url: 'https://a.test/', documentId: 'DOC-A' }));
    // Its own late completion, whether the tab still holds it (the document is the tab's) or has moved on.
    expect(await logger.log(visit({ navStart: T0 + 30, host: 'a.test', url: 'https://a.test/', documentId: 'DOC-A', ...late }))).toBe(
      'known',
    );
    await logger.log(visit({ navStart: T0 + 50, host: 'b.test', url: 'https://b.test/', documentId: 'DOC-B' }));
    expect(await logger.log(visit({ navStart: T0 + 31, host: 'a.test', url: 'https://a.test/', documentId: 'DOC-A', ...late }))).toBe(
      'known',
    );
    // A document never logged (its commit was dropped): an earlier visit of its own.
    expect(await logger.log(visit({ navStart: T0 + 40, host: 'z.test', url: 'https://z.test/', documentId: 'DOC-Z', ...late }))).toBe(
      'queued',
    );
    await logger.flush();
    expect((await db.visits.toArray()).map((v) => [v.t, v.h])).toEqual([
      [T0, 'a.test'],
      [T0 + 40, 'z.test'],
      [T0 + 50, 'b.test'],
    ]);
    // The dropped commit replayed from the journal afterwards is the same document: known.
    expect(await logger.log(visit({ navStart: T0 + 35, host: 'z.test', url: 'https://z.test/', documentId: 'DOC-Z' }))).toBe('known');
  });

  it('forgetTab drops the reload memory of a closed tab', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    await logger.forgetTab(1);
    expect(await logger.log(visit({ navStart: T0 + 10, transition: 'reload' }))).toBe('queued');
    await logger.flush();
    expect(await db.visits.count()).toBe(2);
  });
});

// These tests write hundreds of visits through fake-indexeddb: generous timeouts for a busy machine.
describe('write failures and a full disk', () => {
  const newVisit = (i: number) =>
    visit({
      tabId: 1000 + i,
      navStart: T0 + DAY + i * 1000,
      host: 'new.test',
      url: `https://new.test/${i}`,
      tls: tls({ leaf: leaf('n') }),
    });

  /** `n` visits, one second apart from T0, written; returns their keys. */
  async function filled(db: HistoryDb, n: number, start = T0): Promise<number[]> {
    const seed = setup({ db, maxBatch: 1000 });
    for (let i = 0; i < n; i++) {
      await seed.logger.log(
        visit({
          tabId: i,
          navStart: start + i * 1000,
          host: `h${i % 5}.test`,
          url: `https://h${i % 5}.test/`,
          tls: tls({ leaf: leaf(`c${i % 5}`) }),
        }),
      );
    }
    await seed.logger.flush();
    seed.logger.dispose();
    return (await db.visits.toArray()).map((v) => v.t);
  }

  /** `n` stored visits, then every visit write fails until `heal()`. */
  async function failingDb(n: number, start = T0) {
    const db = freshDb();
    const quota = failVisitPuts(db, Infinity);
    quota.failed = Infinity; // do not fail while filling
    const before = await filled(db, n, start);
    quota.failed = 0;
    return { db, before, heal: () => (quota.failed = Infinity) };
  }

  /** The origin's quota all but used (under 5 % left) while the disk still has room (over MIN_FREE_BYTES). */
  const quotaShort = async () => ({ usage: 30e9, quota: 31e9 });

  function clocked(over: Partial<HistoryLoggerOptions>) {
    const clock = { t: T0 + DAY };
    const reports: unknown[] = [];
    const ctx = setup({ now: () => clock.t, onStorage: (r) => reports.push(r), onError: () => undefined, ...over });
    return { ...ctx, clock, reports };
  }

  it('one failed write deletes nothing and the visit is written on the retry', async () => {
    const db = freshDb();
    const quota = failVisitPuts(db, 1);
    quota.failed = 1;
    const before = await filled(db, 40);
    quota.failed = 0; // the next put of visits fails once
    const { logger, timers, reports } = clocked({ db, flushMs: 1000 });
    await logger.log(newVisit(0));
    const first = await logger.flush();
    expect(first).toMatchObject({ written: 0, pruned: 0 });
    expect(first.error).toBeDefined();
    expect(logger.pending()).toBe(1);
    expect(timers.armed()).toEqual([1000]); // back-off: flushMs after the first failure
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual(before);

    const second = await logger.flush();
    expect(second).toMatchObject({ written: 1, pruned: 0 });
    const after = (await db.visits.toArray()).map((v) => v.t);
    expect(after).toEqual([...before, T0 + DAY]);
    expect(logger.trouble()).toBeUndefined();
    expect(reports).toEqual([]); // a transient failure is not worth a notice
  });

  it('a database that failed to open is opened again on the next attempt (Chromium on a really full disk)', async () => {
    // Seen in Chromium 156 with the profile on a full tmpfs (full-disk.e2e.ts): after an IO
    // error every open fails with "Internal error opening backing store" until there is room,
    // and Dexie keeps a failed open (schema.test.ts) unless the logger lets it be tried again.
    const db = freshDb();
    const before = await filled(db, 3);
    db.close({ disableAutoOpen: false });
    const { disk, restore } = fullDiskOpens();
    try {
      const { logger, reports } = clocked({ db, flushMs: 1000 });
      await logger.log(newVisit(0));
      for (let i = 0; i < 2; i++) expect(await logger.flush()).toMatchObject({ written: 0, pruned: 0 });
      expect(db.openFailed()).toBe(true);
      expect(logger.trouble()).toMatchObject({ failures: 2, quota: false, pruned: false });
      disk.full = false;
      expect(await logger.flush()).toMatchObject({ written: 1, pruned: 0 });
      expect((await db.visits.toArray()).map((v) => v.t)).toEqual([...before, T0 + DAY]);
      expect(logger.trouble()).toBeUndefined();
      expect(reports).toEqual([]);
    } finally {
      restore();
    }
  });

  it('backs off exponentially up to the cap, and the timer does not try before the deadline', async () => {
    const { db } = await failingDb(3);
    const { logger, timers, clock } = clocked({
      db,
      flushMs: 1000,
      maxBackoffMs: 10_000,
      estimate: async () => ({ usage: 0, quota: 1e9 }),
    });
    await logger.log(newVisit(0));
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await logger.flush();
      delays.push(logger.trouble()!.retryAt - clock.t);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    // A timer firing early (another log armed it) makes no attempt.
    const failures = logger.trouble()!.failures;
    clock.t += 5000;
    await logger.log(newVisit(1));
    timers.fire();
    await vi.waitFor(() => expect(timers.armed().length).toBeGreaterThan(0));
    expect(logger.trouble()!.failures).toBe(failures);
    expect(timers.armed().at(-1)).toBe(5000); // re-armed for the rest of the back-off
    clock.t += 5000;
    timers.fire();
    await vi.waitFor(() => expect(logger.trouble()!.failures).toBe(failures + 1));
  });

  it('a persistent, confirmed shortage prunes once (10 %), tells the user, and never again until a write succeeds', async () => {
    const { db, before, heal } = await failingDb(200);
    const { logger, clock, reports } = clocked({
      db,
      flushMs: 1000,
      persistentAfter: 4,
      estimate: quotaShort,
    });
    // 120 navigations while every write fails, a flush attempt after each (the probe's scenario).
    for (let i = 0; i < 120; i++) {
      await logger.log(newVisit(i));
      clock.t += 60_000;
      await logger.flush();
    }
    const kept = (await db.visits.toArray()).map((v) => v.t);
    expect(kept).toEqual(before.slice(20)); // the 20 oldest (10 %), once
    expect(logger.pending()).toBe(120);
    expect(reports).toEqual([
      { kind: 'failing', since: T0 + DAY + 60_000, quota: true, dropped: 0 },
      { kind: 'pruned', at: T0 + DAY + 4 * 60_000, count: 20, beyondRetention: 20 },
    ]);
    heal();
    const result = await logger.flush();
    expect(result.error).toBeUndefined();
    expect(result.written).toBe(120);
    const after = (await db.visits.toArray()).map((v) => v.t);
    expect(after).toHaveLength(180 + 120);
    expect(after.slice(0, 180)).toEqual(before.slice(20));
    expect(reports.at(-1)).toEqual({ kind: 'recovered', at: clock.t, dropped: 0 });
    expect(logger.trouble()).toBeUndefined();
    const sites = await db.sites.toArray();
    expect(sites.reduce((n, s) => n + s.visits, 0)).toBe(300);
  }, 60_000);

  it('a worker restarted during a shortage neither forgets the back-off nor prunes a second time', async () => {
    const { db, before } = await failingDb(50);
    const map = new Map<string, unknown>();
    const estimate = quotaShort;
    const clock = { t: T0 + DAY };
    const first = setup({ db, now: () => clock.t, estimate, persistentAfter: 2, onError: () => undefined }, map);
    await first.logger.log(newVisit(0));
    await first.logger.flush();
    await first.logger.flush(); // second failure: pruned 5
    expect(await db.visits.count()).toBe(45);
    first.logger.dispose();

    const second = setup({ db, now: () => clock.t, estimate, persistentAfter: 2, onError: () => undefined }, map);
    await second.logger.ready;
    expect(second.logger.trouble()).toMatchObject({ failures: 2, pruned: true });
    expect(second.timers.armed()[0]).toBeGreaterThan(0); // the queued visit waits for the back-off
    for (let i = 0; i < 10; i++) await second.logger.flush();
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual(before.slice(5));
  }, 60_000);

  it('a quota error the storage estimate does not confirm deletes nothing, however long it lasts', async () => {
    const { db, before } = await failingDb(100);
    const { logger, clock, reports } = clocked({ db, estimate: async () => ({ usage: 10e6, quota: 500e6 }) });
    for (let i = 0; i < 30; i++) {
      await logger.log(newVisit(i));
      clock.t += 600_000;
      await logger.flush();
    }
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual(before);
    expect(logger.pending()).toBe(30);
    expect(reports).toEqual([{ kind: 'failing', since: T0 + DAY + 600_000, quota: true, dropped: 0 }]);
  }, 60_000);

  it('with the disk all but full it leaves the database alone: no write, no prune, the user told, all written once there is room', async () => {
    // Chromium deleted the whole database after a write on a really full disk (full-disk.e2e.ts).
    const db = freshDb();
    const before = await filled(db, 20);
    const disk = { free: MIN_FREE_BYTES - 1 };
    const transactions = countWriteTransactions(db);
    const { logger, clock, reports } = clocked({
      db,
      flushMs: 1000,
      persistentAfter: 4,
      estimate: async () => ({ usage: 5e6, quota: 5e6 + disk.free }),
    });
    for (let i = 0; i < 6; i++) {
      await logger.log(newVisit(i));
      clock.t += 60_000;
      await logger.flush();
    }
    expect(transactions.count).toBe(0);
    expect(logger.pending()).toBe(6);
    expect(logger.trouble()).toMatchObject({ failures: 6, quota: true, pruned: false });
    expect(reports).toEqual([{ kind: 'failing', since: T0 + DAY + 60_000, quota: true, dropped: 0 }]);
    disk.free = MIN_FREE_BYTES;
    expect(await logger.flush()).toMatchObject({ written: 6, pruned: 0 });
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual([...before, ...Array.from({ length: 6 }, (_, i) => T0 + DAY + i * 1000)]);
    expect(reports.at(-1)).toEqual({ kind: 'recovered', at: clock.t, dropped: 0 });
  });

  it("makes room with the user's retention first, deleting nothing younger", async () => {
    // 10 visits 200 days old, 30 recent ones.
    const db = freshDb();
    const quota = failVisitPuts(db, Infinity);
    quota.failed = Infinity;
    const old = await filled(db, 10, T0 - 200 * DAY);
    const recent = (await filled(db, 30, T0)).filter((t) => !old.includes(t));
    quota.failed = 0;
    const { logger, reports } = clocked({ db, persistentAfter: 1, retentionDays: () => 90 });
    await logger.log(newVisit(0));
    const result = await logger.flush();
    expect(result.pruned).toBe(10);
    expect(reports).toContainEqual({ kind: 'pruned', at: T0 + DAY, count: 10, beyondRetention: 0 });
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual(recent);
  });

  it('other errors keep the queue, back off and never prune', async () => {
    const { db, before } = await failingDb(20);
    const onError = vi.fn();
    const { logger } = clocked({ db, onError, persistentAfter: 1 });
    await logger.log(newVisit(0));
    await db.open();
    db.close();
    const result = await logger.flush();
    expect(result.error).toBeDefined();
    expect(result.pruned).toBe(0);
    expect(onError).toHaveBeenCalled();
    expect(logger.pending()).toBe(1);
    expect(logger.trouble()).toMatchObject({ failures: 1, quota: false });
    await db.open();
    expect((await db.visits.toArray()).map((v) => v.t)).toEqual(before);
  });

  it('while writes fail the queue is bounded: newer visits are dropped, counted and reported', async () => {
    const { db, before, heal } = await failingDb(10);
    const { logger, reports } = clocked({ db, maxQueue: 3, maxBatch: 100, estimate: async () => ({ usage: 0, quota: 1e9 }) });
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(await logger.log(newVisit(i)));
      await logger.flush();
    }
    // A later merge of a dropped navigation is not a second lost visit.
    outcomes.push(await logger.log(newVisit(4)));
    expect(outcomes).toEqual(['queued', 'queued', 'queued', 'dropped', 'dropped', 'dropped']);
    expect(logger.pending()).toBe(3);
    expect(logger.trouble()?.dropped).toBe(2);
    expect(reports.filter((r) => (r as { dropped?: number }).dropped === 1)).toHaveLength(2);
    heal();
    await logger.flush();
    expect(reports.at(-1)).toMatchObject({ kind: 'recovered', dropped: 2 });
    const after = (await db.visits.toArray()).map((v) => v.t);
    expect(after).toEqual([...before, T0 + DAY, T0 + DAY + 1000, T0 + DAY + 2000]);
  });

  it('the stored state of a failing logger stays small enough for storage.session', async () => {
    const { db } = await failingDb(1);
    const map = new Map<string, unknown>();
    const { logger } = setup({ db, now: () => T0, onError: () => undefined }, map);
    for (let i = 0; i < 520; i++) await logger.log(newVisit(i));
    expect(logger.pending()).toBe(500); // the default bound
    expect(JSON.stringify(map.get('historyQueue')).length).toBeLessThan(2_000_000);
  }, 60_000);
});

describe('events through the logger', () => {
  it('stores change events once and updates the snapshot', async () => {
    const { db, logger } = setup();
    await logger.log(visit());
    await logger.log(
      visit({
        tabId: 2,
        navStart: T0 + DAY,
        tls: tls({
          protocol: 'TLSv1.2',
          leaf: leaf('z', { issuerOrg: 'Evil CA', issuer: 'CN=Evil,O=Evil CA' }),
          rootBuiltIn: false,
        }),
      }),
    );
    await logger.flush();
    const events = await db.events.toArray();
    expect(events.map((e) => e.kind)).toEqual(['interception-suspected', 'tls-downgrade']);
    const snap = (await db.sites.get('site.test'))?.snap;
    expect(snap).toMatchObject({ certSha256: 'SHA:z', publicRoot: false, tls: 'TLSv1.2' });
    // Consistent with the pure function.
    expect(
      detectChanges(snap, visit({ navStart: T0 + 2 * DAY, tls: tls({ protocol: 'TLSv1.2', leaf: leaf('z'), rootBuiltIn: false }) })),
    ).toEqual([]);
  });
});
