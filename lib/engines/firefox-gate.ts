/**
 * Firefox's event page, first turn: every listener the background needs, registered at once
 * (Firefox primes these to wake the page), with as little code evaluated as possible, because a
 * page whose HTTPS response woke the event page waits for it. Measured (bench/pageload, the
 * background asleep): evaluating the whole background before answering cost a page about 30 ms
 * beyond the floor; evaluating it while the page still loads, about 12 ms (two cores).
 *
 * So the gate itself answers the one call a page waits for (the blocking onHeadersReceived that
 * reads `getSecurityInfo`, answered `{}` as soon as it resolves), holds every event in arrival
 * order, and imports the background's wiring only when a page has finished loading, a context
 * asks something (a message, a setting changed, an alarm…), or IDLE_LOAD_MS after the start.
 * The wiring then subscribes to the gate's relay (same events, same filters) instead of the
 * browser, the held events are replayed to it in order, and from then on events pass straight
 * through.
 *
 * State: the held events and the phase (waiting, loading, live, failed), in memory. If the
 * event page is unloaded before the wiring ran, the held events are lost with it, as they would
 * be with the wiring loaded and not yet done; the wiring's own start-up (tab state in
 * storage.session, the journal, open tabs re-read) covers that case as it covers any stop.
 *
 * Imports: types only, and the browser's own `browser` global (no polyfill): keep it so; a
 * unit test fails when this module's build pulls in anything but itself.
 */
import type { browser as Browser } from 'wxt/browser';
import type { Details, FirefoxSecurityInfo, SecurityAnswer } from './firefox';

type Api = typeof Browser;
type Listener = (...args: never) => unknown;

/** The webRequest filters the Firefox adapter listens with; here so both sides use the same. */
export const ALL_URLS = { urls: ['<all_urls>'] };
export const MAIN_FRAMES = { urls: ['<all_urls>'], types: ['main_frame'] };
export const SECURE_FRAMES = { urls: ['https://*/*'], types: ['main_frame', 'sub_frame'] };

/**
 * The events relayed: namespace, event, and the filter and options of the one real listener.
 * Those marked `wake` make the gate load the wiring at once: someone is waiting for it.
 */
export const RELAYED = [
  { ns: 'webRequest', event: 'onResponseStarted', registration: [ALL_URLS] },
  { ns: 'webRequest', event: 'onResponseStarted', registration: [MAIN_FRAMES, ['responseHeaders']] },
  { ns: 'webRequest', event: 'onErrorOccurred', registration: [ALL_URLS] },
  { ns: 'webNavigation', event: 'onCommitted', registration: [] },
  { ns: 'webNavigation', event: 'onCompleted', registration: [] },
  { ns: 'webNavigation', event: 'onErrorOccurred', registration: [] },
  { ns: 'tabs', event: 'onRemoved', registration: [], wake: true },
  { ns: 'alarms', event: 'onAlarm', registration: [], wake: true },
  { ns: 'runtime', event: 'onInstalled', registration: [], wake: true },
  { ns: 'runtime', event: 'onMessage', registration: [], wake: true },
  { ns: 'contextMenus', event: 'onClicked', registration: [], wake: true },
  { ns: 'permissions', event: 'onAdded', registration: [], wake: true },
  { ns: 'storage', event: 'onChanged', registration: [], wake: true },
  // Only while the optional permission is granted (the namespace exists only then).
  { ns: 'notifications', event: 'onClicked', registration: [], wake: true, optional: true },
] as const;

/** With no page completing and no one asking, the wiring loads this long after the start. */
export const IDLE_LOAD_MS = 1000;

/** A relayed event: what the wiring subscribes to instead of the browser's. */
export interface RelayEvent {
  addListener(listener: Listener, ...registration: unknown[]): void;
  removeListener(listener: Listener): void;
  hasListener(listener: Listener): boolean;
  hasListeners(): boolean;
}

/** The gate's own event: each security answer after the page has it, in arrival order. */
export interface SecurityAnswers {
  addListener(listener: (details: Details, answer: SecurityAnswer) => void): void;
}

