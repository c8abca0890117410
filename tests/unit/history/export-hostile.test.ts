/**
 * Hostile backups: a corpus generated here from one valid backup, each mutation refused with
 * the expected reason at the expected place, and a history that already holds data identical
 * afterwards. Also: what is accepted at the edges of the limits still exports, re-imports and
 * formats; a write that fails half-way leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import {
  DER_MAX_BYTES,
  EARLIEST_TIME,
  FUTURE_MARGIN_MS,
  HOST_MAX,
  HistoryImportError,
  IMPORT_REASONS,
  type BackupProblem,
  type RowProblem,
} from '../../../lib/history/backup-validate';
import { exportCsv, exportHistory, exportJson, EXPORT_FORMAT, type HistoryExport } from '../../../lib/history/export';
import { importBackup, importJson } from '../../../lib/history/import';
import { createHistoryLogger } from '../../../lib/history/logger';
import { memoryStore } from './memory-store';
import type { HistoryDb } from '../../../lib/history/schema';
import { VERDICTS } from '../../../lib/history/codes';
import { HISTORY_EVENT_KINDS } from '../../../lib/history/changes';
import { createFormats } from '../../../lib/privacy/format';
import { DAY, freshDb, leaf, T0, tls, visit } from './helpers';

/** "Now" for every check here: a little after the sample's visits. */
const NOW = T0 + 30 * DAY;

async function filled(): Promise<HistoryDb> {
  const db = freshDb();
  const logger = createHistoryLogger({ db, store: memoryStore(), schedule: () => () => undefined });
  await logger.log(visit({ tabId: 1, navStart: T0, tls: tls({ leaf: leaf('a') }) }));
  await logger.log(visit({ tabId: 1, navStart: T0 + 5, transition: 'reload' }));
  await logger.log(visit({ tabId: 2, navStart: T0 + DAY, host: 'b.test', url: 'https://b.test/', tls: tls({ leaf: leaf('b') }) }));
  await logger.log(visit({ tabId: 3, navStart: T0 + 2 * DAY, scheme: 'http', url: 'http://site.test/' }));
  await logger.flush();
  logger.dispose();
  return db;
}

/** Everything a database holds, ids included: "identical" means this is equal. */
async function dump(db: HistoryDb) {
  return {
    visits: await db.visits.toArray(),
    certificates: await db.certificates.toArray(),
    sites: await db.sites.toArray(),
    events: await db.events.toArray(),
    meta: await db.meta.toArray(),
  };
}

/** A valid backup with entries in every list (a different history than `filled`). */
function base(): HistoryExport {
  return {
    format: EXPORT_FORMAT,
    version: 1,
    schemaVersion: 2,
    exportedAt: NOW - DAY,
    visits: [
      { time: T0 + 3 * DAY, host: 'c.test', scheme: 'https', verdict: 'secure', tls: 'TLSv1.3', cert: 'SHA:c', reloads: 2 },
      { time: T0 + 4 * DAY, host: 'c.test', scheme: 'http', verdict: 'http' },
      { time: T0 + 5 * DAY, host: 'd.test', scheme: 'https', verdict: 'weak', tls: 'TLSv1.2', ech: false },
    ],
    certificates: [
      {
        sha256: 'SHA:c',
        der: btoa('der-of-c'),
        subject: 'CN=c.test',
        issuer: 'CN=R11,O=Let’s Encrypt',
        notBefore: T0 - 10 * DAY,
        notAfter: T0 + 80 * DAY,
        sans: ['c.test'],
        hosts: ['c.test'],
        firstSeen: T0 + 3 * DAY,
        lastSeen: T0 + 3 * DAY,
      },
    ],
    sites: [
      {
        host: 'c.test',
        firstSeen: T0 + 3 * DAY,
        lastSeen: T0 + 4 * DAY,
        visits: 2,
        reloads: 2,
        httpVisits: 1,
        cert: 'SHA:c',
        snap: { scheme: 'http', verdict: 'http', tls: 'TLSv1.3', certSha256: 'SHA:c' },
      },
    ],
    events: [{ time: T0 + 4 * DAY, host: 'c.test', kind: 'https-downgrade', from: 'https', to: 'http' }],
  };
}

