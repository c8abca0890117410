/**
 * Firefox's webRequest listeners. The only code that calls `getSecurityInfo`, which works only
 * inside a blocking onHeadersReceived: the channel (and so the page) waits for our promise, so
 * the listener is limited to frames and answers `{}` as soon as getSecurityInfo resolves.
 * Translating the answer and updating the tab happen in a later task, after the browser has
 * its reply.
 * State: the queue of those deferred hand-overs, in memory for at most one task. Events that
 * arrive meanwhile (other responses, the frame's commit) join or drain the queue first, so the
 * tab sees every event in the order the browser sent it.
 */
import { browser } from 'wxt/browser';
import type { PageTracker, TabStore } from '@/lib/state/tracker';
import { securityHeaders, type RawHeader } from '@/lib/report/headers';
import { urlParts } from '@/lib/report/url';
import { firefoxReport, type FirefoxCertificate, type FirefoxRequestDetails, type FirefoxSecurityInfo } from './firefox';

const ALL = { urls: ['<all_urls>'] };
const FRAMES = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };
const MAIN = { urls: ['<all_urls>'], types: ['main_frame'] };

export type Details = FirefoxRequestDetails & { requestId: string };
export interface SecurityAnswer {
  info?: FirefoxSecurityInfo;
  leaf?: FirefoxCertificate[];
}

async function securityInfo(requestId: string): Promise<SecurityAnswer> {
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

/** Work to run in a later task, in arrival order; `drain()` runs what is queued now. */
export interface DeferQueue {
  defer(work: () => void): void;
  drain(): void;
  readonly pending: number;
}

export function createDeferQueue(schedule: (run: () => void) => void = (run) => void setTimeout(run, 0)): DeferQueue {
  let queue: (() => void)[] = [];
  const drain = () => {
    const batch = queue;
    queue = [];
    for (const work of batch) work();
  };
  return {
    defer(work) {
      queue.push(work);
      if (queue.length === 1) schedule(drain);
    },
    drain,
    get pending() {
      return queue.length;
    },
  };
}

/**
 * The blocking onHeadersReceived listener: asks for the security info and answers `{}` right
 * away; `handOver` gets the details and the answer in a later task (through `queue`).
 */
export function blockingFrameListener(
  ask: (requestId: string) => Promise<SecurityAnswer>,
  queue: DeferQueue,
  handOver: (details: Details, answer: SecurityAnswer) => void,
): (details: Details) => Promise<object> | undefined {
  return (details) => {
    if (details.tabId < 0) return undefined;
    return ask(details.requestId).then((answer) => {
      queue.defer(() => handOver(details, answer));
      return {};
    });
  };
}

export function listenFirefox(store: TabStore, tracker: PageTracker, now: () => number): void {
  const queue = createDeferQueue();
  /** Applies a report now if the store is loaded, else once it is (in arrival order either way). */
  const apply = (details: Details, report: ReturnType<typeof firefoxReport>) => {
    const run = () => {
      if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
      else tracker.subresource(details.tabId, report);
    };
    if (store.loaded) run();
    else void store.ready.then(run);
  };
  /** Keeps arrival order: behind any hand-over still queued, otherwise at once. */
  const inOrder = (work: () => void) => (queue.pending ? queue.defer(work) : work());

  // Firefox accepts a promise from a blocking listener; the polyfill's types only allow a value.
  const onHeadersReceived = browser.webRequest.onHeadersReceived as unknown as {
    addListener(cb: (details: Details) => Promise<object> | undefined, filter: object, spec: string[]): void;
  };
  onHeadersReceived.addListener(
    blockingFrameListener(securityInfo, queue, (details, { info, leaf }) => apply(details, firefoxReport(details, now(), info, leaf))),
    FRAMES,
    ['blocking'],
  );
  // Added before the background's own onCommitted listener, so a frame's response is applied
  // before its commit is (the commit of an unseen response would read as "from cache").
  browser.webNavigation.onCommitted.addListener(() => queue.drain());

  browser.webRequest.onResponseStarted.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0 || details.type === 'main_frame' || details.type === 'sub_frame') return;
    inOrder(() => apply(details, firefoxReport(details, now())));
  }, ALL);

  // The main document's HSTS / Alt-Svc headers: a listener of its own, non-blocking, so the
  // blocking one above stays as small as it is (it asks for no headers and copies none).
  const onResponseStarted = browser.webRequest.onResponseStarted as unknown as {
    addListener(cb: (details: Details & { responseHeaders?: RawHeader[] }) => void, filter: object, spec: string[]): void;
  };
  onResponseStarted.addListener(
    (details) => {
      if (details.tabId < 0) return;
      const headers = securityHeaders(details.responseHeaders, urlParts(details.url).scheme);
      if (!headers) return;
      const run = () => tracker.securityHeaders(details.tabId, details.url, headers);
      inOrder(() => (store.loaded ? run() : void store.ready.then(run)));
    },
    MAIN,
    ['responseHeaders'],
  );

  browser.webRequest.onErrorOccurred.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0) return;
    inOrder(() => apply(details, firefoxReport(details, now())));
  }, ALL);
}