/**
 * The events the background's wiring listens to: the browser's own namespaces (Chromium) or, in
 * Firefox, the gate's relay of them plus its security answers.
 */
export interface BackgroundEvents {
  webNavigation: Pick<Api['webNavigation'], 'onCommitted' | 'onCompleted' | 'onErrorOccurred'>;
  webRequest: Pick<Api['webRequest'], 'onResponseStarted' | 'onErrorOccurred'>;
  tabs: Pick<Api['tabs'], 'onRemoved'>;
  alarms: Pick<Api['alarms'], 'onAlarm'>;
  runtime: Pick<Api['runtime'], 'onInstalled' | 'onMessage'>;
  contextMenus: Pick<Api['contextMenus'], 'onClicked'>;
  permissions: Pick<Api['permissions'], 'onAdded'>;
  storage: Pick<Api['storage'], 'onChanged'>;
  /** Present in the relay only while the optional permission was granted at the start. */
  notifications?: Pick<NonNullable<Api['notifications']>, 'onClicked'>;
  securityAnswers?: SecurityAnswers;
}

/** What the wiring is started with in Firefox. */
export type Relay = BackgroundEvents & { securityAnswers: SecurityAnswers };

const keyOf = (ns: string, event: string, registration: readonly unknown[]) =>
  `${ns}.${event}${registration.length ? ` ${JSON.stringify(registration)}` : ''}`;

/** Asks Firefox for a request's security info; an overridden error needs a second call for its leaf. */
async function securityInfo(api: Api, requestId: string): Promise<SecurityAnswer> {
  const webRequest = api.webRequest as unknown as {
    getSecurityInfo(id: string, options: { certificateChain?: boolean; rawDER?: boolean }): Promise<FirefoxSecurityInfo | undefined>;
  };
  try {
    const info = await webRequest.getSecurityInfo(requestId, { certificateChain: true, rawDER: true });
    if (info?.overridableErrorCategory && !info.certificates?.length) {
      // After a user override the chain call returns no certificates; the leaf alone is given.
      const leafOnly = await webRequest.getSecurityInfo(requestId, { rawDER: true });
      return { info, leaf: leafOnly?.certificates ?? [] };
    }
    return { info: info ?? undefined };
  } catch {
    return {};
  }
}

export interface GateOptions {
  /** The browser: by default the event page's own global, not the polyfill (see the header). */
  api?: Api;
  /** Imports the wiring and returns its start. */
  load: () => Promise<(relay: Relay) => void>;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => void;
}