type Json = Record<string, unknown>;
interface Hostile {
  name: string;
  /** Changes a fresh valid backup (plain JSON objects) in place or returns a replacement. */
  mutate: (b: Json & { visits: Json[]; certificates: Json[]; sites: Json[]; events: Json[] }) => unknown;
  expect: BackupProblem | Partial<RowProblem>;
  /** Only as an object: JSON cannot carry it (functions, symbols, class instances…). */
  objectOnly?: true;
}

const MB10 = 'a'.repeat(10 * 1024 * 1024);
const row = (
  section: RowProblem['section'],
  index: number,
  field: string | undefined,
  reason: RowProblem['reason'],
  extra: Partial<RowProblem> = {},
) => ({
  kind: 'row' as const,
  section,
  index,
  ...(field !== undefined ? { field } : {}),
  reason,
  ...extra,
});
const seenSpan = { from: EARLIEST_TIME, to: NOW + FUTURE_MARGIN_MS };

const CORPUS: Hostile[] = [
  // Prototype keys, at every level (JSON.parse makes "__proto__" an own key).
  {
    name: '__proto__ in a visit',
    mutate: (b) => JSON.parse(JSON.stringify(b).replace('"host":"d.test"', '"host":"d.test","__proto__":{"polluted":1}')),
    expect: row('visits', 2, undefined, 'forbidden-key', { key: '__proto__' }),
  },
  {
    name: 'constructor in a site',
    mutate: (b) => void (b.sites[0]!['constructor'] = { prototype: { x: 1 } }),
    expect: row('sites', 0, undefined, 'forbidden-key', { key: 'constructor' }),
  },
  {
    name: 'prototype in a snapshot',
    mutate: (b) => void ((b.sites[0]!['snap'] as Json)['prototype'] = {}),
    expect: row('sites', 0, 'snap', 'forbidden-key', { key: 'prototype' }),
  },
  {
    name: '__proto__ in the envelope',
    mutate: (b) => JSON.parse(JSON.stringify(b).replace('{"format"', '{"__proto__":{"x":1},"format"')),
    expect: { kind: 'row', reason: 'forbidden-key', key: '__proto__' },
  },
  {
    name: 'an unknown field',
    mutate: (b) => void (b.events[0]!['script'] = '<img onerror=alert(1)>'),
    expect: row('events', 0, undefined, 'unknown-field', { key: 'script' }),
  },
  // Over-long strings.
  {
    name: 'a 10 MB host',
    mutate: (b) => void (b.visits[1]!['host'] = MB10),
    expect: row('visits', 1, 'host', 'too-long', { limit: HOST_MAX }),
  },
  {
    name: 'a 10 MB issuer',
    mutate: (b) => void (b.certificates[0]!['issuer'] = MB10),
    expect: row('certificates', 0, 'issuer', 'too-long'),
  },
  { name: 'a 10 MB event text', mutate: (b) => void (b.events[0]!['to'] = MB10), expect: row('events', 0, 'to', 'too-long') },
  {
    name: 'a 10 MB base64 DER',
    mutate: (b) => void (b.certificates[0]!['der'] = 'QUFB'.repeat(2_621_440)),
    expect: row('certificates', 0, 'der', 'too-long'),
  },
  {
    name: 'a host of 254 characters',
    mutate: (b) => void (b.sites[0]!['host'] = 'a'.repeat(254)),
    expect: row('sites', 0, 'host', 'too-long'),
  },
  {
    name: 'a 10 MB SAN in a list',
    mutate: (b) => void (b.certificates[0]!['sans'] = ['c.test', MB10]),
    expect: row('certificates', 0, 'sans[1]', 'too-long'),
  },
  {
    name: '10,001 SANs',
    mutate: (b) => void (b.certificates[0]!['sans'] = Array.from({ length: 10_001 }, () => 'c.test')),
    expect: row('certificates', 0, 'sans', 'too-many', { limit: 10_000 }),
  },
  {
    name: 'a host with a newline and a bidi override',
    mutate: (b) => void (b.visits[0]!['host'] = 'bank.test\n\u202egro.live'),
    expect: row('visits', 0, 'host', 'bad-host'),
  },
  // Times out of range.
  { name: 'time 1e17', mutate: (b) => void (b.visits[2]!['time'] = 1e17), expect: row('visits', 2, 'time', 'time-range', seenSpan) },
  { name: 'time 1e300', mutate: (b) => void (b.events[0]!['time'] = 1e300), expect: row('events', 0, 'time', 'time-range') },
  { name: 'a negative time', mutate: (b) => void (b.visits[0]!['time'] = -1), expect: row('visits', 0, 'time', 'time-range') },
  {
    name: 'a time in 1970',
    mutate: (b) => void (b.certificates[0]!['firstSeen'] = 0),
    expect: row('certificates', 0, 'firstSeen', 'time-range'),
  },
  {
    name: 'a time next year',
    mutate: (b) => void (b.sites[0]!['lastSeen'] = NOW + 365 * DAY),
    expect: row('sites', 0, 'lastSeen', 'time-range'),
  },
  {
    name: 'a snapshot time of 1e17',
    mutate: (b) => void ((b.sites[0]!['snap'] as Json)['echLostAt'] = 1e17),
    expect: row('sites', 0, 'snap.echLostAt', 'time-range'),
  },
  {
    name: 'a validity beyond year 9999',
    mutate: (b) => void (b.certificates[0]!['notAfter'] = 8.64e15),
    expect: row('certificates', 0, 'notAfter', 'time-range'),
  },
  {
    name: 'an acknowledgement time of 1e300',
    mutate: (b) => void (b.events[0]!['ack'] = 1e300),
    expect: row('events', 0, 'ack', 'time-range'),
  },
  {
    name: 'exportedAt far in the future',
    mutate: (b) => void (b['exportedAt'] = 1e17),
    expect: { kind: 'row', field: 'exportedAt', reason: 'time-range' },
  },
  // Counts.
  {
    name: 'reloads that overflow',
    mutate: (b) => void (b.visits[0]!['reloads'] = 2 ** 60),
    expect: row('visits', 0, 'reloads', 'count-range'),
  },
  { name: 'negative reloads', mutate: (b) => void (b.visits[0]!['reloads'] = -1), expect: row('visits', 0, 'reloads', 'count-range') },
  { name: 'fractional reloads', mutate: (b) => void (b.visits[0]!['reloads'] = 1.5), expect: row('visits', 0, 'reloads', 'not-whole') },
  { name: 'a site count of 1e300', mutate: (b) => void (b.sites[0]!['visits'] = 1e300), expect: row('sites', 0, 'visits', 'count-range') },
  {
    name: 'a site reload count that is not safe',
    mutate: (b) => void (b.sites[0]!['reloads'] = Number.MAX_SAFE_INTEGER + 2),
    expect: row('sites', 0, 'reloads', 'count-range'),
  },
  // Base64.
  {
    name: 'DER that is not base64',
    mutate: (b) => void (b.certificates[0]!['der'] = 'not base64!'),
    expect: row('certificates', 0, 'der', 'bad-base64'),
  },
  {
    name: 'DER with a bad length',
    mutate: (b) => void (b.certificates[0]!['der'] = 'QUJD\u0041'),
    expect: row('certificates', 0, 'der', 'bad-base64'),
  },
  {
    name: 'DER over 64 KB',
    mutate: (b) => void (b.certificates[0]!['der'] = btoa('x'.repeat(DER_MAX_BYTES + 3))),
    expect: row('certificates', 0, 'der', 'too-long'),
  },
  // Wrong types.
  { name: 'a numeric host', mutate: (b) => void (b.visits[0]!['host'] = 42), expect: row('visits', 0, 'host', 'not-text') },
  { name: 'a time as text', mutate: (b) => void (b.visits[1]!['time'] = '2026-11-01'), expect: row('visits', 1, 'time', 'not-number') },
  { name: 'ech as a string', mutate: (b) => void (b.visits[2]!['ech'] = 'yes'), expect: row('visits', 2, 'ech', 'not-boolean') },
  {
    name: 'hosts as a string',
    mutate: (b) => void (b.certificates[0]!['hosts'] = 'c.test'),
    expect: row('certificates', 0, 'hosts', 'not-list'),
  },
  {
    name: 'a visit that is a list',
    mutate: (b) => void (b.visits[1] = [1, 2] as unknown as Json),
    expect: row('visits', 1, undefined, 'not-object'),
  },
  { name: 'a null event', mutate: (b) => void (b.events[0] = null as unknown as Json), expect: row('events', 0, undefined, 'not-object') },
  { name: 'a site without a snapshot', mutate: (b) => void delete b.sites[0]!['snap'], expect: row('sites', 0, 'snap', 'missing') },
  { name: 'a visit without a host', mutate: (b) => void delete b.visits[2]!['host'], expect: row('visits', 2, 'host', 'missing') },
  {
    name: 'visits as an object',
    mutate: (b) => ({ ...b, visits: { 0: {} } }),
    expect: { kind: 'row', field: 'visits', reason: 'not-list' },
  },
  { name: 'no events list', mutate: ({ events: _e, ...rest }) => rest, expect: { kind: 'row', field: 'events', reason: 'missing' } },
  // Unknown enumerations (the accepted lists are the code's own: VERDICTS, HISTORY_EVENT_KINDS…).
  {
    name: 'an unknown verdict',
    mutate: (b) => void (b.visits[0]!['verdict'] = 'excellent'),
    expect: row('visits', 0, 'verdict', 'unknown-value'),
  },
  {
    name: 'an unknown event kind',
    mutate: (b) => void (b.events[0]!['kind'] = '__proto__'),
    expect: row('events', 0, 'kind', 'unknown-value'),
  },
  {
    name: 'an unknown scheme in a snapshot',
    mutate: (b) => void ((b.sites[0]!['snap'] as Json)['scheme'] = 'gopher'),
    expect: row('sites', 0, 'snap.scheme', 'unknown-value'),
  },
  // Not JSON, not a backup, wrong version.
  { name: 'not JSON', mutate: () => '{"format":"onlooker-history",', expect: { kind: 'not-json' } },
  { name: 'another format', mutate: (b) => ({ ...b, format: 'dexie' }), expect: { kind: 'not-backup' } },
  { name: 'a top-level list', mutate: () => [], expect: { kind: 'not-backup' } },
  { name: 'a newer format version', mutate: (b) => ({ ...b, version: 99 }), expect: { kind: 'newer', version: 99 } },
  { name: 'a version of 1e300', mutate: (b) => ({ ...b, version: 1e300 }), expect: { kind: 'newer', version: Number.MAX_SAFE_INTEGER } },
  { name: 'a fractional version', mutate: (b) => ({ ...b, version: 0.5 }), expect: { kind: 'no-version' } },
  // The bad row late in a long list: nothing of the earlier, valid rows is written either.
  {
    name: 'a bad row after 5,000 good ones',
    mutate: (b) => {
      for (let i = 0; i < 5000; i++)
        b.visits.push({ time: T0 + 10 * DAY + i, host: `bulk${i % 50}.test`, scheme: 'https', verdict: 'secure' });
      b.visits.push({ time: 1e17, host: 'late.test', scheme: 'https', verdict: 'secure' });
    },
    expect: row('visits', 5003, 'time', 'time-range'),
  },
  // Values JSON cannot carry, handed in as an object (structured clone would fail on them).
  {
    name: 'a function as a host',
    objectOnly: true,
    mutate: (b) => void (b.visits[0]!['host'] = () => 'x'),
    expect: row('visits', 0, 'host', 'not-text'),
  },
  {
    name: 'a symbol as a time',
    objectOnly: true,
    mutate: (b) => void (b.visits[0]!['time'] = Symbol('t')),
    expect: row('visits', 0, 'time', 'not-number'),
  },
  {
    name: 'a BigInt count',
    objectOnly: true,
    mutate: (b) => void (b.sites[0]!['visits'] = 10n),
    expect: row('sites', 0, 'visits', 'not-number'),
  },
  {
    name: 'a Date as a time',
    objectOnly: true,
    mutate: (b) => void (b.events[0]!['time'] = new Date(T0)),
    expect: row('events', 0, 'time', 'not-number'),
  },
  {
    name: 'a Map as a snapshot',
    objectOnly: true,
    mutate: (b) => void (b.sites[0]!['snap'] = new Map([['scheme', 'https']])),
    expect: row('sites', 0, 'snap', 'not-object'),
  },
  {
    name: 'a function in an unknown field',
    objectOnly: true,
    mutate: (b) => void (b.visits[1]!['fn'] = () => 1),
    expect: row('visits', 1, undefined, 'unknown-field', { key: 'fn' }),
  },
  {
    name: 'a class instance as a visit',
    objectOnly: true,
    mutate: (b) =>
      void (b.visits[0] = new (class Visit {
        time = T0;
      })() as unknown as Json),
    expect: row('visits', 0, undefined, 'not-object'),
  },
  {
    name: 'a typed array as hosts',
    objectOnly: true,
    mutate: (b) => void (b.certificates[0]!['hosts'] = new Uint8Array(3)),
    expect: row('certificates', 0, 'hosts', 'not-list'),
  },
  {
    name: 'NaN as a time',
    objectOnly: true,
    mutate: (b) => void (b.visits[0]!['time'] = NaN),
    expect: row('visits', 0, 'time', 'not-number'),
  },
  {
    name: 'Infinity as a time',
    objectOnly: true,
    mutate: (b) => void (b.visits[0]!['time'] = Infinity),
    expect: row('visits', 0, 'time', 'time-range'),
  },
];

