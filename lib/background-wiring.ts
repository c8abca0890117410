/**
 * The background's wiring. Every listener is added synchronously in one call of startBackground:
 * in Chromium during the worker's first turn (MV3 drops events for listeners added later); in
 * Firefox on the relay of the gate that registered the real ones in the event page's first turn
 * and holds their events until this runs (lib/engines/firefox-gate.ts). The work is in
 * lib/engines and lib/state.
 * State: the settings, mirrored from storage.local (re-read at every start, kept current by
 * storage.onChanged). Tab state and inspections live in the TabStore (storage.session).
 */
import { browser } from 'wxt/browser';
import type { Engine, TabState } from '@/lib/report/types';
import { listen, type TabView } from '@/lib/messages';
import { originOf } from '@/lib/report/url';
import { listenChromium, type SecurityInfoJoin } from '@/lib/engines/chromium';
import { capabilities } from '@/lib/engines/capabilities';
import { listenFirefox } from '@/lib/engines/firefox';
import type { BackgroundEvents, Relay } from '@/lib/engines/firefox-gate';
import { debuggerApi, inspectTab } from '@/lib/engines/chromium-inspect';
import { createBadgePainter, type BadgeAction } from '@/lib/state/badge-painter';
import { PageTracker, TabStore, type KeyValueArea } from '@/lib/state/tracker';
import { DEFAULT_SETTINGS, isExcluded, loadSettings, watchSettings, type Settings } from '@/lib/settings';
import { alertsFor, isWebUrl, recordVisit, replayCommits, type RecorderDeps } from '@/lib/history/recorder';
import { flushLeftovers, openHistory, RETENTION_ALARM, scheduleRetention, sessionJournal } from '@/lib/history/handle';
import { clearCommit, noteCommit } from '@/lib/history/journal';
import { t } from '@/lib/i18n/t';
import { probeTab, type ProbeDeps } from '@/lib/page/inject';
import { indexExpectations, NO_EXPECTATIONS, type ExpectationIndex } from '@/lib/watch/expectations';
import { loadExpectations, loadSentAlerts, saveSentAlerts, watchExpectations } from '@/lib/watch/store';
import { alertClicks, createAlerter, type NotificationClicks, type NotificationsApi } from '@/lib/watch/notify';
import { routeHash } from '@/lib/privacy/route';
import { heldByTab, tap } from '@/lib/e2e-tap';

const PRIVACY_MENU = 'onlooker-privacy-history';

/** Firefox's listeners need the gate's security answers: its event page starts only through the gate. */
function gateRelay(on: BackgroundEvents): Relay {
  if (!on.securityAnswers) throw new Error('Onlooker: in Firefox the background starts through its gate');
  return on as Relay;
}

/** Firefox exposes `getSecurityInfo`; Chromium-family browsers never do. */
function detectEngine(): Engine {
  const webRequest = browser.webRequest as unknown as { getSecurityInfo?: unknown } | undefined;
  return typeof webRequest?.getSecurityInfo === 'function' ? 'firefox' : 'chromium';
}

/**
 * Starts the background on `on`'s events: the browser's own (Chromium, in the worker's first
 * turn) or, in Firefox, the relay of the gate that registered them (lib/engines/firefox-gate.ts).
 */
