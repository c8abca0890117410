/**
 * The history's storage notice. When history writes fail for lack of space, the background
 * records what the user must know under "historyNotice" in storage.local: since when writes are
 * failing (until one succeeds), how many visits could not be saved meanwhile, and how many old
 * visits were deleted to make room. The page shows it until the user dismisses it (which
 * removes the key). Nothing is deleted or lost without this notice saying so.
 */
import { browser } from 'wxt/browser';
import type { StorageReport } from '@/lib/history/logger';

export const NOTICE_KEY = 'historyNotice';

/** What the background recorded about history storage trouble. */
export interface HistoryNotice {
  /** When it last deleted visits to make room, ms. */
  quotaPrunedAt?: number;
  /** Visits it deleted to make room (added up until dismissed). */
  quotaPruned?: number;
  /** Writes have been failing since then, ms; absent once a write succeeded again. */
  failingSince?: number;
  /** Visits that could not be saved while writes failed (added up until dismissed). */
  dropped?: number;
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
const time = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 8.64e15 ? v : undefined);

/** The stored value if it is a well-formed notice, else undefined (a damaged value shows nothing). */
export function parseHistoryNotice(value: unknown): HistoryNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const notice: HistoryNotice = {};
  const at = time(v['quotaPrunedAt']);
  const pruned = count(v['quotaPruned']);
  if (at !== undefined && pruned !== undefined) {
    notice.quotaPrunedAt = at;
    notice.quotaPruned = pruned;
  }
  const since = time(v['failingSince']);
  if (since !== undefined) notice.failingSince = since;
  const dropped = count(v['dropped']);
  if (dropped) notice.dropped = dropped;
  return Object.keys(notice).length > 0 ? notice : undefined;
}

/** The notice after one storage report of the logger; undefined when nothing is left to say. */
export function nextHistoryNotice(prev: HistoryNotice | undefined, report: StorageReport): HistoryNotice | undefined {
  const next: HistoryNotice = { ...prev };
  switch (report.kind) {
    case 'failing':
      next.failingSince = report.since;
      if (report.dropped > 0) next.dropped = (next.dropped ?? 0) + report.dropped;
      break;
    case 'pruned':
      next.quotaPrunedAt = report.at;
      next.quotaPruned = (next.quotaPruned ?? 0) + report.count;
      break;
    case 'recovered':
      // Writes work again: only what was lost is still worth saying.
      delete next.failingSince;
      break;
  }
  return parseHistoryNotice(next);
}

/** Calls `cb` with the current notice now and whenever the background writes a new one. */
export function watchHistoryNotice(cb: (notice: HistoryNotice | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && NOTICE_KEY in changes) cb(parseHistoryNotice(changes[NOTICE_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  void browser.storage.local.get(NOTICE_KEY).then(
    (stored) => cb(parseHistoryNotice(stored[NOTICE_KEY])),
    () => cb(undefined),
  );
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Forgets the notice (the user has read it). */
export async function dismissHistoryNotice(): Promise<void> {
  await browser.storage.local.remove(NOTICE_KEY);
}
