/**
 * Turns normalised reports into per-tab page state and keeps the badge in step.
 * Holds no state of its own: everything lives in the TabStore (storage.session), so a
 * restarted worker picks up exactly where the stopped one left off.
 *
 * Results that arrive late (history alerts after a flush, a permission check, a page probe)
 * name the navigation they belong to, and are dropped unless the tab still shows that page:
 * a tab can move from http:// to https:// of the same site in between.
 */
import type {
  CertSummary,
  ConnectionReport,
  Engine,
  MixedContentItem,
  PageAlert,
  SecurityHeaders,
  TabState,
  TlsInfo,
} from '@/lib/report/types';
import type { ErrorKind } from '@/lib/report/error-kinds';
import type { NavigationAlerts } from '@/lib/history/recorder';
import { httpVersionFromAlpn, originOf } from '@/lib/report/url';
import { applyTls, newPage, recordContact, recordMixed, unobservedPage } from './page';
import type { TabStore } from './tab-store';

export interface TrackerDeps {
  store: TabStore;
  engine: Engine;
  now: () => number;
  /** Repaints a tab's badge; `force` after a navigation (Firefox resets per-tab badges then). */
  paint: (tabId: number, state: TabState | undefined, force?: boolean) => void;
}

/** Errors that mean "this navigation did not replace the page" (cancelled, download, blocked). */
const NOT_A_PAGE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['aborted', 'blocked']);

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/** A top-level navigation of a tab, as webNavigation named it when it committed. */
export interface NavigationRef {
  tabId: number;
  /** `TabState.nav.start` (integer ms). */
  navStart: number;
}

/** The report `unobservedPage` makes for a commit whose response was not seen (yet). */
function isPlaceholder(main: ConnectionReport): boolean {
  return main.ip === undefined && main.statusCode === undefined && main.tls === undefined && main.error === undefined;
}

function sameLeaf(a: TlsInfo, b: TlsInfo): boolean {
  const x = a.certificates[0]?.sha256;
  return x !== undefined && x === b.certificates[0]?.sha256;
}

/**
 * An inspection's facts with what this load's live securityInfo said about the certificate's
 * state: a warning the user clicked through is this load's fact, which the inspection (Chromium's
 * debugger does not say) would otherwise hide.
 */
function withLiveState(inspected: TlsInfo, live: TlsInfo | undefined): TlsInfo {
  return live?.overriddenError ? { ...inspected, overriddenError: live.overriddenError } : inspected;
}

export class PageTracker {
  constructor(private readonly deps: TrackerDeps) {}

  /** The main document answered (or failed with a certificate or network error). */
  mainResponse(tabId: number, report: ConnectionReport): void {
    if (report.errorKind && NOT_A_PAGE.has(report.errorKind)) return;
    const state = newPage(tabId, report);
    // The commit of this very document got here first (a non-blocking response event can trail
    // it): the tab holds the placeholder made at the commit. Its navigation is this page's.
    const previous = this.deps.store.get(tabId);
    if (previous?.nav && previous.main && isPlaceholder(previous.main) && withoutHash(previous.url) === withoutHash(report.url)) {
      state.nav = previous.nav;
      state.url = previous.url;
      // Its security headers come by a listener of their own, which may have run first.
      if (previous.main.headers && state.main && !state.main.headers) state.main = { ...state.main, headers: previous.main.headers };
    }
    const live = report.tls?.source === 'chromium-webrequest' ? report.tls : undefined;
    if (report.tlsUnknown === 'not-inspected' || live) {
      const origin = originOf(report.url);
      const inspected = origin ? this.deps.store.inspection(origin) : undefined;
      // An earlier inspection's protocol and cipher still describe this load only if the
      // server shows the same certificate; a new one means the inspection is out of date.
      if (inspected && (!live || sameLeaf(inspected, live))) applyTls(state, withLiveState(inspected, live), report.time);
    }
    this.deps.store.set(tabId, state);
    // A failed load may never commit (Firefox's certificate error pages usually do not), or its
    // error page may have committed before the error reached us: no later commit repaints it.
    this.deps.paint(tabId, state, !!report.error);
  }

