/**
 * The history as the background holds it: the database and the logger, opened on first use so
 * a worker that only paints badges never loads IndexedDB, plus the daily retention alarm.
 * State: the open database handle and logger, in memory — both are rebuilt on demand after a
 * worker restart; the logger's queue itself lives in storage.session (see logger.ts).
 */
import { browser } from 'wxt/browser';
import { createHistoryLogger, storageAreaStore, type EventVisit, type HistoryLogger, type StorageAreaLike } from './logger';
import { applyRetention } from './retention';
import { HistoryDb, type HistoryEventRecord } from './schema';

export const RETENTION_ALARM = 'onlooker-retention';

export interface HistoryHandle {
  logger(): Promise<HistoryLogger>;
  forgetTab(tabId: number): Promise<void>;
  applyRetention(days: number): Promise<void>;
}

export interface HistoryHooks {
  isExcluded: (host: string) => boolean;
  onEvents: (events: HistoryEventRecord[], visits: EventVisit[]) => void;
  onQuota: (pruned: number) => void;
}

export function openHistory(hooks: HistoryHooks): HistoryHandle {
  let db: HistoryDb | undefined;
  let logger: Promise<HistoryLogger> | undefined;
  const database = () => (db ??= new HistoryDb());
  const getLogger = () => {
    logger ??= (async () => {
      const created = createHistoryLogger({
        db: database(),
        store: storageAreaStore(browser.storage.session as unknown as StorageAreaLike),
        isExcluded: hooks.isExcluded,
        onEvents: hooks.onEvents,
        onQuota: hooks.onQuota,
        onError: (error) => console.warn('Onlooker: history write failed; will retry', error),
      });
      await created.ready;
      return created;
    })();
    return logger;
  };
  return {
    logger: getLogger,
    async forgetTab(tabId) {
      if (logger) await (await logger).forgetTab(tabId);
    },
    async applyRetention(days) {
      try {
        await applyRetention(database(), days, Date.now());
      } catch (error) {
        console.warn('Onlooker: retention failed', error);
      }
    },
  };
}

/** Creates the daily retention alarm unless it exists (alarms outlive worker restarts). */
export async function scheduleRetention(): Promise<void> {
  const existing = await browser.alarms.get(RETENTION_ALARM);
  if (!existing) browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
}
