/* global browser */
// The page-load floor for Firefox (bench/pageload.bench.ts --floor): exactly the webRequest and
// webNavigation subscriptions Onlooker's event page makes (its gate, lib/engines/firefox-gate.ts,
// holds the real listeners), same filters and extraInfoSpec, with listeners that do nothing —
// except the blocking one, which does the least any extension reading Firefox's TLS details must:
// ask getSecurityInfo (the call works only inside a blocking onHeadersReceived, so the page's
// channel waits for it) and answer `{}` when it resolves. What the page pays with this installed
// is the browser's price for these events; what Onlooker costs beyond it is Onlooker's own work.
// tests/unit/bench/floor.test.ts fails when this and Onlooker subscribe differently.
const ALL = { urls: ['<all_urls>'] };
const MAIN = { urls: ['<all_urls>'], types: ['main_frame'] };
const SECURE_FRAMES = { urls: ['https://*/*'], types: ['main_frame', 'sub_frame'] };
const noop = () => {};

browser.webRequest.onHeadersReceived.addListener(
  (details) => {
    if (details.tabId < 0) return undefined;
    return browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true, rawDER: true }).then(
      () => ({}),
      () => ({}),
    );
  },
  SECURE_FRAMES,
  ['blocking'],
);
browser.webRequest.onResponseStarted.addListener(noop, ALL);
browser.webRequest.onResponseStarted.addListener(noop, MAIN, ['responseHeaders']);
browser.webRequest.onErrorOccurred.addListener(noop, ALL);

browser.webNavigation.onCommitted.addListener(noop);
browser.webNavigation.onCompleted.addListener(noop);
browser.webNavigation.onErrorOccurred.addListener(noop);