/** Registers every listener now; the wiring is imported and started later (see the header). */
export function openGate({
  api = (globalThis as unknown as { browser: Api }).browser,
  load,
  setTimer = (run, ms) => void setTimeout(run, ms),
}: GateOptions): void {
  let phase: 'waiting' | 'loading' | 'live' | 'failed' = 'waiting';
  /** Held events; a held message also has `fail`, so its sender is told when the wiring cannot load. */
  const held: { run: () => void; fail?: (error: unknown) => void }[] = [];
  const hubs = new Map<string, Listener[]>();
  const answers: ((details: Details, answer: SecurityAnswer) => void)[] = [];

  // The relay's events take any listener and registration (checked against RELAYED when added).
  const relay = () => ({ ...relayed, securityAnswers }) as unknown as Relay;
  const start = () => {
    if (phase !== 'waiting') return;
    phase = 'loading';
    void load()
      .then((startWiring) => {
        startWiring(relay());
        phase = 'live';
        for (const { run } of held.splice(0)) run();
      })
      .catch((error: unknown) => {
        // Nothing would ever take the held events: drop them, and answer waiting senders.
        phase = 'failed';
        for (const { fail } of held.splice(0)) fail?.(error);
        console.error('Onlooker: the background could not start', error);
      });
  };
  const whenLive = (run: () => void) => {
    if (phase === 'live') run();
    else if (phase !== 'failed') held.push({ run });
  };

  const securityAnswers: SecurityAnswers = { addListener: (listener) => void answers.push(listener) };
  const relayed: Record<string, Record<string, RelayEvent>> = {};
  const namespaces = api as unknown as Record<string, Record<string, { addListener(...args: unknown[]): void }> | undefined>;
  for (const { ns, event, registration, ...flags } of RELAYED) {
    const target = namespaces[ns]?.[event];
    if (!target) {
      if ('optional' in flags) continue;
      throw new Error(`Onlooker: ${ns}.${event} is missing`);
    }
    const listeners: Listener[] = [];
    hubs.set(keyOf(ns, event, registration), listeners);
    const wake = 'wake' in flags;
    const isMessage = ns === 'runtime' && event === 'onMessage';
    const dispatch = (args: unknown[]) => {
      let answer: unknown;
      for (const listener of [...listeners]) {
        // As the browser does: one listener's failure is reported and does not stop the others.
        let result: unknown;
        try {
          result = (listener as (...a: unknown[]) => unknown)(...args);
        } catch (error) {
          console.error(`Onlooker: a ${ns}.${event} listener failed`, error);
          result = isMessage ? Promise.reject(error) : undefined;
        }
        if (answer === undefined) answer = result;
      }
      return answer;
    };
    const real = isMessage
      ? (...args: unknown[]) => {
          // Answered once the wiring has it; the sender waits (as it would for a starting worker).
          if (phase === 'live') return dispatch(args);
          start();
          if (phase === 'failed') return Promise.reject(new Error('Onlooker: the background could not start'));
          return new Promise((resolve, reject) =>
            held.push({ run: () => Promise.resolve(dispatch(args)).then(resolve, reject), fail: reject }),
          );
        }
      : (...args: unknown[]) => {
          whenLive(() => void dispatch(args));
          if (wake || finishedLoading(ns, event, args[0])) start();
        };
    target.addListener(real, ...registration);
    (relayed[ns] ??= {})[event] = relayEvent(ns, event, hubs);
  }

  const onHeadersReceived = api.webRequest.onHeadersReceived as unknown as {
    addListener(listener: (details: Details) => Promise<object> | undefined, filter: object, spec: string[]): void;
  };
  onHeadersReceived.addListener(
    (details) => {
      if (details.tabId < 0) return undefined;
      return securityInfo(api, details.requestId).then((answer) => {
        // The page's answer never depends on ours: a failing listener is only reported.
        whenLive(() => {
          for (const listener of answers) {
            try {
              listener(details, answer);
            } catch (error) {
              console.error('Onlooker: a security answer listener failed', error);
            }
          }
        });
        return {};
      });
    },
    SECURE_FRAMES,
    ['blocking'],
  );

  setTimer(start, IDLE_LOAD_MS);
}

/** A tab's page has loaded (or failed): the page no longer competes with the wiring's start. */
function finishedLoading(ns: string, event: string, details: unknown): boolean {
  return (
    ns === 'webNavigation' && (event === 'onCompleted' || event === 'onErrorOccurred') && (details as { frameId?: unknown }).frameId === 0
  );
}

function relayEvent(ns: string, event: string, hubs: Map<string, Listener[]>): RelayEvent {
  const mine = () => [...hubs].filter(([key]) => key === `${ns}.${event}` || key.startsWith(`${ns}.${event} `)).map(([, list]) => list);
  return {
    addListener(listener, ...registration) {
      const list = hubs.get(keyOf(ns, event, registration));
      // The wiring may subscribe only as the gate registered: otherwise Firefox would not wake for it.
      if (!list) throw new Error(`Onlooker: the gate does not relay ${keyOf(ns, event, registration)}`);
      list.push(listener);
    },
    removeListener(listener) {
      for (const list of mine()) {
        const at = list.indexOf(listener);
        if (at >= 0) list.splice(at, 1);
      }
    },
    hasListener: (listener) => mine().some((list) => list.includes(listener)),
    hasListeners: () => mine().some((list) => list.length > 0),
  };
}
