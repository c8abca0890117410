/**
 * A worker stopped at any moment of a top-frame listener keeps the visit (issue 14, item 4).
 *
 * Chromium stops a service worker between any two statements. So the worker is stopped right
 * after the listener's own turn, and, for every n, after the n-th call to the browser made once
 * the event arrived; what storage.session then holds — all a next worker finds — must still name the navigation: a
 * commit-journal note (replayed at the next start, recorder.test.ts) or the logger's stored
 * queue. A visit whose listener ran is never lost, wherever the stop falls.
 *
 * The events are hand-made in the shape Chromium's webNavigation gives (tabId, frameId,
 * documentId, documentLifecycle, timeStamp); the browser is the stand-in of stoppable-browser.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBackground } from '@/lib/background-wiring';
import { QUEUE_KEY } from '@/lib/history/handle';
import { installStoppableBrowser, type StoppableBrowser } from './stoppable-browser';

let fake: StoppableBrowser | undefined;
beforeEach(() => {
  // The logger's flush and the tab store's timers stay still: only the event's own work runs.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  fake?.restore();
  fake = undefined;
  vi.useRealTimers();
});

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Runs the event loop until `done` holds, or for at most `ms` (a module imported on first use takes real time). */
async function until(done: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await tick();
}

/** Runs the event loop until the worker has made no call to the browser for `quiet` ms. */
async function idle(f: StoppableBrowser, quiet = 100): Promise<void> {
  let last = f.calls();
  let since = Date.now();
  await until(() => {
    if (f.calls() !== last) [last, since] = [f.calls(), Date.now()];
    return Date.now() - since >= quiet;
  });
}

/** Whether storage.session names the visit of `tabId` started at `start`. */
function kept(session: Map<string, unknown>, tabId: number, start: number): 'note' | 'queue' | undefined {
  const queue = (session.get(QUEUE_KEY) as { queue?: { visit: { tabId: number; navStart: number } }[] } | undefined)?.queue ?? [];
  if (queue.some((q) => q.visit.tabId === tabId && q.visit.navStart === start)) return 'queue';
  return session.has(`hv:${tabId}:${start}`) ? 'note' : undefined;
}

const T0 = 1_796_000_000_000;

function committed(tabId: number, host: string, start: number, documentId: string) {
  return {
    tabId,
    frameId: 0,
    parentFrameId: -1,
    url: `https://${host}/`,
    timeStamp: start + 0.25,
    transitionType: 'link',
    transitionQualifiers: [],
    documentId,
    documentLifecycle: 'active',
    frameType: 'outermost_frame',
    processId: 7,
  };
}

function completed(tabId: number, host: string, time: number, documentId: string) {
  const { transitionType: _t, transitionQualifiers: _q, ...rest } = committed(tabId, host, time, documentId);
  return rest;
}

/** A page browsed in the tab before, its visit stored: the tab state and the history are open. */
const browsedBefore = (tabId: number) => async (f: StoppableBrowser) => {
  f.fire('webNavigation.onCommitted', committed(tabId, 'before.test', T0 - 5000, 'DOC-0'));
  await until(() => kept(f.session, tabId, T0 - 5000) === 'queue');
};

type Scenario = {
  name: string;
  /** The event comes in the worker's first turn, before the tab state is read back. */
  cold?: true;
  /** Before the stop-counting starts: whatever the worker did already. */
  warm: (f: StoppableBrowser) => Promise<void>;
  /** The event whose visit must survive. */
  fire: (f: StoppableBrowser) => void;
  tabId: number;
  start: number;
};

