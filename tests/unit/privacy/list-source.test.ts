import { describe, expect, it } from 'vitest';
import type { VisitView } from '../../../lib/history/queries';
import { VisitListSource, type ReadPage } from '../../../lib/privacy/list-source';
import type { PageAt } from '../../../lib/history/visit-query';

const row = (key: number): VisitView => ({ key, time: key, host: `h${key % 7}.test`, scheme: 'https', verdict: 'secure', reloads: 0 });

/** A reader over `n` rows (keys n-1 … 0, newest first) that records how it was asked. */
function reader(n: number) {
  const rows = Array.from({ length: n }, (_, i) => row(n - 1 - i));
  const calls: PageAt[] = [];
  const read: ReadPage = async (at) => {
    calls.push(at);
    const start = at.after ? rows.findIndex((r) => r.key === at.after!.key) + 1 : at.offset;
    const page = rows.slice(start, start + at.limit);
    return { rows: page, end: page.length < at.limit };
  };
  return { read, calls };
}

describe('VisitListSource', () => {
  it('before the count: the rows read plus one page to ask for; then the exact total', async () => {
    const { read } = reader(250);
    const s = await VisitListSource.open(read, 100);
    expect(s.counted).toBe(false);
    expect(s.count).toBe(200);
    expect(s.row(0)?.key).toBe(249);
    expect(s.row(100)).toBeUndefined();
    s.total = 250;
    expect(s.counted).toBe(true);
    expect(s.count).toBe(250);
  });

  it('a short read is the end: the count is exact without a total', async () => {
    const { read } = reader(42);
    const s = await VisitListSource.open(read, 100);
    expect(s.counted).toBe(true);
    expect(s.count).toBe(42);
    expect(s.has(0, 1000)).toBe(true);
  });

  it('scrolling on continues after the last row (keyset); a jump ahead uses an offset', async () => {
    const { read, calls } = reader(1000);
    const s = await VisitListSource.open(read, 100);
    s.total = 1000;
    await s.ensure(150, 180);
    expect(calls[1]).toMatchObject({ offset: 100, limit: 100, after: { key: 900 } });
    expect(s.row(150)?.key).toBe(849);
    await s.ensure(700, 720);
    expect(calls[2]).toEqual({ offset: 700, limit: 100 });
    expect(s.row(705)?.key).toBe(294);
    expect(await s.ensure(700, 720)).toBe(false);
    expect(calls).toHaveLength(3);
  });

  it('the count never exceeds where the rows ended (a stale total)', async () => {
    const { read } = reader(150);
    const s = await VisitListSource.open(read, 100);
    s.total = 400;
    await s.ensure(100, 199);
    expect(s.count).toBe(150);
  });

  it('reload keeps the rows on screen', async () => {
    const { read } = reader(1000);
    const s = await VisitListSource.reload(read, { start: 300, end: 320 }, 100);
    expect(s.row(310)?.key).toBe(689);
  });
});
