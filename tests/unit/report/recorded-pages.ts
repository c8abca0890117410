/**
 * Tab states from the recorded page cases (tests/fixtures/engines/recorded/{firefox,chromium}-pages.json,
 * made by `npm run record-fixtures`): every webRequest event one load of a page gave its tab, in
 * the order the browser sent them, is replayed into Onlooker's own listeners (listenFirefox /
 * listenChromium, registered on a stand-in `browser` whose events call them as the browser
 * would: same filters, same extra fields), then the page probe's recorded result goes through
 * probeTab, as the background does after the page's load. Firefox's getSecurityInfo answers what
 * it answered in the recording for that request. Not replayed: webNavigation (not recorded), so
 * these states have no `nav`.
 */
import { fakeBrowser } from 'wxt/testing';
import ffPages from '../../fixtures/engines/recorded/firefox-pages.json';
import crPages from '../../fixtures/engines/recorded/chromium-pages.json';
import { listenChromium, type ChromiumRequestDetails } from '@/lib/engines/chromium';
import { listenFirefox, type FirefoxRequestDetails, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { openGate, type GateOptions } from '@/lib/engines/firefox-gate';
import type { RawHeader } from '@/lib/report/headers';
import { probeTab } from '@/lib/page/inject';
import { PageTracker, TabStore } from '@/lib/state/tracker';
import type { Engine, TabState } from '@/lib/report/types';
import { MapArea } from '../state/fake-area';

/**
 * One recorded webRequest event of a page's tab: the fields either adapter reads (Firefox's `ip`
 * may also be null: it is on every event before the response, and on a cache hit).
 */
export interface PageEvent {
  event: string;
  details: FirefoxRequestDetails &
    ChromiumRequestDetails & {
      requestId: string;
      tabId: number;
      type: string;
      url: string;
      timeStamp: number;
      responseHeaders?: RawHeader[];
    };
  /** Firefox's onHeadersReceived: getSecurityInfo's answer for this request. */
  securityInfo?: FirefoxSecurityInfo | null;
}

/** One load of a page case: its tab, its events, and what the page probe returned. */
export interface PageLoad {
  tabId: number;
  events: PageEvent[];
  probe: { result?: unknown; threw?: string };
}

/** A recorded page case: the URL and each load (the `cached` case: the second is the cache hit). */
export interface PageCase {
  url: string;
  loads: PageLoad[];
}

type Listener = (details: PageEvent['details']) => unknown;
interface Subscription {
  cb: Listener;
  filter: { urls: string[]; types?: string[] };
  spec: string[];
}

/** Whether a webRequest filter's URL pattern takes `url` (the patterns Onlooker uses). */
function patternTakes(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return /^(https?|wss?):/.test(url);
  const scheme = /^([a-z]+):\/\/\*\/\*$/.exec(pattern)?.[1];
  if (!scheme) throw new Error(`the replay does not know the URL pattern ${pattern}`);
  return url.startsWith(`${scheme}:`);
}

/** Hands each event to the listeners that take it, in the recorded order. */
async function replayEvents(events: PageEvent[], subscriptions: Map<string, Subscription[]>, setNow: (t: number) => void): Promise<void> {
  for (const { event: name, details } of events) {
    // Onlooker stamps its reports with Date.now(), a whole millisecond.
    setNow(Math.floor(details.timeStamp));
    for (const s of subscriptions.get(name) ?? []) {
      if (s.filter.types && !s.filter.types.includes(details.type)) continue;
      if (!s.filter.urls.some((p) => patternTakes(p, details.url))) continue;
      // Headers come only to a listener that asked for them.
      const { responseHeaders, ...rest } = details;
      const given = s.spec.includes('responseHeaders') && responseHeaders !== undefined ? { ...rest, responseHeaders } : rest;
      // A blocking listener holds the request until it answers: the browser's next event waits.
      await s.cb(structuredClone(given));
    }
  }
  // Firefox hands each answer over in a later task.
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The page case `id` as `engine` recorded it. */
export function pageCase(engine: Engine, id: string): PageCase {
  const doc = engine === 'firefox' ? ffPages : crPages;
  const c = (doc.recordings as unknown as Record<string, PageCase>)[id];
  if (!c) throw new Error(`no ${engine} page case '${id}'`);
  return c;
}

/** The recorded `event` of load `index` of page case `id` for the request of type `type` (the first such). */
export function pageEvent(engine: Engine, id: string, index: number, event: string, type = 'main_frame'): PageEvent {
  const found = pageCase(engine, id).loads[index]?.events.find((e) => e.event === event && e.details.type === type);
  if (!found) throw new Error(`no ${event} (${type}) in load ${index} of the ${engine} page case '${id}'`);
  return structuredClone(found);
}

/** The browser and its version that recorded `engine`'s page cases, and when. */
export function pagesRecorded(engine: Engine): { browser: string; recorded: string } {
  const doc = engine === 'firefox' ? ffPages : crPages;
  return { browser: doc.browser, recorded: doc.recorded };
}

/**
 * The tab state Onlooker holds after load `index` of the page case `id`: its recorded events
 * through Onlooker's listeners, then its recorded probe result.
 */
export async function replayPage(engine: Engine, id: string, index = 0): Promise<TabState> {
  const load = pageCase(engine, id).loads[index];
  if (!load) throw new Error(`the ${engine} page case '${id}' has no load ${index}`);
  const subscriptions = new Map<string, Subscription[]>();
  const event = (name: string) => ({
    addListener(cb: Listener, filter: Subscription['filter'], spec: string[] = []) {
      subscriptions.set(name, [...(subscriptions.get(name) ?? []), { cb, filter, spec }]);
    },
  });
  const infos = new Map(load.events.filter((e) => e.event === 'onHeadersReceived').map((e) => [e.details.requestId, e.securityInfo]));
  const webRequest = {
    onHeadersReceived: event('onHeadersReceived'),
    onResponseStarted: event('onResponseStarted'),
    onErrorOccurred: event('onErrorOccurred'),
    getSecurityInfo: (requestId: string) => Promise.resolve(infos.get(requestId) ?? undefined),
  };
  // Not recorded: webNavigation's other events (the gate subscribes to them all).
  const webNavigation = {
    onCommitted: event('webNavigation.onCommitted'),
    onCompleted: event('webNavigation.onCompleted'),
    onErrorOccurred: event('webNavigation.onErrorOccurred'),
  };

  const store = new TabStore(new MapArea());
  let now = 0;
  const tracker = new PageTracker({ store, engine, now: () => now, paint: () => undefined });
  if (engine === 'firefox') {
    // Through the real gate, as in the event page: it holds the listeners and asks getSecurityInfo.
    const quiet = new Proxy({}, { get: () => ({ addListener: () => undefined }) });
    const api = new Proxy({ webRequest, webNavigation } as Record<string, unknown>, { get: (target, ns: string) => target[ns] ?? quiet });
    openGate({
      api: api as unknown as NonNullable<GateOptions['api']>,
      load: async () => (relay) => listenFirefox(store, tracker, () => now, relay),
      setTimer: (run) => run(),
    });
    await new Promise((r) => setTimeout(r, 0)); // the gate has started its wiring
    await replayEvents(load.events, subscriptions, (t) => (now = t));
  } else {
    // The stand-in stays for the whole replay: the listeners reach `browser` as events come.
    const saved = { webRequest: fakeBrowser.webRequest, webNavigation: fakeBrowser.webNavigation };
    Object.assign(fakeBrowser, { webRequest, webNavigation });
    try {
      listenChromium(store, tracker, () => now);
      await replayEvents(load.events, subscriptions, (t) => (now = t));
    } finally {
      Object.assign(fakeBrowser, saved);
    }
  }
  await probeTab(
    {
      executeScript: () => (load.probe.threw ? Promise.reject(new Error(load.probe.threw)) : Promise.resolve([load.probe])),
      apply: (report) => tracker.probe(report),
    },
    load.tabId,
    store.get(load.tabId),
  );
  const state = store.get(load.tabId);
  void store.flush();
  if (!state) throw new Error(`replaying the ${engine} page case '${id}' left no state for its tab`);
  return structuredClone(state);
}
