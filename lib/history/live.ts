/**
 * The history's running half, loaded by handle.ts on first use: Dexie, the logger, retention
 * and the storage notice are most of the background's code, and a worker woken to paint a
 * badge or answer Firefox's blocking listener must not pay for them.
 * State: the open database handle and logger, in memory — rebuilt on demand after a worker
 * restart; the logger's queue itself lives in storage.session (see logger.ts), what the user
 * must be told about storage trouble in storage.local (lib/privacy/notice.ts).
 */
import { browser } from 'wxt/browser';
import { NOTICE_KEY, nextHistoryNotice, parseHistoryNotice } from '@/lib/privacy/notice';
import { QUEUE_KEY, type HistoryHandle, type HistoryHooks } from './handle';
import { createHistoryLogger, storageAreaStore, type HistoryLogger, type StorageAreaLike, type StorageReport } from './logger';
import { applyRetention } from './retention';
import { HistoryDb } from './schema';

/** `navigator.storage.estimate`, where the context has it. */
function storageEstimate(): (() => Promise<{ usage?: number; quota?: number }>) | undefined {
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  return typeof storage?.estimate === 'function' ? () => storage.estimate() : undefined;
}

/** Updates the storage notice, one report after another (read-modify-write of one key). */
function noticeWriter(): (report: StorageReport) => void {
  let chain: Promise<void> = Promise.resolve();
  return (report) => {
    chain = chain.then(async () => {
      try {
        const stored = await browser.storage.local.get(NOTICE_KEY);
        const next = nextHistoryNotice(parseHistoryNotice(stored[NOTICE_KEY]), report);
        if (next) await browser.storage.local.set({ [NOTICE_KEY]: next });
        else await browser.storage.local.remove(NOTICE_KEY);
      } catch (error) {
        // storage.local lives on the same full disk; the console is all that is left.
        console.warn('Onlooker: could not record the history storage notice', report, error);
      }
    });
  };
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
        onStorage: noticeWriter(),
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
