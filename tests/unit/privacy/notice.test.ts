import { describe, expect, it } from 'vitest';
import type { StorageReport } from '../../../lib/history/logger';
import { historyNoticeWriter, nextHistoryNotice, parseHistoryNotice, readHistoryNotice } from '../../../lib/privacy/notice';

/** A storage area in memory whose writes fail while `full` (a hand-made stand-in for a full disk). */
function area() {
  const data = new Map<string, unknown>();
  const disk = { full: false };
  const refuse = () => Promise.reject(new Error('IO error: FILE_ERROR_NO_SPACE'));
  return {
    data,
    disk,
    get: async (key: string) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items: Record<string, unknown>) => {
      if (disk.full) return refuse();
      for (const [k, v] of Object.entries(items)) data.set(k, v);
    },
    remove: async (key: string) => {
      if (disk.full) return refuse();
      data.delete(key);
    },
  };
}

describe('the history storage notice', () => {
  it('adds up what was lost until dismissed, and forgets the failure once writes work again', () => {
    let n = nextHistoryNotice(undefined, { kind: 'failing', since: 100, quota: true, dropped: 0 });
    expect(n).toEqual({ failingSince: 100 });
    n = nextHistoryNotice(n, { kind: 'failing', since: 100, quota: true, dropped: 1 });
    n = nextHistoryNotice(n, { kind: 'failing', since: 100, quota: true, dropped: 1 });
    n = nextHistoryNotice(n, { kind: 'pruned', at: 200, count: 90, beyondRetention: 90 });
    expect(n).toEqual({ failingSince: 100, dropped: 2, quotaPrunedAt: 200, quotaPruned: 90 });
    n = nextHistoryNotice(n, { kind: 'recovered', at: 300, dropped: 2 });
    expect(n).toEqual({ dropped: 2, quotaPrunedAt: 200, quotaPruned: 90 });
  });

  it('has nothing to say after a recovery that lost nothing', () => {
    const failing = nextHistoryNotice(undefined, { kind: 'failing', since: 100, quota: false, dropped: 0 });
    expect(nextHistoryNotice(failing, { kind: 'recovered', at: 300, dropped: 0 })).toBeUndefined();
  });

  it('reads the older shape and drops damaged fields', () => {
    expect(parseHistoryNotice({ quotaPrunedAt: 5, quotaPruned: 3 })).toEqual({ quotaPrunedAt: 5, quotaPruned: 3 });
    expect(parseHistoryNotice({ failingSince: 1e300, dropped: -4 })).toBeUndefined();
    expect(parseHistoryNotice({ failingSince: 7, dropped: 'x', quotaPruned: 2 })).toEqual({ failingSince: 7 });
  });

  it('is kept in storage.session while storage.local is on a full disk, and goes back once it is not', async () => {
    const local = area();
    const session = area();
    const areas = { local, session } as unknown as Parameters<typeof historyNoticeWriter>[0];
    const write = historyNoticeWriter(areas);
    const settle = async (report: StorageReport) => {
      write(report);
      // The writer chains its writes; a read after a few turns sees the last one.
      await new Promise((r) => setTimeout(r, 5));
    };
    await settle({ kind: 'failing', since: 100, quota: false, dropped: 0 });
    expect(local.data.get('historyNotice')).toEqual({ failingSince: 100 });
    local.disk.full = true;
    await settle({ kind: 'failing', since: 100, quota: false, dropped: 3 });
    expect(local.data.get('historyNotice')).toEqual({ failingSince: 100 });
    expect(session.data.get('historyNotice')).toEqual({ failingSince: 100, dropped: 3 });
    expect(await readHistoryNotice(areas)).toEqual({ failingSince: 100, dropped: 3 });
    local.disk.full = false;
    await settle({ kind: 'recovered', at: 200, dropped: 3 });
    expect(local.data.get('historyNotice')).toEqual({ dropped: 3 });
    expect(session.data.has('historyNotice')).toBe(false);
    expect(await readHistoryNotice(areas)).toEqual({ dropped: 3 });
  });
});
