/* global chrome */
// The page-load floor for Chromium (bench/pageload.bench.ts --floor): exactly the webRequest and
// webNavigation subscriptions Onlooker's worker makes (lib/engines/chromium.ts listenChromium,
// lib/background-wiring.ts), same filters and extraInfoSpec, with listeners that do nothing.
// What the page pays with this installed is what the browser charges any extension reading these
// events (routing each request through the extension's event dispatch, waking the worker); what
// Onlooker costs beyond it is Onlooker's own work. tests/unit/bench/floor.test.ts fails when this
// and Onlooker subscribe differently.
const ALL = { urls: ['<all_urls>'] };
const MAIN = { urls: ['<all_urls>'], types: ['main_frame'] };
const noop = () => {};

// The securityInfo listener: a browser that does not know the options (before Chromium 144)
// throws, as Onlooker's addSecurityInfoListener allows for.
try {
  chrome.webRequest.onHeadersReceived.addListener(noop, MAIN, ['securityInfo', 'securityInfoRawDer']);
} catch {
  // No securityInfo in this browser: no listener, as in Onlooker.
}
chrome.webRequest.onResponseStarted.addListener(noop, MAIN, ['responseHeaders']);
chrome.webRequest.onResponseStarted.addListener(noop, ALL);
chrome.webRequest.onErrorOccurred.addListener(noop, ALL);

chrome.webNavigation.onCommitted.addListener(noop);
chrome.webNavigation.onCompleted.addListener(noop);
chrome.webNavigation.onErrorOccurred.addListener(noop);
