/**
 * The Firefox event page's gate: every listener registered at once, the blocking security call
 * answered without the wiring, events held in order until the wiring loads, and the wiring
 * loaded only when a page has finished, someone asks, or the idle timer fires. The browser here
 * is a hand-made recorder of addListener calls (the gate uses nothing else of it but
 * getSecurityInfo); what real Firefox does with the gate is the e2e suites' part.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IDLE_LOAD_MS, openGate, RELAYED, SECURE_FRAMES, type GateOptions, type Relay } from '@/lib/engines/firefox-gate';
import type { FirefoxSecurityInfo } from '@/lib/engines/firefox';

type Listener = (...args: unknown[]) => unknown;
interface Registration {
  event: string;
  listener: Listener;
  rest: unknown[];
}

const SECURE: FirefoxSecurityInfo = { state: 'secure', protocolVersion: 'TLSv1.3', certificates: [] };

function fakeFirefox(
  options: { notifications?: boolean; securityInfo?: (id: string, o: object) => Promise<FirefoxSecurityInfo | undefined> } = {},
) {
  const registrations: Registration[] = [];
  const asked: [string, object][] = [];
  const namespaces = new Set<string>(RELAYED.map((r) => r.ns));
  if (!options.notifications) namespaces.delete('notifications');
  const api: Record<string, Record<string, unknown>> = {};
  for (const ns of namespaces) {
    api[ns] = new Proxy(
      {},
      {
        get: (_, event: string) => ({
          addListener: (listener: Listener, ...rest: unknown[]) => void registrations.push({ event: `${ns}.${event}`, listener, rest }),
        }),
      },
    );
  }
  const webRequestEvents = api['webRequest']!;
  api['webRequest'] = new Proxy(
    {},
    {
      get: (_, key: string) =>
        key === 'getSecurityInfo'
          ? (id: string, o: object) => (asked.push([id, o]), (options.securityInfo ?? (async () => SECURE))(id, o))
          : webRequestEvents[key],
    },
  );
  /** Calls the real listener(s) of `event`, as Firefox would; returns the first one's result. */
  const fire = (event: string, ...args: unknown[]) => {
    const found = registrations.filter((r) => r.event === event);
    if (!found.length) throw new Error(`nothing listens to ${event}`);
    return found.map((r) => r.listener(...args))[0];
  };
  return { api: api as unknown as NonNullable<GateOptions['api']>, registrations, asked, fire };
}

