/**
 * Every database and browser call of the privacy page, so components stay presentational and
 * the page app only wires state. The page reads the history database directly (it is an
 * extension page of the same origin); writes here are the user's own: acknowledging events,
 * deleting, importing, retention.
 */
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { exportCsv, exportJson } from '@/lib/history/export';
import { importBackup, type ImportOutcome, type ImportProgress } from '@/lib/history/import';
import {
  acknowledgeEvents,
  decodeVisit,
  getCertificate,
  listEvents,
  siteView,
  summaryStats,
  unseenEventCount,
  type HistoryStats,
  type SiteView,
  type VisitQuery,
  type VisitView,
} from '@/lib/history/queries';
import { applyRetention, deleteAll, deleteRange, deleteSite, type DeletionResult } from '@/lib/history/retention';
import { HistoryDb, type CertificateRecord, type HistoryEventRecord } from '@/lib/history/schema';
import { loadSettings, saveSettings, watchSettings, type Settings } from '@/lib/settings';
import { downloadText } from '@/lib/ui/download';
import { loadExpectations, saveExpectations, watchExpectations } from '@/lib/watch/store';
import { EXPORT_TYPES, exportFileName } from './download';
import type { ReadPage } from './list-source';
import { countVisits, readVisitPage } from '@/lib/history/visit-query';

let db: HistoryDb | undefined;

/** The page's one connection to the history database (opened on first use; again after a failed open). */
function historyDb(): HistoryDb {
  return (db ??= new HistoryDb()).retryFailedOpen();
}

/** A page reader for a visit query (rows only; see visit-query.ts). */
export function pageReader(query: VisitQuery): ReadPage {
  return (at) => readVisitPage(historyDb(), query, at);
}

/** The number of visits matching `query` (slow with big histories: call after the rows show). */
export function countMatching(query: VisitQuery): Promise<number> {
  return countVisits(historyDb(), query);
}

/** A visit with its full certificate, for the details panel; undefined if it is gone. */
export interface VisitDetail {
  visit: VisitView;
  cert?: CertificateRecord;
}

export async function loadVisit(key: number): Promise<VisitDetail | undefined> {
  const d = historyDb();
  const row = await d.visits.get(key);
  if (!row) return undefined;
  const visit = decodeVisit(row);
  const cert = visit.certId !== undefined ? await getCertificate(d, visit.certId) : undefined;
  return cert ? { visit, cert } : { visit };
}

export function loadSite(host: string): Promise<SiteView | undefined> {
  return siteView(historyDb(), host, { limit: 100 });
}

/** Most recent events first; the page shows at most this many. */
const EVENT_LIMIT = 500;

export function loadEvents(): Promise<HistoryEventRecord[]> {
  return listEvents(historyDb(), { limit: EVENT_LIMIT });
}

export function markEventsSeen(ids: readonly number[]): Promise<void> {
  return acknowledgeEvents(historyDb(), ids);
}

export function loadStats(): Promise<HistoryStats> {
  return summaryStats(historyDb(), { top: 10 });
}

/** Host names in the history, for the site field's suggestions. */
export async function knownHosts(): Promise<string[]> {
  return (await historyDb().sites.toCollection().primaryKeys()) as string[];
}

/**
 * Cheap signs that the history changed: the newest and oldest visit keys (new visits,
 * retention, quota pruning), the logger's flush watermark (every batch it writes, reloads
 * included) and the events. Never a count of the visits: in Chromium that walks all of them.
 */
export interface HistoryTick {
  /** Key (time) of the newest visit; undefined when there is none. */
  newest?: number;
  oldest?: number;
  flush: string;
  events: number;
  unseen: number;
}

/** How long the watch waits before it tries again after the database failed (a full disk). */
const WATCH_RETRY_MS = 5000;

