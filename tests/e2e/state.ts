/**
 * Reads what the extension itself stored and says, for assertions: tab state from
 * storage.session (the same record the popup is drawn from) and the typed messages.
 */
import type { TabState } from '../../lib/report/types.ts';
import type { InspectResult, TabView } from '../../lib/messages.ts';
import { waitFor, type Session } from './harness.ts';

declare const chrome: {
  storage: {
    session: { get(key: string): Promise<Record<string, unknown>> };
    local: { set(items: Record<string, unknown>): Promise<void> };
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

/** A visit row as stored: its host and time (the other fields are not needed here). */
export interface StoredVisit {
  h: string;
  t: number;
}

/**
 * The history database's visit rows, read in the background: the error's text instead when the
 * database cannot be read (a full disk), or after 5 s without an answer.
 */
export function storedVisits(session: Session): Promise<StoredVisit[] | string> {
  return session.evalInBackground(
    () =>
      new Promise<StoredVisit[] | string>((resolve) => {
        setTimeout(() => resolve('no answer from indexedDB in 5 s'), 5000);
        const open = indexedDB.open('onlooker-history');
        open.onerror = () => resolve(`${open.error?.name}: ${open.error?.message}`);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('visits')) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction('visits').objectStore('visits').getAll();
          req.onerror = () => resolve(`${req.error?.name}: ${req.error?.message}`);
          req.onsuccess = () => {
            db.close();
            resolve((req.result as StoredVisit[]).map(({ h, t }) => ({ h, t })));
          };
        };
      }),
  );
}

/** Visit rows per host (or, as storedVisits, why they cannot be read). */
export async function visitsByHost(session: Session): Promise<Record<string, number> | string> {
  const rows = await storedVisits(session);
  if (typeof rows === 'string') return rows;
  const out: Record<string, number> = {};
  for (const v of rows) out[v.h] = (out[v.h] ?? 0) + 1;
  return out;
}

/** The stored state of a tab, or undefined while there is none. */
export function tabState(session: Session, tabId: number): Promise<TabState | undefined> {
  return session.evalInBackground(async (id: number) => {
    const key = `tab:${id}`;
    return (await chrome.storage.session.get(key))[key] as TabState | undefined;
  }, tabId);
}

/** Whether a report comes from its document's own response (a status, an error or a cache hit), not a commit's placeholder. */
export function answered(main: NonNullable<TabState['main']>): boolean {
  return main.statusCode !== undefined || main.error !== undefined || main.fromCache === true;
}

/**
 * The tab's state once it describes `url` from that document's own response, not from the
 * placeholder its commit drew: a plain-HTTP response reaches Firefox's event page through a
 * non-blocking event, which may arrive just after the commit (and so may Chromium's).
 */
export function responseState(session: Session, tabId: number, url: string): Promise<TabState> {
  return waitFor(`the response of ${url}`, async () => {
    const state = await tabState(session, tabId);
    return state?.main?.url === url && answered(state.main) ? state : undefined;
  });
}

/** Sets the user's settings the way the options page does (storage.local "settings"). */
export function setSettings(session: Session, settings: Record<string, unknown>): Promise<void> {
  return session.evalInBackground((value: Record<string, unknown>) => chrome.storage.local.set({ settings: value }), settings);
}

/** Sends a protocol message from an extension page (the worker cannot message itself). */
export async function sendFromPage<R>(session: Session, tabId: number, message: Record<string, unknown>): Promise<R> {
  const popup = await session.openPopup(tabId);
  try {
    return await popup.page.evaluate((m: Record<string, unknown>) => chrome.runtime.sendMessage(m) as Promise<R>, message);
  } finally {
    await popup.close();
  }
}

export const getTab = (session: Session, tabId: number) => sendFromPage<TabView>(session, tabId, { type: 'get-tab', tabId });
export const inspect = (session: Session, tabId: number) => sendFromPage<InspectResult>(session, tabId, { type: 'inspect', tabId });
