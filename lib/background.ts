/**
 * The background's wiring. Every listener is added synchronously during the worker's first
 * turn (MV3 drops events for listeners added later); the work is in lib/engines and lib/state.
 * State: the settings, mirrored from storage.local (re-read at every start, kept current by
 * storage.onChanged). Tab state and inspections live in the TabStore (storage.session).
 */
import { browser } from 'wxt/browser';
import type { Engine } from '@/lib/report/types';
import { listen, type TabView } from '@/lib/messages';
import { originOf } from '@/lib/report/url';
import { listenChromium } from '@/lib/engines/chromium-listeners';
import { listenFirefox } from '@/lib/engines/firefox-listeners';
import { debuggerApi, inspectTab } from '@/lib/engines/chromium-inspect';
import { createBadgePainter, type BadgeAction } from '@/lib/state/badge-painter';
import { TabStore, type KeyValueArea } from '@/lib/state/tab-store';
import { PageTracker } from '@/lib/state/tracker';
import { DEFAULT_SETTINGS, isExcluded, loadSettings, watchSettings, type Settings } from '@/lib/settings';
import { alertsFor, recordVisit, type RecorderDeps } from '@/lib/history/recorder';
import { openHistory, RETENTION_ALARM, scheduleRetention } from '@/lib/history/background';
import { t } from '@/lib/i18n/t';
import { probeTab, type ProbeDeps } from '@/lib/page/inject';

const PRIVACY_MENU = 'onlooker-privacy-history';

/** Firefox exposes `getSecurityInfo`; Chromium-family browsers never do. */
export function detectEngine(): Engine {
  const webRequest = browser.webRequest as unknown as { getSecurityInfo?: unknown } | undefined;
  return typeof webRequest?.getSecurityInfo === 'function' ? 'firefox' : 'chromium';
}

export function startBackground(): void {
  const engine = detectEngine();
  const now = () => Date.now();
  const store = new TabStore(browser.storage.session as unknown as KeyValueArea);
  let settings: Settings = { ...DEFAULT_SETTINGS, excludedHosts: [] };
  const paint = createBadgePainter(browser.action as unknown as BadgeAction, () => settings);
  const repaintAll = () => {
    for (const state of store.all()) paint(state.tabId, state, true);
  };
  watchSettings((next) => {
    settings = next;
    void store.ready.then(repaintAll);
  });
  const settingsLoaded = loadSettings().then((loaded) => {
    settings = loaded;
  });
  const tracker = new PageTracker({ store, engine, now, paint });

  if (engine === 'firefox') listenFirefox(store, tracker, now);
  else listenChromium(store, tracker, now);

  const probe: ProbeDeps = {
    engine,
    executeScript: (injection) => browser.scripting.executeScript(injection),
    apply: (tabId, url, protocol, mixed) => tracker.probe(tabId, url, protocol, mixed),
  };

  const whenReady = (fn: () => void) => (store.loaded ? fn() : void store.ready.then(fn));

  const history = openHistory({
    isExcluded: (host) => !settings.historyEnabled || isExcluded(settings, host),
    onEvents: (events) => {
      for (const host of new Set(events.map((e) => e.host))) tracker.alerts(host, alertsFor(events, host));
    },
    onQuota: (pruned) => {
      void browser.storage.local.set({ historyNotice: { quotaPrunedAt: now(), quotaPruned: pruned } });
    },
  });
  const recorder: RecorderDeps = {
    logger: () => history.logger(),
    options: () => settings,
    isIncognito: async (tabId) =>
      browser.extension.inIncognitoContext || (await browser.tabs.get(tabId).then((t) => t.incognito, () => true)),
  };

  browser.webNavigation.onCommitted.addListener(({ tabId, frameId, url, timeStamp, transitionType }) => {
    if (frameId !== 0) return;
    const nav = { start: Math.floor(timeStamp), transition: transitionType === 'reload' ? ('reload' as const) : ('other' as const) };
    whenReady(() => {
      const state = tracker.committed(tabId, url, nav);
      void recordVisit(recorder, state);
      if (state.main?.tlsUnknown === 'cached') {
        const origin = originOf(url);
        if (origin) {
          void browser.permissions.contains({ origins: [`${origin}/*`] }).then(
            (granted) => granted || tracker.permissionMissing(tabId),
            () => undefined,
          );
        }
      }
    });
  });
  browser.webNavigation.onCompleted.addListener(({ tabId, frameId }) => {
    if (frameId !== 0) return;
    whenReady(() => {
      tracker.completed(tabId);
      void recordVisit(recorder, store.get(tabId));
      void probeTab(probe, tabId, store.get(tabId));
    });
  });
  // Error pages (certificate interstitials) commit without onCommitted and reset the badge.
  browser.webNavigation.onErrorOccurred.addListener(({ tabId, frameId }) => {
    if (frameId === 0) whenReady(() => tracker.completed(tabId));
  });
  browser.tabs.onRemoved.addListener((tabId) =>
    whenReady(() => {
      tracker.removed(tabId);
      void history.forgetTab(tabId);
    }),
  );
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void settingsLoaded.then(() => history.applyRetention(settings.retentionDays));
  });
  void scheduleRetention();

  // The toolbar button's own menu opens the privacy history (menus persist; create on install).
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: PRIVACY_MENU, title: t('menu_privacy_history'), contexts: ['action'] }, () => {
      void browser.runtime.lastError;
    });
  });
  browser.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === PRIVACY_MENU) void browser.tabs.create({ url: browser.runtime.getURL('/privacy.html') });
  });

  listen({
    'get-tab': async ({ tabId }) => {
      await store.ready;
      const state = store.get(tabId) ?? null;
      const origin = state ? originOf(state.url) : undefined;
      const [canInspect, hostPermission] = await Promise.all([
        engine === 'chromium' ? browser.permissions.contains({ permissions: ['debugger'] }) : Promise.resolve(false),
        origin ? browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false) : Promise.resolve(true),
      ]);
      const view: TabView = { engine, state, canInspect, hostPermission };
      return view;
    },
    inspect: async ({ tabId }) => {
      await store.ready;
      const state = store.get(tabId);
      if (!state) return { ok: false, error: 'no-tab' };
      const outcome = await inspectTab(debuggerApi(), tabId, state.url, now, !!state.main?.error);
      if (outcome.result.ok) {
        tracker.inspected(tabId, state.url, outcome.result.tls, outcome.facts);
        void recordVisit(recorder, store.get(tabId));
      }
      await store.flush();
      return outcome.result;
    },
    'page-probe': async ({ protocol, mixed }, sender) => {
      const tabId = sender.tab?.id;
      const url = (sender as { url?: string }).url;
      if (tabId === undefined || !url || sender.frameId !== 0) return;
      await store.ready;
      tracker.probe(tabId, url, protocol, mixed);
    },
  });

  // Tabs open before this worker's first start never produced events: say what can be known.
  void Promise.all([store.ready, settingsLoaded]).then(async () => {
    const tabs = await browser.tabs.query({});
    for (const tab of tabs) {
      if (tab.id === undefined || !tab.url) continue;
      const state = store.get(tab.id);
      if (state) paint(tab.id, state, true);
      else tracker.preexisting(tab.id, tab.url);
    }
  });
}