/** The history's signs of change, read in one go. */
async function readTick(d: HistoryDb): Promise<HistoryTick> {
  const [newest, oldest, flush, events, unseen] = await Promise.all([
    d.visits.orderBy('t').reverse().limit(1).primaryKeys(),
    d.visits.orderBy('t').limit(1).primaryKeys(),
    d.meta.get('flush'),
    d.events.count(),
    unseenEventCount(d),
  ]);
  const tick: HistoryTick = { flush: flush && flush.k === 'flush' ? `${flush.epoch}:${flush.seq}` : '', events, unseen };
  if (newest[0] !== undefined) tick.newest = newest[0];
  if (oldest[0] !== undefined) tick.oldest = oldest[0];
  return tick;
}

/**
 * Calls `cb` now and whenever the history changes, in this page or in the background (Dexie
 * broadcasts the worker's writes to open pages). Returns the unsubscribe function. Chromium
 * fails every open while the disk is full, and a live query then ends, or waits for good without
 * a word when the failed open came as a "closed database" (Dexie's live query ignores those).
 * So a failed read is noted where it happens, and every WATCH_RETRY_MS a watch that failed
 * starts again: the page follows the history once there is room.
 */
export function watchHistory(cb: (tick: HistoryTick) => void): () => void {
  let sub: { unsubscribe(): void } | undefined;
  let failed = false;
  const start = () => {
    failed = false;
    const d = historyDb();
    sub = liveQuery(async () => {
      try {
        return await readTick(d);
      } catch (error) {
        // A read superseded by a newer one (the history changed meanwhile) is no failure.
        if ((error as { name?: unknown } | null)?.name !== 'AbortError') failed = true;
        throw error;
      }
    }).subscribe({ next: cb, error: () => undefined });
  };
  start();
  const check = setInterval(() => {
    if (!failed) return;
    sub?.unsubscribe();
    start();
  }, WATCH_RETRY_MS);
  return () => {
    clearInterval(check);
    sub?.unsubscribe();
  };
}

export function removeSite(host: string): Promise<DeletionResult> {
  return deleteSite(historyDb(), host);
}

export function removeRange(from: number, to: number): Promise<DeletionResult> {
  return deleteRange(historyDb(), from, to);
}

export function removeAll(): Promise<DeletionResult> {
  return deleteAll(historyDb());
}

export function retain(days: number): Promise<DeletionResult> {
  return applyRetention(historyDb(), days);
}

/** Builds the export and starts its download. */
export async function downloadExport(kind: 'json' | 'csv'): Promise<void> {
  const text = kind === 'json' ? await exportJson(historyDb(), Date.now(), await loadExpectations()) : await exportCsv(historyDb());
  downloadText(text, exportFileName(kind), EXPORT_TYPES[kind]);
}

/** Largest backup file read: a JavaScript string holds at most about 512 MB. */
const IMPORT_MAX_BYTES = 512 * 1024 * 1024;

/** Outcome of an import as the page reports it. */
export type FileImportOutcome = ImportOutcome | { ok: false; failure: 'unreadable' };

/**
 * Imports a backup file. The whole file is checked before anything is written and the write is
 * one transaction, so a bad file or a failed write changes nothing; the outcome says why as
 * data (lib/privacy/import-message.ts words it). Never throws.
 */
export async function importFile(file: Blob, onProgress?: (p: ImportProgress) => void): Promise<FileImportOutcome> {
  if (file.size > IMPORT_MAX_BYTES) return { ok: false, problem: { kind: 'too-large', limit: IMPORT_MAX_BYTES } };
  onProgress?.({ phase: 'reading', done: 0, total: file.size });
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, failure: 'unreadable' };
  }
  const expectations = { load: loadExpectations, save: saveExpectations };
  return importBackup(historyDb(), text, onProgress ? { onProgress, expectations } : { expectations });
}

export { loadSettings, saveSettings, watchSettings, type Settings };

export { loadExpectations, saveExpectations, watchExpectations };

/**
 * Asks for the optional `notifications` permission. Must be the first call in the click that
 * turns alerts on (a user gesture); resolves false when refused or impossible.
 */
export function requestNotifications(): Promise<boolean> {
  try {
    return browser.permissions.request({ permissions: ['notifications'] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}
