/**
 * Firefox's webRequest listeners. The only code that calls `getSecurityInfo`, which works only
 * inside a blocking onHeadersReceived: the channel waits for our promise, so the listener is
 * limited to frames and does nothing but ask, translate and hand over.
 */
import { browser } from 'wxt/browser';
import type { PageTracker } from '@/lib/state/tracker';
import type { TabStore } from '@/lib/state/tab-store';
import {
  firefoxReport,
  type FirefoxCertificate,
  type FirefoxRequestDetails,
  type FirefoxSecurityInfo,
} from './firefox';

const ALL = { urls: ['<all_urls>'] };
const FRAMES = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };

type Details = FirefoxRequestDetails & { requestId: string };

async function securityInfo(requestId: string): Promise<{ info?: FirefoxSecurityInfo; leaf?: FirefoxCertificate[] }> {
  const api = browser.webRequest as unknown as {
    getSecurityInfo(id: string, options: { certificateChain?: boolean; rawDER?: boolean }): Promise<FirefoxSecurityInfo | undefined>;
  };
  try {
    const info = await api.getSecurityInfo(requestId, { certificateChain: true, rawDER: true });
    if (info?.overridableErrorCategory && !info.certificates?.length) {
      // After a user override the chain call returns no certificates; the leaf alone is given.
      const leafOnly = await api.getSecurityInfo(requestId, { rawDER: true });
      return { info, leaf: leafOnly?.certificates ?? [] };
    }
    return { info: info ?? undefined };
  } catch {
    return {};
  }
}

export function listenFirefox(store: TabStore, tracker: PageTracker, now: () => number): void {
  // Firefox accepts a promise from a blocking listener; the polyfill's types only allow a value.
  const onHeadersReceived = browser.webRequest.onHeadersReceived as unknown as {
    addListener(cb: (details: Details) => Promise<object> | undefined, filter: object, spec: string[]): void;
  };
  onHeadersReceived.addListener(
    (details) => {
      if (details.tabId < 0) return undefined;
      return securityInfo(details.requestId).then(async ({ info, leaf }) => {
        const report = firefoxReport(details, now(), info, leaf);
        if (!store.loaded) await store.ready;
        if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
        else tracker.subresource(details.tabId, report);
        return {};
      });
    },
    FRAMES,
    ['blocking'],
  );

  browser.webRequest.onResponseStarted.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0 || details.type === 'main_frame' || details.type === 'sub_frame') return;
    const report = firefoxReport(details, now());
    if (store.loaded) tracker.subresource(details.tabId, report);
    else void store.ready.then(() => tracker.subresource(details.tabId, report));
  }, ALL);

  browser.webRequest.onErrorOccurred.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0) return;
    const report = firefoxReport(details, now());
    void store.ready.then(() => {
      if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
      else tracker.subresource(details.tabId, report);
    });
  }, ALL);
}
