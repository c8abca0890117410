/**
 * Chromium's webRequest listeners: non-blocking, one per outcome. Each request costs one
 * translation and one in-memory update; nothing waits on us.
 */
import { browser } from 'wxt/browser';
import type { PageTracker } from '@/lib/state/tracker';
import type { TabStore } from '@/lib/state/tab-store';
import { chromiumReport, type ChromiumRequestDetails } from './chromium';

const ALL = { urls: ['<all_urls>'] };

type Listener = (details: ChromiumRequestDetails) => void;
interface WebRequestEvent {
  addListener(cb: Listener, filter: { urls: string[] }, extraInfoSpec?: string[]): void;
}

/**
 * Adds the listener with the proposed `securityInfo` option where the browser knows it, and
 * without it elsewhere (an unknown option makes addListener throw).
 */
export function addWithSecurityInfo(event: WebRequestEvent, cb: Listener): boolean {
  try {
    event.addListener(cb, ALL, ['securityInfo']);
    return true;
  } catch {
    event.addListener(cb, ALL);
    return false;
  }
}

export function listenChromium(store: TabStore, tracker: PageTracker, now: () => number): void {
  const handle = (details: ChromiumRequestDetails) => {
    if (details.tabId < 0) return;
    const report = chromiumReport(details, now());
    const apply = () => {
      if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
      else tracker.subresource(details.tabId, report);
    };
    if (store.loaded) apply();
    else void store.ready.then(apply);
  };
  const webRequest = browser.webRequest as unknown as {
    onResponseStarted: WebRequestEvent;
    onErrorOccurred: WebRequestEvent;
  };
  addWithSecurityInfo(webRequest.onResponseStarted, handle);
  webRequest.onErrorOccurred.addListener(handle, ALL);
}
