/**
 * The history's storage notice. When history writes fail for lack of space, the background
 * records what the user must know under "historyNotice" in storage.local: since when writes are
 * failing (until one succeeds), how many visits could not be saved meanwhile, and how many old
 * visits were deleted to make room. The page shows it until the user dismisses it (which
 * removes the key). Nothing is deleted or lost without this notice saying so.
 *
 * storage.local is on the same disk as the history: when that disk is full, writing the notice
 * fails too (seen in Chromium 156, full-disk.e2e.ts). The notice then goes to storage.session,
 * which both browsers keep in memory, and the copy there is the newer one until storage.local
 * takes a write again; it is lost only with the browser session, which a full disk would not
 * have let us save anyway.
 */
import { browser } from 'wxt/browser';
import type { StorageReport } from '@/lib/history/logger';

const NOTICE_KEY = 'historyNotice';

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

/** The storage areas the notice is kept in: storage.local, else (a full disk) storage.session. */
interface NoticeAreas {
  local: Pick<typeof browser.storage.local, 'get' | 'set' | 'remove'>;
  session: Pick<typeof browser.storage.local, 'get' | 'set' | 'remove'>;
}

const defaultAreas = (): NoticeAreas => ({ local: browser.storage.local, session: browser.storage.session });

/** The notice as stored: the storage.session copy when there is one (see the header). */
export async function readHistoryNotice(areas: NoticeAreas = defaultAreas()): Promise<HistoryNotice | undefined> {
  const fallback = await areas.session.get(NOTICE_KEY).catch(() => ({}) as Record<string, unknown>);
  if (fallback[NOTICE_KEY] !== undefined) return parseHistoryNotice(fallback[NOTICE_KEY]);
  const stored = await areas.local.get(NOTICE_KEY).catch(() => ({}) as Record<string, unknown>);
  return parseHistoryNotice(stored[NOTICE_KEY]);
}

/**
 * Records the logger's storage reports, one after another (a read-modify-write of one key),
 * in storage.local, or in storage.session while storage.local cannot be written.
 */
export function historyNoticeWriter(areas: NoticeAreas = defaultAreas()): (report: StorageReport) => void {
  let chain: Promise<void> = Promise.resolve();
  return (report) => {
    chain = chain.then(async () => {
      const next = nextHistoryNotice(await readHistoryNotice(areas), report);
      try {
        if (next) await areas.local.set({ [NOTICE_KEY]: next });
        else await areas.local.remove(NOTICE_KEY);
        await areas.session.remove(NOTICE_KEY);
      } catch (error) {
        console.warn('Onlooker: could not record the history storage notice on disk; kept for this session', error);
        try {
          if (next) await areas.session.set({ [NOTICE_KEY]: next });
          else await areas.session.remove(NOTICE_KEY);
        } catch (lost) {
          console.warn('Onlooker: could not record the history storage notice', report, lost);
        }
      }
    });
  };
}

/** Calls `cb` with the current notice now and whenever the background writes a new one. */
export function watchHistoryNotice(cb: (notice: HistoryNotice | undefined) => void): () => void {
  const read = () => void readHistoryNotice().then(cb, () => cb(undefined));
  const listener = (changes: Record<string, unknown>, area: string): void => {
    if ((area === 'local' || area === 'session') && NOTICE_KEY in changes) read();
  };
  browser.storage.onChanged.addListener(listener);
  read();
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Forgets the notice (the user has read it), wherever it is kept. */
export async function dismissHistoryNotice(): Promise<void> {
  await Promise.allSettled([browser.storage.session.remove(NOTICE_KEY), browser.storage.local.remove(NOTICE_KEY)]);
}