const scenarios: Scenario[] = [
  {
    name: 'a commit arriving as the worker starts (tab state not read back yet)',
    cold: true,
    warm: async () => undefined,
    fire: (f) => f.fire('webNavigation.onCommitted', committed(1, 'a.test', T0, 'DOC-A')),
    tabId: 1,
    start: T0,
  },
  {
    name: 'a commit in a running worker with the history open',
    warm: browsedBefore(2),
    fire: (f) => f.fire('webNavigation.onCommitted', committed(2, 'b.test', T0, 'DOC-B')),
    tabId: 2,
    start: T0,
  },
  {
    name: 'a completion whose commit never reached the worker (running, history open)',
    warm: browsedBefore(3),
    fire: (f) => f.fire('webNavigation.onCompleted', completed(3, 'c.test', T0, 'DOC-C')),
    tabId: 3,
    start: T0,
  },
  {
    name: 'a completion whose commit never reached the worker, as the worker starts',
    cold: true,
    warm: async () => undefined,
    fire: (f) => f.fire('webNavigation.onCompleted', completed(4, 'd.test', T0, 'DOC-D')),
    tabId: 4,
    start: T0,
  },
  {
    name: 'a completion whose commit never reached the worker, delivered after the tab moved on',
    warm: async (f) => {
      await browsedBefore(5)(f);
      f.fire('webNavigation.onCommitted', committed(5, 'next.test', T0 + 1000, 'DOC-NEXT'));
      await until(() => kept(f.session, 5, T0 + 1000) === 'queue');
    },
    fire: (f) => f.fire('webNavigation.onCompleted', completed(5, 'e.test', T0, 'DOC-E')),
    tabId: 5,
    start: T0,
  },
];

/** Starts a worker on a fresh stand-in (synchronously: an event may come in the same turn). */
function start(): StoppableBrowser {
  fake?.restore();
  fake = installStoppableBrowser();
  startBackground();
  return fake;
}

/** A worker ready for the scenario's event: just started, or started and warmed up. */
async function worker(s: Scenario, run: (f: StoppableBrowser) => void): Promise<StoppableBrowser> {
  const f = start();
  if (s.cold) {
    run(f);
    return f;
  }
  // Starting: settings, tab state, journal, queue, tabs; then the history for the warm-up page.
  await idle(f);
  await s.warm(f);
  run(f);
  return f;
}

describe('a worker stopped at any call of a top-frame listener', () => {
  for (const s of scenarios) {
    it(`keeps the visit: ${s.name}`, async () => {
      // Unstopped first: how many calls the event makes until its visit is in the stored queue.
      let before = 0;
      const whole = await worker(s, (f) => {
        before = f.calls();
        s.fire(f);
      });
      await until(() => kept(whole.session, s.tabId, s.start) === 'queue' && !whole.session.has(`hv:${s.tabId}:${s.start}`));
      expect(kept(whole.session, s.tabId, s.start)).toBe('queue');
      const calls = whole.calls() - before;
      expect(calls).toBeGreaterThan(2);

      const lost: string[] = [];
      // Stopped after the listener's own turn (0: nothing after it ran), then after each call.
      for (let n = 0; n <= calls; n++) {
        let at = 0;
        const f = await worker(s, (w) => {
          at = w.calls();
          if (n > 0) w.stopAfter(n);
          s.fire(w);
          if (n === 0) w.stopAfter(0);
        });
        // Until the stop has come (from then on storage cannot change) or the work is done.
        await until(() => f.calls() > at + n || kept(f.session, s.tabId, s.start) === 'queue');
        if (!kept(f.session, s.tabId, s.start)) lost.push(n === 0 ? 'after its turn' : `after call ${n}`);
      }
      expect(lost, `stopped there, nothing names the visit`).toEqual([]);
    });
  }
});

describe('a late completion of a page whose commit was seen', () => {
  it('adds no second visit', async () => {
    const f = start();
    await idle(f);
    f.fire('webNavigation.onCommitted', committed(6, 'seen.test', T0, 'DOC-S'));
    f.fire('webNavigation.onCommitted', committed(6, 'next.test', T0 + 1000, 'DOC-N'));
    f.fire('webNavigation.onCompleted', completed(6, 'seen.test', T0 + 500, 'DOC-S'));
    await idle(f);
    // The tab's page is logged again at each event (merged into its visit): new visits only.
    const queue = (f.session.get(QUEUE_KEY) as { queue: { kind: string; visit: { tabId: number; host: string } }[] }).queue;
    expect(queue.filter((q) => q.visit.tabId === 6 && q.kind === 'new').map((q) => q.visit.host)).toEqual(['seen.test', 'next.test']);
    expect([...f.session.keys()].filter((k) => k.startsWith('hv:6:'))).toEqual([]);
  });
});
