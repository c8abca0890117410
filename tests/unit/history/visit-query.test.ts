/**
 * The page's rows-first reads agree with a brute-force answer over every row, for every filter
 * and order, by offset and by continuing after the previous page (keyset); and the separate
 * count agrees with the number of matching rows.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeVisit, type VisitFilter, type VisitQuery, type VisitView } from '../../../lib/history/queries';
import type { HistoryDb } from '../../../lib/history/schema';
import { fillHistory, syntheticVisits } from '../../fixtures/history-size';
import { countVisits, readVisitPage } from '../../../lib/history/visit-query';
import { DAY, freshDb } from './helpers';

vi.setConfig({ testTimeout: 60_000 });

const END = Date.UTC(2026, 10, 20);
let db: HistoryDb;
let all: VisitView[];

beforeAll(async () => {
  db = freshDb();
  const visits = syntheticVisits(3000, { hosts: 80, days: 30, end: END, seed: 11 });
  const fresh = visits.filter((v) => v.transition === 'other' && v.scheme === 'https');
  for (let i = 10; i < 120; i += 10) fresh[i]!.verdict = (['broken', 'mixed', 'unknown'] as const)[i % 3]!;
  await fillHistory(db, visits, 500);
  all = (await db.visits.toArray()).map(decodeVisit);
}, 60_000);

function naive(q: VisitQuery): VisitView[] {
  const text = q.text?.trim().toLowerCase();
  const rows = all.filter(
    (v) =>
      (q.host === undefined || v.host === q.host) &&
      (!text || v.host.includes(text)) &&
      (q.verdict === undefined || v.verdict === q.verdict) &&
      (!q.httpOnly || v.scheme === 'http') &&
      (q.from === undefined || v.time >= q.from) &&
      (q.to === undefined || v.time <= q.to),
  );
  const sort = q.sort ?? 'time-desc';
  return [...rows].sort((a, b) =>
    sort === 'time-asc'
      ? a.time - b.time
      : sort === 'time-desc'
        ? b.time - a.time
        : a.host < b.host
          ? -1
          : a.host > b.host
            ? 1
            : b.time - a.time,
  );
}

const mid = END - 15 * DAY;
const someHost = () => all[100]!.host;
const FILTERS: [string, () => VisitFilter][] = [
  ['nothing', () => ({})],
  ['date range', () => ({ from: mid - 3 * DAY, to: mid })],
  ['open-ended from', () => ({ from: mid })],
  ['site', () => ({ host: someHost() })],
  ['site + range', () => ({ host: someHost(), from: mid, to: END })],
  ['text, many hosts (walk)', () => ({ text: 'o' })],
  ['text, few hosts (per host)', () => ({ text: 'news' })],
  ['text matching nothing', () => ({ text: 'zzz-no-such' })],
  ['text + verdict secure', () => ({ text: 'shop', verdict: 'secure' })],
  ['text + range', () => ({ text: 'o', from: mid - 5 * DAY, to: mid })],
  ['verdict weak', () => ({ verdict: 'weak' })],
  ['verdict secure', () => ({ verdict: 'secure' })],
  ['verdict secure + range', () => ({ verdict: 'secure', from: mid, to: mid + 5 * DAY })],
  ['verdict broken', () => ({ verdict: 'broken' })],
  ['verdict http + text', () => ({ verdict: 'http', text: 'e' })],
  ['plain HTTP only', () => ({ httpOnly: true })],
  ['plain HTTP + range', () => ({ httpOnly: true, from: mid })],
  ['plain HTTP + verdict secure (none)', () => ({ httpOnly: true, verdict: 'secure' })],
  ['site + plain HTTP', () => ({ host: all.find((v) => v.scheme === 'http')!.host, httpOnly: true })],
  ['site not matching text', () => ({ host: someHost(), text: 'no-such' })],
];
const SORTS = ['time-desc', 'time-asc', 'host'] as const;

describe('readVisitPage and countVisits agree with brute force', () => {
  for (const [name, filter] of FILTERS) {
    it(name, async () => {
      for (const sort of SORTS) {
        const q: VisitQuery = { ...filter(), sort };
        const want = naive(q);
        const label = JSON.stringify(q);
        expect(await countVisits(db, q), label).toBe(want.length);
        // By offset, including a jump into the middle.
        for (const [offset, limit] of [
          [0, 50],
          [37, 20],
          [Math.floor(want.length / 2), 30],
        ] as const) {
          const page = await readVisitPage(db, q, { offset, limit });
          expect(
            page.rows.map((r) => r.key),
            `${label} @${offset}`,
          ).toEqual(want.slice(offset, offset + limit).map((r) => r.key));
          expect(page.end, `${label} @${offset} end`).toBe(want.slice(offset, offset + limit).length < limit);
        }
        // Page after page, each continuing after the last row of the one before.
        const keys: number[] = [];
        let after: VisitView | undefined;
        for (let i = 0; i < 200; i++) {
          const page = await readVisitPage(db, q, after ? { offset: keys.length, limit: 97, after } : { offset: 0, limit: 97 });
          keys.push(...page.rows.map((r) => r.key));
          after = page.rows.at(-1);
          if (page.end || !after) break;
        }
        expect(keys, `${label} keyset`).toEqual(want.map((r) => r.key));
      }
    });
  }

  it('the data set has something for every filter', () => {
    expect(all.some((v) => v.verdict === 'weak')).toBe(true);
    expect(all.some((v) => v.verdict === 'broken')).toBe(true);
    expect(all.some((v) => v.scheme === 'http')).toBe(true);
    const hosts = new Set(all.map((v) => v.host));
    expect([...hosts].filter((h) => h.includes('news')).length).toBeLessThanOrEqual(24);
    expect([...hosts].filter((h) => h.includes('o')).length).toBeGreaterThan(24);
  });
});