export function startBackground(on: BackgroundEvents = browser): void {
  const engine = detectEngine();
  const now = () => Date.now();
  const store = new TabStore(browser.storage.session as unknown as KeyValueArea);
  let settings: Settings = { ...DEFAULT_SETTINGS, excludedHosts: [] };
  // The user's expectations, indexed in memory: judging a page is a few Map lookups, never a
  // storage read. Rebuilt at start and whenever any context edits them.
  let expectations: ExpectationIndex = NO_EXPECTATIONS;
  let judging = { ...settings, expectations };
  const paint = createBadgePainter(browser.action as unknown as BadgeAction, () => judging);
  const repaintAll = () => {
    for (const state of store.all()) paint(state.tabId, state, true);
  };
  watchSettings((next) => {
    settings = next;
    judging = { ...settings, expectations };
    void store.ready.then(repaintAll);
  }, on.storage.onChanged);
  watchExpectations((list) => {
    expectations = indexExpectations(list);
    judging = { ...settings, expectations };
    void store.ready.then(repaintAll);
  }, on.storage.onChanged);
  const settingsLoaded = Promise.all([
    loadSettings().then((loaded) => {
      settings = loaded;
    }),
    loadExpectations().then((list) => {
      expectations = indexExpectations(list);
    }),
  ]).then(() => {
    judging = { ...settings, expectations };
  });
  const tracker = new PageTracker({ store, engine, now, paint });

  // Set below, once the history is open; a leaf read before then is logged with the commit.
  let leafRead: (tabId: number) => void = () => undefined;
  let securityInfo: SecurityInfoJoin | undefined;
  if (engine === 'firefox') listenFirefox(store, tracker, now, gateRelay(on));
  else securityInfo = listenChromium(store, tracker, now, { leafRead: (tabId) => leafRead(tabId) });

  const probe: ProbeDeps = {
    executeScript: (injection) => browser.scripting.executeScript(injection),
    apply: (report) => tracker.probe(report),
  };

  const whenReady = (fn: () => void) => (store.loaded ? fn() : void store.ready.then(fn));

  // Desktop alerts the user opted into; the API exists only once the permission is granted.
  const notifications = () => (browser as unknown as { notifications?: NotificationsApi }).notifications;
  const alert = createAlerter({
    enabled: () => settings.alertsEnabled,
    notifications,
    loadSent: loadSentAlerts,
    saveSent: saveSentAlerts,
    now,
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    t,
  });
  // A click opens the site's history view; the namespace appears only with the permission.
  const listenClicks = alertClicks(
    () => on.notifications ?? (browser as unknown as { notifications?: NotificationClicks }).notifications,
    (host) => void browser.tabs.create({ url: browser.runtime.getURL(`/privacy.html${routeHash({ view: 'site', host })}`) }),
  );
  on.permissions.onAdded.addListener(listenClicks);

  const history = openHistory({
    isExcluded: (host) => !settings.historyEnabled || isExcluded(settings, host),
    // Each alert goes to the navigation whose visit raised it, never to whatever the tab shows now.
    onEvents: (events, visits) => {
      for (const found of alertsFor(events, visits)) tracker.alerts(found);
      void alert(events, visits);
    },
    retentionDays: () => settings.retentionDays,
  });
  const journal = sessionJournal();
  const recorder: RecorderDeps = {
    logger: () => history.logger(),
    options: () => judging,
    isIncognito: async (tabId) =>
      browser.extension.inIncognitoContext ||
      (await browser.tabs.get(tabId).then(
        (t) => t.incognito,
        () => true,
      )),
    journal,
    trace: (kind, tabId, navStart, url, detail) => tap(kind, tabId, navStart, url, () => detail),
  };
  // The live certificate's names and key arrive after the response: the visit, if already
  // logged at its commit, is logged again with them (as after an Inspect).
  leafRead = (tabId) => void recordVisit(recorder, store.get(tabId));

  on.webNavigation.onCommitted.addListener((details) => {
    const { tabId, frameId, url, timeStamp, transitionType } = details;
    if (frameId !== 0) return;
    const nav: NonNullable<TabState['nav']> = {
      start: Math.floor(timeStamp),
      transition: transitionType === 'reload' ? 'reload' : 'other',
    };
    // When webNavigation names the committed document (Chromium), a probe of another document is refused.
    const documentId = (details as { documentId?: unknown }).documentId;
    if (typeof documentId === 'string') nav.documentId = documentId;
    // The first call to the browser, before any other work: a stopped worker is cut off between
    // two statements, not between two turns, so anything before the note could lose the visit
    // (journal.ts). recordVisit notes it again with the tab's state, under the same key.
    if (isWebUrl(url)) noteCommit(journal, { tabId, url, nav });
    tap('commit', tabId, timeStamp, url);
    whenReady(() => {
      const state = tracker.committed(tabId, url, nav);
      void recordVisit(recorder, state, true);
      if (state.main?.tlsUnknown === 'cached') {
        const origin = originOf(url);
        if (origin) {
          void browser.permissions.contains({ origins: [`${origin}/*`] }).then(
            (granted) => granted || tracker.permissionMissing({ tabId, navStart: nav.start }),
            () => undefined,
          );
        }
      }
    });
  });
  on.webNavigation.onCompleted.addListener((details) => {
    const { tabId, frameId, url, timeStamp } = details;
    if (frameId !== 0) return;
    // A prerendered or cached document completing is not what the tab shows (Chromium says which).
    const { documentLifecycle: lifecycle, documentId } = details as { documentLifecycle?: unknown; documentId?: unknown };
    const shown = lifecycle === undefined || lifecycle === 'active';
    const doc = typeof documentId === 'string' ? documentId : undefined;
    // A completion of a document the tab state does not hold (or before that state is read back)
    // may stand for a missed commit: noted first, as a commit is, and cleared if it was none.
    const start = Math.floor(timeStamp);
    const noted =
      engine === 'chromium' && shown && doc !== undefined && isWebUrl(url) && (!store.loaded || store.get(tabId)?.nav?.documentId !== doc);
    if (noted) noteCommit(journal, { tabId, url, nav: { start, transition: 'other', documentId: doc, inferred: true }, completion: true });
    tap('complete', tabId, timeStamp, url);
    whenReady(() => {
      const missed = shown ? tracker.missedCommit(tabId, url, timeStamp, doc) : undefined;
      // The visit's own commit call notes it again under the same key and removes the note once logged.
      if (missed) void recordVisit(recorder, missed, true);
      else if (noted) void clearCommit(journal, tabId, start).catch(() => undefined);
      if (shown && !missed) tap('judged', tabId, timeStamp, url, () => heldByTab(store.get(tabId), doc));
      tracker.completed(tabId);
      void recordVisit(recorder, store.get(tabId));
      void probeTab(probe, tabId, store.get(tabId));
    });
  });
  // Error pages (certificate interstitials) commit without onCommitted and reset the badge.
  on.webNavigation.onErrorOccurred.addListener(({ tabId, frameId }) => {
    if (frameId === 0) whenReady(() => tracker.completed(tabId));
  });
  on.tabs.onRemoved.addListener((tabId) =>
    whenReady(() => {
      tracker.removed(tabId);
      void history.forgetTab(tabId);
    }),
  );
  on.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void settingsLoaded.then(() => history.applyRetention(settings.retentionDays));
  });
  void scheduleRetention();

  // The toolbar button's own menu opens the privacy history (menus persist; create on install).
  on.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: PRIVACY_MENU, title: t('menu_privacy_history'), contexts: ['action'] }, () => {
      void browser.runtime.lastError;
    });
  });
  on.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === PRIVACY_MENU) void browser.tabs.create({ url: browser.runtime.getURL('/privacy.html') });
  });

  // lib/messages.ts admits each message only from its allowed senders and with a valid payload:
  // 'get-tab' from Onlooker's pages, 'inspect' from the popup, 'page-probe' from a content script,
  // which is told nothing and speaks only for its own tab and frame (taken from the sender).
  listen(
    {
      'get-tab': async ({ tabId }) => {
        await store.ready;
        const state = store.get(tabId) ?? null;
        const origin = state ? originOf(state.url) : undefined;
        const [canInspect, hostPermission] = await Promise.all([
          capabilities(engine).inspect ? browser.permissions.contains({ permissions: ['debugger'] }) : Promise.resolve(false),
          origin ? browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false) : Promise.resolve(true),
        ]);
        const view: TabView = { engine, state, canInspect, hostPermission };
        if (securityInfo) view.webRequestSecurityInfo = securityInfo.support;
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
      'page-probe': async ({ protocol, mixed, secrets }, { tabId, frameId, url, documentId }) => {
        if (frameId !== 0) return;
        await store.ready;
        tracker.probe({ tabId, url, protocol, mixed, secrets, ...(documentId === undefined ? {} : { documentId }) });
      },
    },
    { onMessage: on.runtime.onMessage },
  );

  /**
   * A page whose commit and completion both reached a worker being stopped is still shown in its
   * tab: Chromium names the document, so it is logged once (a late commit of it merges).
   */
  const missedWhileStopped = async (tabId: number): Promise<boolean> => {
    if (engine !== 'chromium') return false;
    const frame = await browser.webNavigation.getFrame({ tabId, frameId: 0 }).catch(() => null);
    const { documentId, documentLifecycle } = (frame ?? {}) as { documentId?: unknown; documentLifecycle?: unknown };
    if (!frame || typeof documentId !== 'string' || (documentLifecycle !== undefined && documentLifecycle !== 'active')) return false;
    const missed = tracker.missedCommit(tabId, frame.url, now(), documentId);
    if (missed) void recordVisit(recorder, missed, true);
    return !!missed;
  };

  // Tabs open before this worker's first start never produced events: say what can be known.
  void Promise.all([store.ready, settingsLoaded]).then(async () => {
    // Commits the previous worker noted but stopped before logging (journal.ts), and visits it
    // accepted but stopped before writing (the logger's queue).
    void replayCommits(recorder, (tabId) => store.get(tabId), engine);
    void flushLeftovers(history, browser.storage.session).catch((error: unknown) =>
      console.warn('Onlooker: could not write queued visits', error),
    );
    const tabs = await browser.tabs.query({});
    for (const tab of tabs) {
      if (tab.id === undefined || !tab.url) continue;
      const state = store.get(tab.id);
      if (!state) tracker.preexisting(tab.id, tab.url);
      else if (tab.url === state.url || !(await missedWhileStopped(tab.id))) paint(tab.id, state, true);
    }
  });
}
