/**
 * Every browser call the popup makes, in one file, so the components stay props-in/markup-out
 * and a reader finds all side effects here.
 */
import { downloadText } from '@/lib/ui/download';
import { browser } from 'wxt/browser';
import { send, type InspectResult, type TabView } from '@/lib/messages';
import { loadSettings, type Settings } from '@/lib/settings';
import { loadExpectations, saveExpectations } from '@/lib/watch/store';
import { withExpectation, type Expectation } from '@/lib/watch/expectations';
import { CERT_CACHE_KEY, readCertCache, type CertCache } from './cert-cache';

/** The tab the popup describes: `?tab=<id>` (tests, the history page) or the active tab. */
async function targetTabId(search: string = location.search): Promise<number | undefined> {
  const param = new URLSearchParams(search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** What the background knows about the tab. */
export function fetchView(tabId: number): Promise<TabView> {
  return send('get-tab', { tabId });
}

/** The user's settings (storage.local), so the popup judges pages as the badge does. */
function fetchSettings(): Promise<Settings> {
  return loadSettings();
}

/** What the popup needs before it can draw anything. */
export interface PopupData {
  tabId: number;
  view: TabView;
  /** Undefined when the settings could not be read: then the defaults apply. */
  settings?: Settings;
  /** The user's expectations (empty when unreadable). */
  expectations: Expectation[];
}

/** Adds (or replaces) one expectation; resolves to the stored list, or undefined on failure. */
export async function addExpectation(e: Expectation): Promise<Expectation[] | undefined> {
  try {
    return await saveExpectations(withExpectation(await loadExpectations(), e));
  } catch {
    return undefined;
  }
}

/** The parsed-certificate cache from storage.session; empty when missing or unreadable. */
export async function fetchCertCache(): Promise<CertCache> {
  try {
    return readCertCache((await browser.storage.session.get(CERT_CACHE_KEY))[CERT_CACHE_KEY]);
  } catch {
    return [];
  }
}

/** Stores the parsed-certificate cache; a failed write only costs a parse next time. */
export async function storeCertCache(cache: CertCache): Promise<void> {
  try {
    await browser.storage.session.set({ [CERT_CACHE_KEY]: cache });
  } catch {
    // Quota or a closing popup: nothing to do.
  }
}

/**
 * Starts loading everything the popup shows. Called by the entry script before the first
 * render, so the messages are in flight while Preact mounts instead of after its first paint.
 * Rejects when there is no tab to describe.
 */
export async function loadPopup(search: string = location.search): Promise<PopupData> {
  const tabId = await targetTabId(search);
  if (tabId === undefined) throw new Error('no tab');
  // The parsed-certificate cache is not read here: the first view needs only the light reader
  // (see chain.ts); the cache is read when a chain entry's details are wanted.
  const [view, settings, expectations] = await Promise.all([fetchView(tabId), fetchSettings().catch(() => undefined), loadExpectations()]);
  // For bench/popup.bench.ts's breakdown; costs nothing measurable.
  performance.mark('onlooker-view');
  return settings ? { tabId, view, settings, expectations } : { tabId, view, expectations };
}

/**
 * Asks for the optional `debugger` permission. Must be called synchronously from the click
 * handler: browsers grant permission prompts only during a user gesture, and an `await`
 * before this call would end the gesture.
 */
export function requestDebugger(): Promise<boolean> {
  return browser.permissions.request({ permissions: ['debugger'] });
}

/** Asks for host permission for one origin (Firefox MV3 may not have granted it). Same gesture rule. */
export function requestOrigin(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [`${origin}/*`] });
}

/** Runs the Chromium inspection of the tab in the background. */
export function inspect(tabId: number): Promise<InspectResult> {
  return send('inspect', { tabId });
}

/** Opens `url` in the described tab (the "Try HTTPS" button). */
export async function openInTab(tabId: number, url: string): Promise<void> {
  await browser.tabs.update(tabId, { url });
}

/** Copies text; resolves false when the clipboard refused (no focus, no permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Saves a PEM file (the chain or one certificate). */
export function downloadPem(pem: string, fileName: string): void {
  downloadText(pem, fileName, 'application/x-pem-file');
}
