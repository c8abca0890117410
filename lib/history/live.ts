/**
 * The history's running half, loaded by handle.ts on first use: Dexie, the logger, retention
 * and the storage notice are most of the background's code, and a worker woken to paint a
 * badge or answer Firefox's blocking listener must not pay for them.
 * State: the open database handle and logger, in memory — rebuilt on demand after a worker
 * restart; the logger's queue itself lives in storage.session (see logger.ts), what the user
 * must be told about storage trouble in storage.local or, on a full disk, storage.session
 * (lib/privacy/notice.ts).
 */
import { browser } from 'wxt/browser';
import { historyNoticeWriter } from '@/lib/privacy/notice';
import { QUEUE_KEY, type HistoryHandle, type HistoryHooks } from './handle';
import { createHistoryLogger, storageAreaStore, type HistoryLogger, type StorageAreaLike } from './logger';
import { applyRetention } from './retention';
import { HistoryDb } from './schema';

/** `navigator.storage.estimate`, where the context has it. */
function storageEstimate(): (() => Promise<StorageEstimate>) | undefined {
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  return typeof storage?.estimate === 'function' ? () => storage.estimate() : undefined;
}

/** The history as it runs once loaded: the database, the logger, retention. */
export function openLiveHistory(hooks: HistoryHooks): HistoryHandle {
  let db: HistoryDb | undefined;
  let logger: Promise<HistoryLogger> | undefined;
  const database = () => (db ??= new HistoryDb());
  const getLogger = () => {
    logger ??= (async () => {
      const created = createHistoryLogger({
        db: database(),
        store: storageAreaStore(browser.storage.session as unknown as StorageAreaLike, QUEUE_KEY),
        isExcluded: hooks.isExcluded,
        onEvents: hooks.onEvents,
        retentionDays: hooks.retentionDays,
        estimate: storageEstimate(),
        onStorage: historyNoticeWriter(),
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