  /**
   * The certificate facts read from the main document's live leaf (Chromium securityInfo):
   * merged into that leaf if the tab still shows that response (`url`, `time`) with that
   * certificate. Returns true when the state changed.
   */
  leafRead(tabId: number, response: { url: string; time: number; sha256: string }, facts: Partial<CertSummary>): boolean {
    const state = this.deps.store.get(tabId);
    const main = state?.main;
    const leaf = main?.tls?.certificates[0];
    if (!state || !main?.tls || !leaf || main.url !== response.url || main.time !== response.time || leaf.sha256 !== response.sha256) {
      return false;
    }
    // The browser's own fingerprint and DER stay; the reader adds what the browser did not say.
    const merged: CertSummary = { ...leaf, ...facts, sha256: leaf.sha256 };
    if (leaf.der !== undefined) merged.der = leaf.der;
    state.main = { ...main, tls: { ...main.tls, certificates: [merged, ...main.tls.certificates.slice(1)] } };
    this.deps.store.touch(tabId);
    this.deps.paint(tabId, state, true);
    return true;
  }

  /**
   * The main document's security headers, read by a listener of their own (Firefox: its blocking
   * listener stays minimal). Kept if the tab still shows that document and has none yet.
   */
  securityHeaders(tabId: number, url: string, headers: SecurityHeaders): void {
    const state = this.deps.store.get(tabId);
    if (!state?.main || state.main.headers || state.main.url !== url) return;
    state.main = { ...state.main, headers };
    this.deps.store.touch(tabId);
  }

  /** Any other response of the page: one host contact, perhaps mixed content. */
  subresource(tabId: number, report: ConnectionReport): void {
    const state = this.deps.store.get(tabId);
    if (!state) return;
    recordContact(state, report);
    const pageEncrypted = state.main?.scheme === 'https';
    if (pageEncrypted && (report.scheme === 'http' || report.scheme === 'ws')) {
      if (recordMixed(state, [{ kind: 'subresource', url: report.url }])) this.deps.paint(tabId, state);
    }
    this.deps.store.touch(tabId);
  }

  /**
   * A new document committed in the top frame. If its response was not seen (back-forward
   * cache, a page served without a network request), the tab says so instead of showing the
   * previous page's facts.
   */
  committed(tabId: number, url: string, nav?: TabState['nav']): TabState {
    let state = this.deps.store.get(tabId);
    const seen = state?.main && withoutHash(state.main.url) === withoutHash(url);
    if (!state || !seen) {
      state = unobservedPage(tabId, url, this.deps.now(), 'cached', this.deps.engine);
      this.deps.store.set(tabId, state);
    } else {
      state.url = url;
      this.deps.store.touch(tabId);
    }
    if (nav) state.nav = nav;
    this.deps.paint(tabId, state, true);
    return state;
  }

  /**
   * The top frame finished loading a document whose commit never reached Onlooker: Chromium
   * drops an event dispatched to a service worker that is being stopped. The commit is then
   * made up from the completion (its time stands in for the navigation start, its `documentId`
   * ties it to the real commit should that be replayed from the journal), so the visit is
   * logged once instead of never. Returns the new state, or undefined when nothing was missed.
   *
   * With a `documentId` (Chromium 106+), a completion names a missed commit when the tab's
   * state is of another document: none at all, or one committed before this completion. Without
   * one, only the URL can tell: the state is for the same URL with no navigation (only the
   * response was seen), or for another URL committed before this completion. A document cannot
   * complete after a later one committed, so a late completion of the previous page is no
   * missed commit. Never from an error page (Chromium completes certificate interstitials that
   * did not commit), and Chromium only: Firefox completes error pages that never commit, and
   * its event page is not stopped mid-dispatch.
   */
  missedCommit(tabId: number, url: string, completedAt: number, documentId?: string): TabState | undefined {
    if (this.deps.engine !== 'chromium' || !/^https?:/i.test(url)) return undefined;
    const state = this.deps.store.get(tabId);
    if (state?.main?.error) return undefined;
    const same = !!state && withoutHash(state.url) === withoutHash(url);
    let missed: boolean;
    if (documentId !== undefined && (!state || state.nav?.documentId !== undefined)) {
      missed = !state || (state.nav!.documentId !== documentId && state.nav!.start < completedAt);
    } else {
      if (!state) return undefined;
      missed = state.nav ? !same && state.nav.start < completedAt : same && !state.preexisting;
    }
    if (!missed) return undefined;
    const nav: NonNullable<TabState['nav']> = { start: Math.floor(completedAt), transition: 'other' };
    if (documentId !== undefined) nav.documentId = documentId;
    return this.committed(tabId, url, nav);
  }

