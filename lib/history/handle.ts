/**
 * The history as the background holds it: a handle that loads the database and the logger
 * (live.ts) on first use, so a worker that only paints badges never loads Dexie or IndexedDB,
 * plus the commit journal's area and the daily retention alarm.
 * State: only the promise of the loaded half, in memory; after a worker restart it is loaded
 * again by the first visit to log, or at once when the previous worker left visits queued
 * (`flushLeftovers`).
 */
import { browser } from 'wxt/browser';
import type { JournalArea } from './journal';
import type { EventVisit, HistoryLogger } from './logger';
import type { HistoryEventRecord } from './schema';

export const RETENTION_ALARM = 'onlooker-retention';

/** The logger's queue in storage.session (logger.ts): visits accepted and not yet in the database. */
export const QUEUE_KEY = 'historyQueue';

export interface HistoryHandle {
  logger(): Promise<HistoryLogger>;
  forgetTab(tabId: number): Promise<void>;
  applyRetention(days: number): Promise<void>;
}

export interface HistoryHooks {
  isExcluded: (host: string) => boolean;
  onEvents: (events: HistoryEventRecord[], visits: EventVisit[]) => void;
  /** The user's retention, days: room on a full disk is made by it before anything younger goes. */
  retentionDays: () => number;
}

/** storage.session as the commit journal (see journal.ts). */
export function sessionJournal(): JournalArea {
  return browser.storage.session as unknown as JournalArea;
}

export function openHistory(hooks: HistoryHooks): HistoryHandle {
  let live: Promise<HistoryHandle> | undefined;
  // A separate chunk in the Firefox build (an event page, where import() works); Chromium's
  // service worker may not import(), and its IIFE build inlines the module instead.
  const load = () =>
    (live ??= import('./live').then(
      (m) => m.openLiveHistory(hooks),
      (error: unknown) => {
        live = undefined;
        throw error;
      },
    ));
  return {
    logger: () => load().then((h) => h.logger()),
    async forgetTab(tabId) {
      if (live) await (await live).forgetTab(tabId);
    },
    applyRetention: (days) => load().then((h) => h.applyRetention(days)),
  };
}

/**
 * At worker start: visits the previous worker accepted but had not written yet (it was stopped
 * within the logger's flush delay) are written now, not at the next page; the user may browse
 * no further before closing the browser, which clears storage.session. An empty queue loads
 * nothing (the history stays unloaded until needed).
 */
export async function flushLeftovers(
  handle: HistoryHandle,
  area: { get(key: string): Promise<Record<string, unknown>> },
): Promise<boolean> {
  const items: Record<string, unknown> = await area.get(QUEUE_KEY).catch(() => ({}));
  const stored = items[QUEUE_KEY] as { queue?: unknown } | undefined;
  if (!Array.isArray(stored?.queue) || stored.queue.length === 0) return false;
  await handle.logger();
  return true;
}

/** Creates the daily retention alarm unless it exists (alarms outlive worker restarts). */
export async function scheduleRetention(): Promise<void> {
  const existing = await browser.alarms.get(RETENTION_ALARM);
  if (!existing) browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
}
