/**
 * The "disk was full" notice. When a write hits the storage quota, the background prunes the
 * oldest visits and records `{ quotaPrunedAt, quotaPruned }` under "historyNotice" in
 * storage.local; the page shows it until the user dismisses it (which removes the key).
 */
import { browser } from 'wxt/browser';

export const NOTICE_KEY = 'historyNotice';

/** What the background recorded about its last quota prune. */
export interface HistoryNotice {
  /** When it pruned, ms. */
  quotaPrunedAt: number;
  /** Visits it deleted. */
  quotaPruned: number;
}

/** The stored value if it is a well-formed notice, else undefined (a damaged value shows nothing). */
export function parseHistoryNotice(value: unknown): HistoryNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const at = v['quotaPrunedAt'];
  const n = v['quotaPruned'];
  if (typeof at !== 'number' || !Number.isFinite(at) || typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return { quotaPrunedAt: at, quotaPruned: Math.round(n) };
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
