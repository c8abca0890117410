/**
 * A stand-in `browser` whose worker can be stopped after its n-th call to the browser, as
 * Chromium stops a service worker: between any two statements, not between two turns.
 *
 * Every API is a function that counts its calls. Until the stop, calls do what the few answers
 * below say (storage areas keep their data in Maps, everything else resolves to undefined);
 * from the stop on, a call has no effect and returns a promise that never settles, so nothing
 * the stopped worker does afterwards reaches storage. What `session` holds then is what the
 * next worker would find. Events (`on…` names) keep their listeners so a test can fire them.
 * Hand-made: the answers are the shapes Onlooker reads, not recorded from a browser.
 */
import { fakeBrowser } from 'wxt/testing';

type Listener = (...args: unknown[]) => unknown;
type Api = Record<string, unknown>;

export interface StoppableBrowser {
  /** storage.session's contents: what survives a worker stop. */
  session: Map<string, unknown>;
  /** Calls to the browser so far. */
  calls(): number;
  /** The worker stops after `n` more calls (0: at the next one). */
  stopAfter(n: number): void;
  /** Calls every listener of an event (`webNavigation.onCommitted`). */
  fire(event: string, ...args: unknown[]): void;
  /** Puts fakeBrowser's own namespaces back. */
  restore(): void;
}

const NEVER = new Promise<never>(() => undefined);

/** Installs the stand-in on wxt/testing's fakeBrowser (what `wxt/browser` is in unit tests). */
export function installStoppableBrowser(answers: Record<string, (...args: never[]) => unknown> = {}): StoppableBrowser {
  const session = new Map<string, unknown>();
  const local = new Map<string, unknown>();
  const listeners = new Map<string, Listener[]>();
  let count = 0;
  let stopAt = Infinity;

  const area = (data: Map<string, unknown>): Record<string, (...args: never[]) => unknown> => ({
    get: (keys: unknown) => {
      if (keys === null || keys === undefined) return Object.fromEntries(data);
      const wanted = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? (keys as string[]) : Object.keys(keys as object);
      return Object.fromEntries(wanted.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    set: (items: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: (keys: string | string[]) => {
      for (const k of typeof keys === 'string' ? [keys] : keys) data.delete(k);
    },
  });
  const storageAreas: Record<string, Record<string, (...args: never[]) => unknown>> = { session: area(session), local: area(local) };
  const syncAnswers: Record<string, (...args: never[]) => unknown> = {
    'runtime.getURL': (path) => `chrome-extension://onlooker${String(path)}`,
    'i18n.getMessage': (key) => String(key),
    'tabs.query': () => [],
    'tabs.get': (tabId) => ({ id: tabId, incognito: false }),
    'webNavigation.getFrame': () => null,
    'permissions.contains': () => true,
    ...answers,
  };
  const sync = new Set(['runtime.getURL', 'i18n.getMessage']);

  function call(path: string, args: unknown[]): unknown {
    count += 1;
    if (count > stopAt) return NEVER;
    const storage = path.startsWith('storage.') ? storageAreas[path.split('.')[1]!]?.[path.split('.')[2]!] : undefined;
    const answer = storage ?? syncAnswers[path];
    const value = (answer as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    return sync.has(path) ? value : Promise.resolve(value);
  }

  function event(path: string) {
    return {
      addListener: (cb: Listener) => listeners.set(path, [...(listeners.get(path) ?? []), cb]),
      removeListener: (cb: Listener) =>
        listeners.set(
          path,
          (listeners.get(path) ?? []).filter((l) => l !== cb),
        ),
      hasListener: (cb: Listener) => (listeners.get(path) ?? []).includes(cb),
    };
  }

  /** A namespace: `on…` names are events, a few are plain values, the rest are calls. */
  function namespace(path: string): Api {
    return new Proxy({} as Api, {
      get(_, key) {
        if (typeof key !== 'string') return undefined;
        const full = `${path}.${key}`;
        if (/^on[A-Z]/.test(key)) return event(full);
        if (full === 'extension.inIncognitoContext') return false;
        if (full === 'runtime.lastError' || full === 'runtime.id') return full === 'runtime.id' ? 'onlooker' : undefined;
        // Chromium: no getSecurityInfo (the background tells the engines apart by it).
        if (full === 'webRequest.getSecurityInfo') return undefined;
        if (path === 'storage' && (key === 'session' || key === 'local' || key === 'sync')) return namespace(full);
        return (...args: unknown[]) => call(full, args);
      },
    });
  }

  const names = ['storage', 'runtime', 'tabs', 'action', 'webNavigation', 'webRequest', 'alarms', 'contextMenus', 'permissions'];
  const more = ['scripting', 'extension', 'i18n', 'debugger'];
  // Not granted: the namespace is absent, as in a browser without the optional permission.
  const absent = ['notifications'];
  const all = [...names, ...more, ...absent];
  const saved = Object.fromEntries(all.map((n) => [n, (fakeBrowser as unknown as Api)[n]]));
  Object.assign(
    fakeBrowser,
    Object.fromEntries([...names, ...more].map((n) => [n, namespace(n)])),
    Object.fromEntries(absent.map((n) => [n, undefined])),
  );

  return {
    session,
    calls: () => count,
    stopAfter: (n) => {
      stopAt = count + n;
    },
    fire: (path, ...args) => {
      for (const cb of listeners.get(path) ?? []) cb(...args);
    },
    restore: () => Object.assign(fakeBrowser, saved),
  };
}
