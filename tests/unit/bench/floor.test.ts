/**
 * The page-load floor (bench/floor/*) is only a floor while it subscribes to exactly what
 * Onlooker subscribes to: the same webRequest and webNavigation events, as many listeners, with
 * the same filters and options. Both sides run here against recording fakes and are compared,
 * so a listener added to Onlooker without the stub (or the reverse) fails this test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { listenChromium } from '../../../lib/engines/chromium';
import { openGate, type GateOptions } from '../../../lib/engines/firefox-gate';
import { PageTracker, TabStore } from '../../../lib/state/tracker';
import { MapArea } from '../state/fake-area';

interface Subscription {
  event: string;
  filter?: unknown;
  spec?: unknown;
}

const EVENTS = {
  webRequest: ['onHeadersReceived', 'onResponseStarted', 'onErrorOccurred'],
  webNavigation: ['onCommitted', 'onCompleted', 'onErrorOccurred'],
} as const;

/** A `browser`/`chrome` whose events record each addListener call. */
function recordingApi(calls: Subscription[]) {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [ns, names] of Object.entries(EVENTS)) {
    api[ns] = {};
    for (const name of names) {
      api[ns]![name] = {
        addListener: (_cb: unknown, filter?: unknown, spec?: unknown) => {
          const call: Subscription = { event: `${ns}.${name}` };
          if (filter !== undefined) call.filter = filter;
          if (spec !== undefined) call.spec = spec;
          calls.push(call);
        },
      };
    }
  }
  return api;
}

/** What a floor stub subscribes to, run with a recording `chrome` or `browser` global. */
function floorSubscriptions(engine: 'chromium' | 'firefox'): Subscription[] {
  const calls: Subscription[] = [];
  const source = readFileSync(join(__dirname, '../../../bench/floor', engine, 'background.js'), 'utf8');
  new Function(engine === 'chromium' ? 'chrome' : 'browser', source)(recordingApi(calls));
  return calls;
}

/** The background's own webNavigation listeners (lib/background-wiring.ts), read from its source. */
function wiringSubscriptions(): Subscription[] {
  const source = readFileSync(join(__dirname, '../../../lib/background-wiring.ts'), 'utf8');
  return [...source.matchAll(/\bon\.webNavigation\.(on\w+)\.addListener\(/g)].map((m) => ({ event: `webNavigation.${m[1]}` }));
}

/**
 * What Onlooker subscribes to, run against the recording fakes. Chromium: its adapter and the
 * wiring, straight on the browser. Firefox: the gate, which holds every real listener (the
 * wiring subscribes to its relay), limited to the events the floor mirrors.
 */
function onlookerSubscriptions(engine: 'chromium' | 'firefox'): Subscription[] {
  const calls: Subscription[] = [];
  const api = recordingApi(calls);
  if (engine === 'firefox') {
    // The other namespaces (tabs, storage, …) take listeners without recording them.
    const quiet = new Proxy({}, { get: () => ({ addListener: () => undefined }) });
    const withOthers = new Proxy(api, { get: (target, ns: string) => target[ns] ?? quiet });
    openGate({ api: withOthers as unknown as GateApi, load: () => new Promise(() => undefined), setTimer: () => undefined });
    return calls;
  }
  const saved = { webRequest: fakeBrowser.webRequest, webNavigation: fakeBrowser.webNavigation };
  Object.assign(fakeBrowser, api);
  try {
    const store = new TabStore(new MapArea());
    const tracker = new PageTracker({ store, engine, now: () => 0, paint: () => undefined });
    listenChromium(store, tracker, () => 0);
  } finally {
    Object.assign(fakeBrowser, saved);
  }
  return [...calls, ...wiringSubscriptions()];
}

type GateApi = NonNullable<GateOptions['api']>;

const key = (s: Subscription) => JSON.stringify(s);
const sorted = (list: Subscription[]) => list.map(key).sort();

describe('the page-load floor subscribes to what Onlooker does', () => {
  for (const engine of ['chromium', 'firefox'] as const) {
    it(engine, () => {
      const onlooker = onlookerSubscriptions(engine);
      expect(onlooker.length).toBeGreaterThanOrEqual(6);
      expect(sorted(floorSubscriptions(engine))).toEqual(sorted(onlooker));
    });
  }
});