/** Opens a gate whose wiring records what reaches it; `load` resolves when the test says so. */
function gate(options: Parameters<typeof fakeFirefox>[0] = {}) {
  const firefox = fakeFirefox(options);
  const timers: (() => void)[] = [];
  const seen: string[] = [];
  let loads = 0;
  let release: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (release = resolve));
  const wiring = vi.fn((relay: Relay) => {
    relay.webNavigation.onCommitted.addListener((d) => void seen.push(`commit ${d.url}`));
    relay.webNavigation.onCompleted.addListener((d) => void seen.push(`complete ${d.frameId}`));
    relay.securityAnswers.addListener((d, a) => void seen.push(`answer ${d.requestId} ${a.info?.protocolVersion}`));
    relay.storage.onChanged.addListener(() => void seen.push('storage'));
    relay.runtime.onMessage.addListener((message) => Promise.resolve(`re: ${String(message)}`));
  });
  openGate({
    api: firefox.api,
    load: () => {
      loads++;
      return loaded.then(() => wiring);
    },
    setTimer: (run, ms) => {
      expect(ms).toBe(IDLE_LOAD_MS);
      timers.push(run);
    },
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { ...firefox, seen, wiring, timers, release, settle, loads: () => loads };
}

const main = (requestId: string, tabId = 1) => ({ requestId, tabId, url: 'https://secure.test/', type: 'main_frame' });

describe('openGate', () => {
  it('registers every relayed event and the blocking security listener in its first turn', () => {
    const { registrations } = gate({ notifications: true });
    const expected = [
      ...RELAYED.map(({ ns, event, registration }) => ({ event: `${ns}.${event}`, rest: [...registration] })),
      { event: 'webRequest.onHeadersReceived', rest: [SECURE_FRAMES, ['blocking']] },
    ];
    expect(registrations.map(({ event, rest }) => ({ event, rest }))).toEqual(expected);
  });

  it('skips the notification clicks while that optional permission is not granted', () => {
    const { registrations } = gate();
    expect(registrations.some((r) => r.event.startsWith('notifications.'))).toBe(false);
  });

  it('answers a waiting page {} as soon as the security info arrives, without loading the wiring', async () => {
    const g = gate();
    await expect(g.fire('webRequest.onHeadersReceived', main('7'))).resolves.toEqual({});
    expect(g.asked).toEqual([['7', { certificateChain: true, rawDER: true }]]);
    expect(g.loads()).toBe(0);
    expect(g.fire('webRequest.onHeadersReceived', main('8', -1))).toBeUndefined(); // not a tab's request
  });

  it('asks again for the leaf of a user-overridden error (the chain call gives none)', async () => {
    const g = gate({
      securityInfo: async (_id, o) =>
        'certificateChain' in o
          ? { state: 'broken', overridableErrorCategory: 'trust_error', certificates: [] }
          : { state: 'broken', certificates: [{ subject: 'CN=leaf', issuer: 'CN=x' }] },
    });
    await g.fire('webRequest.onHeadersReceived', main('9'));
    expect(g.asked.map(([, o]) => o)).toEqual([{ certificateChain: true, rawDER: true }, { rawDER: true }]);
  });

  it('answers {} even when Firefox throws (the channel is gone)', async () => {
    const g = gate({ securityInfo: async () => Promise.reject(new Error('gone')) });
    await expect(g.fire('webRequest.onHeadersReceived', main('1'))).resolves.toEqual({});
  });

  it('holds events in arrival order until the wiring loads, then passes them straight through', async () => {
    const g = gate();
    await g.fire('webRequest.onHeadersReceived', main('1'));
    g.fire('webNavigation.onCommitted', { tabId: 1, frameId: 0, url: 'https://secure.test/' });
    g.fire('webNavigation.onCompleted', { tabId: 1, frameId: 2 }); // a subframe: the page is still loading
    expect(g.loads()).toBe(0);
    g.fire('webNavigation.onCompleted', { tabId: 1, frameId: 0 });
    expect(g.loads()).toBe(1);
    expect(g.seen).toEqual([]);
    g.release();
    await g.settle();
    expect(g.seen).toEqual(['answer 1 TLSv1.3', 'commit https://secure.test/', 'complete 2', 'complete 0']);
    g.fire('webNavigation.onCommitted', { tabId: 1, frameId: 0, url: 'https://secure.test/next' });
    expect(g.seen.at(-1)).toBe('commit https://secure.test/next');
    expect(g.loads()).toBe(1);
  });

  it('loads at once when a context is waiting: a setting changed', () => {
    const g = gate();
    g.fire('storage.onChanged', {}, 'local');
    expect(g.loads()).toBe(1);
  });

  it("answers a message with the wiring's answer, once loaded", async () => {
    const g = gate();
    const answer = g.fire('runtime.onMessage', 'hello', {}) as Promise<unknown>;
    expect(g.loads()).toBe(1);
    g.release();
    await expect(answer).resolves.toBe('re: hello');
    await expect(g.fire('runtime.onMessage', 'again', {})).resolves.toBe('re: again');
  });

  it('loads after the idle time when nothing else asked, and only once', async () => {
    const g = gate();
    g.fire('webRequest.onResponseStarted', { tabId: 1, url: 'http://plain.test/', type: 'image' });
    expect(g.loads()).toBe(0);
    g.timers.forEach((run) => run());
    g.fire('storage.onChanged', {}, 'local');
    expect(g.loads()).toBe(1);
    g.release();
    await g.settle();
    expect(g.wiring).toHaveBeenCalledTimes(1);
  });

  it('tells a waiting sender when the wiring cannot load, and holds nothing after', async () => {
    const firefox = fakeFirefox();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    openGate({ api: firefox.api, load: () => Promise.reject(new Error('chunk missing')), setTimer: () => undefined });
    await expect(firefox.fire('runtime.onMessage', 'hello', {})).rejects.toThrow('chunk missing');
    await expect(firefox.fire('runtime.onMessage', 'again', {})).rejects.toThrow('could not start');
    await expect(firefox.fire('webRequest.onHeadersReceived', main('3'))).resolves.toEqual({}); // pages still answered
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('a failing listener is reported and does not keep the others or the page waiting', async () => {
    const firefox = fakeFirefox();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    openGate({
      api: firefox.api,
      load: async () => (relay) => {
        relay.webNavigation.onCommitted.addListener(() => {
          throw new Error('bug');
        });
        relay.webNavigation.onCommitted.addListener(() => void seen.push('second'));
        relay.securityAnswers.addListener(() => {
          throw new Error('bug');
        });
      },
      setTimer: (run) => run(),
    });
    await new Promise((r) => setTimeout(r, 0));
    firefox.fire('webNavigation.onCommitted', { tabId: 1, frameId: 0, url: 'https://secure.test/' });
    expect(seen).toEqual(['second']);
    await expect(firefox.fire('webRequest.onHeadersReceived', main('4'))).resolves.toEqual({});
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });

  it('refuses a subscription it does not hold (Firefox would not wake the page for it)', async () => {
    const firefox = fakeFirefox();
    let failure: unknown;
    openGate({
      api: firefox.api,
      load: async () => (relay) => {
        try {
          relay.webRequest.onErrorOccurred.addListener(() => undefined, { urls: ['https://*/*'] });
        } catch (error) {
          failure = error;
        }
      },
      setTimer: (run) => run(),
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(String(failure)).toContain('does not relay webRequest.onErrorOccurred');
  });
});

describe('what the Firefox event page evaluates before it answers', () => {
  it('the gate imports only types, and the start only the gate (the wiring comes by import())', () => {
    const imports = (file: string) =>
      [...readFileSync(join(__dirname, '../../..', file), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^']+)'/gm)].map((m) => m[1]);
    expect(imports('lib/engines/firefox-gate.ts')).toEqual([]);
    expect(imports('lib/start/firefox.ts')).toEqual(['@/lib/engines/firefox-gate']);
  });
});
