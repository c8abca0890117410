import { describe, expect, it } from 'vitest';
import {
  csvCell,
  CSV_COLUMNS,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportCsv,
  exportHistory,
  exportJson,
  type HistoryExport,
} from '../../../lib/history/export';
import { HistoryImportError, validateBackup } from '../../../lib/history/backup-validate';
import { importJson } from '../../../lib/history/import';
import { bytesToBase64 } from '../../../lib/bytes';
import { syntheticBackup } from '../../../bench/synthetic-backup';
import { createHistoryLogger } from '../../../lib/history/logger';
import { memoryStore } from './memory-store';
import type { VisitInput } from '../../../lib/history/input';
import type { HistoryDb } from '../../../lib/history/schema';
import { DAY, freshDb, leaf, T0, tls, visit } from './helpers';

async function write(db: HistoryDb, visits: VisitInput[]): Promise<void> {
  const logger = createHistoryLogger({ db, store: memoryStore(), schedule: () => () => undefined });
  for (const v of visits) await logger.log(v);
  await logger.flush();
  logger.dispose();
}

async function sample(): Promise<HistoryDb> {
  const db = freshDb();
  const first = tls({ leaf: leaf('a'), ech: true, privateDns: true, group: 'brand-new-group' });
  await write(db, [
    visit({ tabId: 1, navStart: T0, tls: first }),
    visit({ tabId: 1, navStart: T0 + 10, transition: 'reload', tls: first }),
    visit({
      tabId: 2,
      navStart: T0 + DAY,
      host: 'b.test',
      url: 'https://b.test/',
      tls: tls({ leaf: leaf('b', { issuerOrg: 'DigiCert Inc' }) }),
    }),
    visit({ tabId: 3, navStart: T0 + 2 * DAY, scheme: 'http', url: 'http://site.test/', proxy: 'http proxy.test:3128' }),
  ]);
  return db;
}

/** An export without the moment it was made, for comparing. */
async function snapshot(db: HistoryDb): Promise<Omit<HistoryExport, 'exportedAt'>> {
  const { exportedAt: _e, ...rest } = await exportHistory(db, 0);
  rest.events.sort((a, b) => a.time - b.time || a.kind.localeCompare(b.kind));
  return rest;
}

describe('JSON export', () => {
  it('has a versioned envelope and decoded, readable records', async () => {
    const db = await sample();
    const backup = JSON.parse(await exportJson(db, 1234)) as HistoryExport;
    expect(backup).toMatchObject({ format: 'onlooker-history', version: EXPORT_VERSION, exportedAt: 1234 });
    expect(backup.visits[0]).toEqual({
      time: T0,
      host: 'site.test',
      scheme: 'https',
      verdict: 'secure',
      tls: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      group: 'brand-new-group',
      ip: '192.0.2.1',
      httpVersion: 'HTTP/2',
      ech: true,
      privateDns: true,
      cert: 'SHA:a',
      reloads: 1,
    });
    expect(backup.visits[2]).toMatchObject({ scheme: 'http', verdict: 'http', proxy: 'http proxy.test:3128' });
    expect(backup.certificates.find((c) => c.sha256 === 'SHA:a')?.der).toBe(btoa('der-of-a'));
    expect(backup.certificates[0]).not.toHaveProperty('id');
    expect(backup.sites.find((s) => s.host === 'site.test')).toMatchObject({ visits: 2, reloads: 1, httpVisits: 1, cert: 'SHA:a' });
    expect(backup.events.map((e) => e.kind)).toEqual(['https-downgrade']);
  });
});

