import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION, exportJson, type HistoryExport } from '../../../lib/history/export';
import { HistoryImportError, validateBackup } from '../../../lib/history/backup-validate';
import { importBackup } from '../../../lib/history/import';
import type { Expectation } from '../../../lib/watch/expectations';
import { freshDb, T0 } from './helpers';

const KEY = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
const mine: Expectation[] = [
  { host: 'bank.example', subdomains: true, kind: 'issuer', value: 'DigiCert Inc', created: T0 },
  { host: 'mail.example', subdomains: false, kind: 'key', value: KEY, created: T0 },
];
const empty = { format: EXPORT_FORMAT, exportedAt: T0, visits: [], certificates: [], sites: [], events: [] };

async function problemOf(raw: unknown) {
  try {
    await validateBackup(raw, { now: T0 + 1000 });
  } catch (err) {
    if (err instanceof HistoryImportError) return err.problem;
    throw err;
  }
  return undefined;
}

describe('backups carry expectations (format version 2)', () => {
  it('exports them and reads them back', async () => {
    const backup = JSON.parse(await exportJson(freshDb(), T0 + 5, mine)) as HistoryExport;
    expect(backup.version).toBe(2);
    expect(EXPORT_VERSION).toBe(2);
    expect(backup.expectations).toEqual(mine);
    expect((await validateBackup(backup, { now: T0 + 1000 })).expectations).toEqual(mine);
  });

  it('a version 1 file has none and is still accepted; a version 2 file must have the list', async () => {
    expect((await validateBackup({ ...empty, version: 1 }, { now: T0 + 1000 })).expectations).toEqual([]);
    expect(await problemOf({ ...empty, version: 2 })).toMatchObject({ kind: 'row', field: 'expectations', reason: 'missing' });
    // A version 1 file that has the list anyway is checked like any other.
    expect(await problemOf({ ...empty, version: 1, expectations: [{ ...mine[0], kind: 'pin' }] })).toMatchObject({
      section: 'expectations',
      index: 0,
      field: 'kind',
      reason: 'unknown-value',
    });
  });

  it('each entry is checked field by field: unknown fields, bad hosts, a key that is no SHA-256, too many', async () => {
    const bad = (e: unknown) => problemOf({ ...empty, version: 2, expectations: [e] });
    expect(await bad({ ...mine[0], extra: 1 })).toMatchObject({ section: 'expectations', reason: 'unknown-field' });
    expect(await bad({ ...mine[0], host: 'a b' })).toMatchObject({ section: 'expectations', field: 'host' });
    expect(await bad({ ...mine[1], value: 'short' })).toMatchObject({ section: 'expectations', field: 'value', reason: 'unknown-value' });
    expect(await bad({ ...mine[0], subdomains: 'yes' })).toMatchObject({ field: 'subdomains', reason: 'not-boolean' });
    expect(await problemOf({ ...empty, version: 2, expectations: Array.from({ length: 501 }, () => mine[0]) })).toMatchObject({
      reason: 'too-many',
      limit: 500,
    });
  });

  it('import adds the expectations of the backup the user lacks, keeping the ones the user has', async () => {
    let stored: Expectation[] = [{ ...mine[0]!, value: 'Mine Inc' }];
    const outcome = await importBackup(freshDb(), JSON.stringify({ ...empty, version: 2, expectations: mine }), {
      now: T0 + 1000,
      expectations: {
        load: () => Promise.resolve(stored),
        save: (list) => {
          stored = list;
          return Promise.resolve();
        },
      },
    });
    expect(outcome).toMatchObject({ ok: true, result: { expectationsAdded: 1 } });
    expect(stored.map((e) => `${e.host}:${e.value}`)).toEqual(['bank.example:Mine Inc', `mail.example:${KEY}`]);
  });
});
