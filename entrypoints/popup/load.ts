/**
 * The popup's first requests, sent as soon as this module runs: main.tsx imports it first, so
 * they travel while the UI's modules are evaluated instead of after the first paint. It
 * imports nothing of the UI (the message protocol and the storage readers only): whatever it
 * imports is evaluated before the requests leave.
 */
import { browser } from 'wxt/browser';
import { send } from '@/lib/messages';
import { loadSettings } from '@/lib/settings';
import { loadExpectations } from '@/lib/watch/store';
import type { PopupData } from '@/components/popup/Popup';

/** The tab the popup describes: `?tab=<id>` (tests, the history page) or the active tab. */
async function targetTabId(search: string): Promise<number | undefined> {
  const param = new URLSearchParams(search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * What the background knows about the tab, the user's settings (so the popup judges pages as
 * the badge does) and expectations. Rejects when there is no tab to describe.
 */
export async function loadPopup(search: string): Promise<PopupData> {
  const tabId = await targetTabId(search);
  if (tabId === undefined) throw new Error('no tab');
  // The parsed-certificate cache is not read here: the first view needs only the light reader
  // (see lib/popup/chain.ts); the cache is read when a chain entry's details are wanted.
  const [view, settings, expectations] = await Promise.all([
    send('get-tab', { tabId }),
    loadSettings().catch(() => undefined),
    loadExpectations(),
  ]);
  // For bench/popup.bench.ts's breakdown; costs nothing measurable.
  performance.mark('onlooker-view');
  return settings ? { tabId, view, settings, expectations } : { tabId, view, expectations };
}

export const loading = loadPopup(location.search);