describe('import', () => {
  it('round-trips into an empty history', async () => {
    const source = await sample();
    const json = await exportJson(source);
    const target = freshDb();
    const result = await importJson(target, json);
    expect(result).toEqual({ visitsAdded: 3, visitsSkipped: 0, certificatesAdded: 2, eventsAdded: 1 });
    expect(await snapshot(target)).toEqual(await snapshot(source));
    const der = (await target.certificates.get('SHA:a'))?.der;
    expect(der).toBeInstanceOf(Uint8Array);
  });

  it('importing the same backup again adds nothing', async () => {
    const db = await sample();
    const before = await snapshot(db);
    const result = await importJson(db, await exportJson(db));
    expect(result).toEqual({ visitsAdded: 0, visitsSkipped: 3, certificatesAdded: 0, eventsAdded: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('reads and merges more certificates and sites than one read batch holds (2,000), each with its own DER', async () => {
    // Hand-made by the bench's generator: one certificate and site per host.
    const backup = syntheticBackup(2500, 2500);
    const db = freshDb();
    const first = await importJson(db, JSON.stringify(backup));
    expect(first).toMatchObject({ visitsAdded: 2500, certificatesAdded: backup.certificates.length });
    expect(await db.sites.count()).toBe(2500);
    const last = backup.certificates.at(-1)!;
    expect(bytesToBase64((await db.certificates.get(last.sha256))!.der!)).toBe(last.der);
    // Again: every certificate and site is found (across batches), nothing is added or counted twice.
    const again = await importJson(db, JSON.stringify(backup));
    expect(again).toMatchObject({ visitsAdded: 0, visitsSkipped: 2500, certificatesAdded: 0 });
    expect((await db.sites.toArray()).reduce((n, site) => n + site.visits, 0)).toBe(2500);
  });

  it('merges two histories without duplicates and with right counters', async () => {
    const a = await sample();
    const b = freshDb();
    await write(b, [
      visit({ tabId: 7, navStart: T0 + 5 * DAY }), // same site, same certificate
      visit({ tabId: 8, navStart: T0 + 6 * DAY, host: 'c.test', url: 'https://c.test/', tls: tls({ leaf: leaf('c') }) }),
      // Same millisecond as a visit in `a`, another site: both kept.
      visit({ tabId: 9, navStart: T0 + DAY, host: 'd.test', url: 'https://d.test/', tls: tls({ leaf: leaf('d') }) }),
    ]);
    const result = await importJson(a, await exportJson(b));
    expect(result).toMatchObject({ visitsAdded: 3, visitsSkipped: 0, certificatesAdded: 2 });
    expect(await a.visits.count()).toBe(6);
    expect((await a.visits.get(T0 + DAY + 1))?.h).toBe('d.test');
    expect(await a.sites.get('site.test')).toMatchObject({ visits: 3, lastSeen: T0 + 5 * DAY, httpVisits: 1 });
    // The newer snapshot (from b, last seen later) wins for site.test: HTTPS again.
    expect((await a.sites.get('site.test'))?.snap.scheme).toBe('https');
    // Certificate ids were assigned locally; the visit points at the right one.
    const c = await a.certificates.get('SHA:c');
    expect((await a.visits.get(T0 + 6 * DAY))?.c).toBe(c?.id);
    const ids = (await a.certificates.toArray()).map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects what is not an Onlooker backup with a clear problem, writing nothing', async () => {
    const db = freshDb();
    const problem = (input: unknown) =>
      importJson(db, input).then(
        () => undefined,
        (err: unknown) => (err instanceof HistoryImportError ? err.problem : err),
      );
    expect(await problem('not json {')).toEqual({ kind: 'not-json' });
    expect(await problem('{"format":"dexie","data":{}}')).toEqual({ kind: 'not-backup' });
    expect(await problem({ format: EXPORT_FORMAT })).toEqual({ kind: 'no-version' });
    expect(await problem({ format: EXPORT_FORMAT, version: EXPORT_VERSION + 1 })).toEqual({ kind: 'newer', version: EXPORT_VERSION + 1 });
    expect(await problem(null)).toEqual({ kind: 'not-backup' });
    expect(await db.visits.count()).toBe(0);
  });

  it('names the first invalid record and imports none of the file', async () => {
    const db = await sample();
    const backup = await exportHistory(db);
    const bad = structuredClone(backup) as unknown as { visits: Record<string, unknown>[] };
    bad.visits[1]!['verdict'] = 'excellent';
    const target = freshDb();
    await expect(importJson(target, bad)).rejects.toMatchObject({
      problem: { kind: 'row', section: 'visits', index: 1, field: 'verdict', reason: 'unknown-value' },
    });
    const bad2 = structuredClone(backup) as unknown as { certificates: Record<string, unknown>[] };
    bad2.certificates[0]!['der'] = 'not base64!';
    await expect(importJson(target, bad2)).rejects.toMatchObject({
      problem: { section: 'certificates', index: 0, field: 'der', reason: 'bad-base64' },
    });
    await expect(validateBackup({ ...backup, sites: 'x' })).rejects.toMatchObject({
      problem: { kind: 'row', field: 'sites', reason: 'not-list' },
    });
    expect(await target.visits.count()).toBe(0);
  });

  it('announces the checking phase and yields once before the first row, even for a file checked in one slice', async () => {
    const backup = await exportHistory(await sample());
    const bad = structuredClone(backup) as unknown as { visits: Record<string, unknown>[] };
    bad.visits[0]!['verdict'] = 'excellent';
    const steps: string[] = [];
    const pause = (force?: boolean) => {
      steps.push(force ? 'forced-yield' : 'pause');
      return force ? Promise.resolve() : undefined;
    };
    const onProgress = (done: number, total: number) => steps.push(`progress ${done}/${total}`);
    await expect(validateBackup(bad, { pause, onProgress })).rejects.toBeInstanceOf(HistoryImportError);
    const total = backup.visits.length + backup.certificates.length + backup.sites.length + backup.events.length;
    expect(steps.slice(0, 2)).toEqual([`progress 0/${total}`, 'forced-yield']);
  });

  it('ignores events of hosts with no visits', async () => {
    const db = freshDb();
    const backup: HistoryExport = {
      format: EXPORT_FORMAT,
      version: 1,
      schemaVersion: 2,
      exportedAt: T0,
      visits: [],
      certificates: [],
      sites: [],
      events: [{ time: T0, host: 'ghost.test', kind: 'weak' }],
    };
    expect((await importJson(db, backup)).eventsAdded).toBe(0);
  });
});

describe('CSV', () => {
  it('escapes quotes, commas and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(false)).toBe('false');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('exports visits with a header, oldest first', async () => {
    const db = await sample();
    await importJson(db, {
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: T0,
      visits: [{ time: T0 + 9 * DAY, host: '=cmd|calc', scheme: 'https', verdict: 'secure', cipher: 'x,"y"' }],
      certificates: [],
      sites: [],
      events: [],
    });
    const csv = await exportCsv(db);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      `${new Date(T0).toISOString()},site.test,https,secure,TLSv1.3,TLS_AES_128_GCM_SHA256,brand-new-group,192.0.2.1,HTTP/2,true,true,,1,SHA:a,Let's Encrypt`,
    );
    expect(lines[3]).toContain(',http,http,');
    expect(lines[4]).toContain(`'=cmd|calc,https,secure,,"x,""y""",`);
    expect(lines).toHaveLength(6); // header, 4 visits, final empty string after the last CRLF
    expect(lines[5]).toBe('');
  });
});