  /**
   * The page committed without any webRequest event because the host permission is missing
   * (Firefox MV3 makes host permissions optional): say so instead of "from cache".
   */
  permissionMissing({ tabId, navStart }: NavigationRef): void {
    const state = this.current({ tabId, navStart });
    if (!state?.main || state.main.ip || state.main.scheme !== 'https') return;
    state.main = { ...state.main, tlsUnknown: 'permission' };
    this.deps.store.touch(tabId);
    this.deps.paint(tabId, state, true);
  }

  /** The tab's state if it still shows the page of that navigation, else undefined. */
  private current({ tabId, navStart }: NavigationRef): TabState | undefined {
    const state = this.deps.store.get(tabId);
    return state?.nav?.start === navStart ? state : undefined;
  }

  /**
   * Changes history found on one visit: only the page of that navigation shows them. Another
   * page in the tab since (even of the same host) or another tab are other visits with their own.
   */
  alerts({ tabId, navStart, host, alerts }: NavigationAlerts): void {
    if (!alerts.length) return;
    const state = this.current({ tabId, navStart });
    if (!state || state.main?.host !== host) return;
    const known = state.alerts ?? [];
    const fresh: PageAlert[] = alerts.filter((a) => !known.some((k) => k.kind === a.kind && k.time === a.time));
    if (!fresh.length) return;
    state.alerts = [...known, ...fresh];
    this.deps.store.touch(tabId);
    this.deps.paint(tabId, state, true);
  }

  /** The page finished loading: repaint, since some browsers reset per-tab badges on commit. */
  completed(tabId: number): void {
    const state = this.deps.store.get(tabId);
    // An error page (a certificate interstitial) replaces the document without a commit Onlooker
    // hears of, and the browser clears the badge with it: what was painted is gone, paint again.
    if (state?.main?.error) this.deps.paint(tabId, undefined);
    this.deps.paint(tabId, state, true);
  }

  /**
   * What the page probe saw inside the document `url` (and, on Chromium, `documentId`). A probe
   * of an earlier document (same URL reloaded, or a page the tab has left) is dropped.
   */
  probe(tabId: number, url: string, protocol: string, mixed: readonly MixedContentItem[], documentId?: string): void {
    const state = this.deps.store.get(tabId);
    if (!state?.main || withoutHash(state.main.url) !== withoutHash(url)) return;
    if (documentId !== undefined && state.nav?.documentId !== undefined && state.nav.documentId !== documentId) return;
    let changed = false;
    const httpVersion = httpVersionFromAlpn(protocol);
    if (httpVersion && !state.main.httpVersion) {
      state.main = { ...state.main, httpVersion };
      const contact = state.hosts[state.main.host];
      if (contact) contact.httpVersion = httpVersion;
      changed = true;
    }
    if (state.main.scheme === 'https' && recordMixed(state, mixed)) {
      changed = true;
      this.deps.paint(tabId, state);
    }
    if (changed) this.deps.store.touch(tabId);
  }

  /** A tab open before Onlooker started: only its URL can be known. */
  preexisting(tabId: number, url: string): void {
    if (this.deps.store.get(tabId)) return;
    const state = unobservedPage(tabId, url, this.deps.now(), 'preexisting', this.deps.engine);
    this.deps.store.set(tabId, state);
    this.deps.paint(tabId, state, true);
  }

  /** Applies a Chromium inspection to the tab and remembers it for the origin. */
  inspected(tabId: number, url: string, tls: ConnectionReport['tls'], facts: { httpVersion?: string; ip?: string }): void {
    if (!tls) return;
    const origin = originOf(url);
    if (origin) this.deps.store.setInspection(origin, tls);
    const state = this.deps.store.get(tabId);
    if (!state?.main || originOf(state.main.url) !== origin) return;
    const live = state.main.tls?.source === 'chromium-webrequest' ? state.main.tls : undefined;
    applyTls(state, live && sameLeaf(tls, live) ? withLiveState(tls, live) : tls, this.deps.now());
    if (facts.httpVersion || facts.ip) state.main = { ...state.main, ...facts };
    this.deps.store.touch(tabId);
    this.deps.paint(tabId, state, true);
  }

  removed(tabId: number): void {
    this.deps.store.delete(tabId);
  }
}