function hostileInput(h: Hostile): unknown {
  const b = structuredClone(base()) as unknown as Parameters<Hostile['mutate']>[0];
  const replaced = h.mutate(b);
  const value = replaced === undefined ? b : replaced;
  return h.objectOnly || typeof value === 'string' ? value : JSON.stringify(value);
}

describe('hostile backups', () => {
  it('the corpus covers every refusal reason', () => {
    const reasons = new Set(CORPUS.map((h) => ('reason' in h.expect ? h.expect.reason : undefined)));
    expect(IMPORT_REASONS.filter((r) => !reasons.has(r))).toEqual([]);
  });

  it('the unmutated base backup is accepted (so every refusal below is the mutation’s)', async () => {
    const db = freshDb();
    const outcome = await importBackup(db, JSON.stringify(base()), { now: NOW });
    expect(outcome).toEqual({ ok: true, result: { visitsAdded: 3, visitsSkipped: 0, certificatesAdded: 1, eventsAdded: 1 } });
  });

  it.each(CORPUS.map((h) => [h.name, h] as const))(
    '%s: refused with its reason and place; the history is untouched',
    async (_name, h) => {
      const db = await filled();
      const before = await dump(db);
      const input = hostileInput(h);
      const outcome = await importBackup(db, input, { now: NOW });
      expect(outcome.ok).toBe(false);
      expect(outcome).toMatchObject({ problem: h.expect });
      if (!outcome.ok && 'problem' in outcome && outcome.problem.kind === 'row' && !('index' in h.expect)) {
        // Envelope problems have no entry.
        expect(outcome.problem.index).toBeUndefined();
      }
      expect(await dump(db)).toEqual(before);
      // The throwing variant says the same.
      await expect(importJson(db, input, { now: NOW })).rejects.toBeInstanceOf(HistoryImportError);
    },
    60_000,
  );

  it('a throwing getter in a hand-made object is a refusal, not an exception', async () => {
    const b = base() as unknown as Json;
    Object.defineProperty(b, 'visits', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const db = await filled();
    const before = await dump(db);
    expect(await importBackup(db, b, { now: NOW })).toEqual({ ok: false, problem: { kind: 'not-backup' } });
    expect(await dump(db)).toEqual(before);
  });
});

describe('a write that fails', () => {
  it('leaves the existing history identical and is reported, not thrown', async () => {
    const db = await filled();
    const before = await dump(db);
    // The events are written last: the visits, certificates and sites were already put.
    db.events.hook('creating', () => {
      throw new DOMException('simulated', 'DataCloneError');
    });
    const outcome = await importBackup(db, JSON.stringify(base()), { now: NOW });
    expect(outcome).toEqual({ ok: false, failure: 'write-failed' });
    expect(await dump(db)).toEqual(before);
  });

  it('says "disk full" for a quota error', async () => {
    const db = await filled();
    const before = await dump(db);
    db.visits.hook('creating', () => {
      throw new DOMException('simulated', 'QuotaExceededError');
    });
    expect(await importBackup(db, JSON.stringify(base()), { now: NOW })).toEqual({ ok: false, failure: 'quota' });
    expect(await dump(db)).toEqual(before);
  });
});

describe('what is accepted cannot break anything later', () => {
  /** Every value at the edge of its limit. */
  function edges(): HistoryExport {
    const b = base();
    const now = Date.now();
    b.exportedAt = now;
    b.visits.push(
      { time: EARLIEST_TIME, host: 'a'.repeat(HOST_MAX), scheme: 'other', verdict: 'unknown', reloads: 1_000_000 },
      { time: now + FUTURE_MARGIN_MS - 1, host: 'future.test', scheme: 'https', verdict: 'secure', reloads: 1_000_000 },
    );
    b.certificates[0]!.notBefore = Date.UTC(1950, 0, 1);
    b.certificates[0]!.notAfter = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    b.certificates[0]!.der = btoa('x'.repeat(DER_MAX_BYTES));
    b.events.push({ time: now, host: 'c.test', kind: 'expiring', to: '99999999999999999999' });
    return b;
  }

  it('formats, exports as JSON and CSV, and imports its own export again', async () => {
    const db = freshDb();
    const outcome = await importBackup(db, JSON.stringify(edges()));
    expect(outcome.ok).toBe(true);
    const f = createFormats('de');
    for (const v of await db.visits.toArray()) expect(f.dateTime(v.t)).not.toBe('');
    for (const c of await db.certificates.toArray()) expect(f.date(c.notAfter!)).not.toBe('');
    const site = await db.sites.get('a'.repeat(HOST_MAX));
    expect(site?.reloads).toBe(1_000_000);
    await expect(exportCsv(db)).resolves.toContain('future.test');
    const again = freshDb();
    const second = await importBackup(again, await exportJson(db));
    expect(second).toMatchObject({ ok: true, result: { visitsAdded: 5 } });
    const a = await exportHistory(db, 0);
    const b = await exportHistory(again, 0);
    expect(b.visits).toEqual(a.visits);
    expect(b.sites).toEqual(a.sites);
  });

  it('the page’s date formats never throw, whatever the number', () => {
    const f = createFormats('en');
    for (const ms of [1e17, -1e17, 1e300, 8.64e15 + 1, Infinity, -Infinity, NaN, Number.MAX_VALUE]) {
      expect(f.dateTime(ms)).toBe('');
      expect(f.date(ms)).toBe('');
    }
    expect(f.date(8.64e15)).not.toBe('');
  });
});

describe('merging stays linear and correct with colliding keys', () => {
  it('many visits in one millisecond each get their own key after the one already there', async () => {
    const db = await filled();
    const b = base();
    b.visits = Array.from({ length: 3000 }, (_, i) => ({ time: T0, host: `h${i}.test`, scheme: 'https' as const, verdict: VERDICTS[0]! }));
    b.sites = [];
    b.events = [{ time: T0, host: 'h1.test', kind: HISTORY_EVENT_KINDS[0] }];
    const outcome = await importBackup(db, JSON.stringify(b), { now: NOW });
    // site.test already has a visit at T0: the 3000 newcomers take T0 + 1, T0 + 2, …
    expect(outcome).toMatchObject({ ok: true, result: { visitsAdded: 3000, eventsAdded: 1 } });
    const keys = (await db.visits.toCollection().primaryKeys()) as number[];
    expect(new Set(keys).size).toBe(keys.length);
    expect(await db.visits.count()).toBe(3 + 3000);
    expect(await db.sites.get('h2999.test')).toMatchObject({ visits: 1 });
    expect((await db.visits.get(T0 + 1))?.h).toBe('h0.test');
    expect((await db.visits.get(T0 + 3000))?.h).toBe('h2999.test');
  }, 60_000);
});
