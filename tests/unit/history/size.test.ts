import { describe, expect, it } from 'vitest';
import { fillHistory, keyBytes, measureBytesPerVisit, syntheticVisits, valueBytes } from '../../fixtures/history-size';
import { freshDb } from './helpers';

// The budget: ≤ 300 bytes stored per visit on average with 100k visits. The full run takes
// ~20 s on fake-indexeddb, so by default a 20k sample with the same host-to-visit ratio runs;
// HISTORY_SIZE_VISITS=111111 gives ~100k stored rows (one navigation in ten is a reload).
const N = Number(process.env['HISTORY_SIZE_VISITS'] ?? 20_000);

describe('bytes per visit', () => {
  it('estimators', () => {
    expect(valueBytes({ a: 1, d: new Uint8Array(100) })).toBe('{"a":1,"d":""}'.length + 100);
    expect(keyBytes(5)).toBe(9);
    expect(keyBytes('ab')).toBe(4);
    expect(keyBytes(['ab', 5])).toBe(2 + 4 + 9);
  });

  it(`stays under 300 bytes per visit (${N} synthetic navigations)`, async () => {
    const db = freshDb();
    const visits = syntheticVisits(N, { hosts: Math.round((N * 2000) / 111_111) });
    await fillHistory(db, visits);
    const report = await measureBytesPerVisit(db);
    console.info(`history size: ${report.visits} visits, per visit ${JSON.stringify(report.perVisit)}`);
    expect(report.visits).toBeGreaterThan(N * 0.85);
    expect(report.perVisit.values).toBeLessThanOrEqual(300);
    expect(report.perVisit.total).toBeLessThanOrEqual(300);
  }, 120_000);
});
