/**
 * Per-tab page state, the background's only mutable state, and the tracker that turns
 * normalised reports into it and keeps the badge in step. Three parts, in reading order:
 * PageTracker (what each event does to a tab), the page-state helpers it builds states with,
 * and TabStore (where the states are kept).
 *
 * What exists: a Map<tabId, TabState> in memory (TabStore), mirrored to `storage.session` under
 * "tab:<id>" keys (session storage: gone with the browser session, never on disk). The tracker
 * holds no state of its own, so a restarted worker picks up exactly where the stopped one left
 * off. How it survives a worker restart: `ready` reloads every "tab:" key before any event is
 * applied (handlers wait on it), and writes are coalesced per tab and flushed within FLUSH_MS —
 * far inside the 30 s a stopped-looking MV3 worker still lives. Chromium inspections are kept
 * the same way per origin ("origin:<origin>", at most MAX_INSPECTIONS), so a later visit can
 * show "inspected 3 min ago". The last MAX_LEFT pages a tab left, each with its document id, are
 * kept too ("left:<id>"): Back and Forward restore such a document from the back-forward cache
 * without a request, and its facts are still the facts of the page shown.
 *
 * Results that arrive late (history alerts after a flush, a permission check, a page probe)
 * name the navigation they belong to, and are dropped unless the tab still shows that page:
 * a tab can move from http:// to https:// of the same site in between.
 */
import {
  REPORT_VERSION,
  SECRET_FIELD_KINDS,
  type CertSummary,
  type ConnectionReport,
  type Engine,
  type HostContact,
  type MixedContentItem,
  type PageAlert,
  type SecretFieldKind,
  type SecurityHeaders,
  type TabState,
  type TlsInfo,
} from '@/lib/report/types';
import type { ErrorKind } from '@/lib/report/error-kinds';
import type { NavigationAlerts } from '@/lib/history/recorder';
import { httpVersionFromAlpn, originOf, urlParts, withoutHash } from '@/lib/report/url';

export interface TrackerDeps {
  store: TabStore;
  engine: Engine;
  now: () => number;
  /** Repaints a tab's badge; `force` after a navigation (Firefox resets per-tab badges then). */
  paint: (tabId: number, state: TabState | undefined, force?: boolean) => void;
}

/** Errors that mean "this navigation did not replace the page" (cancelled, download, blocked). */
const NOT_A_PAGE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['aborted', 'blocked']);

/** A top-level navigation of a tab, as webNavigation named it when it committed. */
export interface NavigationRef {
  tabId: number;
  /** `TabState.nav.start` (integer ms). */
  navStart: number;
}

/** What the page probe saw inside one document of a tab (a result or a later message). */
export interface ProbeReport {
  tabId: number;
  /** The document the probe ran in. */
  url: string;
  /** `nextHopProtocol`, empty when unknown or not news. */
  protocol: string;
  mixed: readonly MixedContentItem[];
  secrets: readonly SecretFieldKind[];
  /** Chromium: the sending document, when the browser named it. */
  documentId?: string;
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
      // So may the page probe (the load event can come first too): what it found is this page's.
      if (previous.secrets) recordSecrets(state, previous.secrets);
      if (state.main?.scheme === 'https') recordMixed(state, previous.mixed);
    } else if (previous) {
      this.deps.store.leave(tabId, previous);
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
      // Back or Forward to a page the tab left: the same document, restored without a request.
      const kept = nav?.documentId !== undefined ? this.deps.store.takeLeft(tabId, nav.documentId, url) : undefined;
      if (state) this.deps.store.leave(tabId, state);
      if (kept) {
        const { alerts: _earlier, ...page } = kept;
        state = { ...page, url, updatedAt: this.deps.now() };
      } else {
        state = unobservedPage(tabId, url, this.deps.now(), 'cached', this.deps.engine);
      }
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
   * logged once instead of never. Returns the new state, or undefined when nothing was missed;
   * or, for an earlier page found only now (see below), a state of its own the tab does not take.
   *
   * With a `documentId` (Chromium 106+), a completion names a missed commit when the tab's
   * state is of another document: none at all, or one committed before this completion. Without
   * one, only the URL can tell: the state is for the same URL with no navigation (only the
   * response was seen), or for another URL committed before this completion. A document cannot
   * complete after a later one committed, so a late completion of an earlier page is no
   * missed commit of the tab's page. It is a page the tab has left, delivered late (events
   * queued for a stopped worker reach the next one): its commit may have been dropped as well,
   * or seen and logged, which only the history can tell by the document. So, with a
   * `documentId`, it is returned as a state of its own marked `late`, which the history logs
   * only if that document is new. Never from an error page (Chromium completes certificate
   * interstitials that did not commit), and Chromium only: Firefox completes error pages that
   * never commit, and its event page is not stopped mid-dispatch.
   */
  missedCommit(tabId: number, url: string, completedAt: number, documentId?: string): TabState | undefined {
    if (this.deps.engine !== 'chromium' || !/^https?:/i.test(url)) return undefined;
    const state = this.deps.store.get(tabId);
    if (state?.main?.error) return undefined;
    const same = !!state && withoutHash(state.url) === withoutHash(url);
    const nav: NonNullable<TabState['nav']> = { start: Math.floor(completedAt), transition: 'other', inferred: true };
    if (documentId !== undefined) nav.documentId = documentId;
    let missed: boolean;
    if (documentId !== undefined && (!state || state.nav?.documentId !== undefined)) {
      const other = !!state && state.nav!.documentId !== documentId;
      if (other && state.nav!.inferred && completedAt < state.nav!.start) {
        // The tab's document was found after its commit (at a worker start, or from its
        // completion), so "completed before it committed" cannot be told: another document that
        // completed before it was found is an earlier page whose commit was missed as well.
        // Logged as a visit of its own; the tab goes on showing the page it shows.
        return { ...unobservedPage(tabId, url, this.deps.now(), 'cached', this.deps.engine), nav };
      }
      missed = !state || (other && state.nav!.start < completedAt);
      if (!missed && other) return this.leftPage(tabId, url, nav);
    } else {
      if (!state) return undefined;
      missed = state.nav ? !same && state.nav.start < completedAt : same && !state.preexisting;
      // The tab holds only the response of its next page (no commit yet): this one it has left.
      if (!missed && documentId !== undefined && !state.nav && !same) return this.leftPage(tabId, url, nav);
    }
    if (!missed) return undefined;
    return this.committed(tabId, url, nav);
  }

  /** A page the tab has left, found from its late completion: a visit if its document is new. */
  private leftPage(tabId: number, url: string, nav: NonNullable<TabState['nav']>): TabState {
    return { ...unobservedPage(tabId, url, this.deps.now(), 'cached', this.deps.engine), nav: { ...nav, late: true } };
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
  probe({ tabId, url, protocol, mixed, secrets, documentId }: ProbeReport): void {
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
    const web = state.main.scheme === 'https' || state.main.scheme === 'http';
    // Both recorded, whichever brought something new.
    const mixedAdded = state.main.scheme === 'https' && recordMixed(state, mixed);
    const secretsAdded = web && recordSecrets(state, secrets);
    if (mixedAdded || secretsAdded) {
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

// ---- Page state: what a tab shows, built and updated by the tracker above ----

/** Bounds keep storage.session small whatever a page loads (ad-heavy pages reach 300+ hosts). */
export const MAX_HOSTS = 150;
export const MAX_MIXED = 40;

/** A fresh page state for a tab whose main document has just answered. */
export function newPage(tabId: number, main: ConnectionReport): TabState {
  const state: TabState = {
    v: REPORT_VERSION,
    tabId,
    url: main.url,
    main,
    hosts: {},
    hostsDropped: 0,
    mixed: [],
    updatedAt: main.time,
  };
  recordContact(state, main);
  return state;
}

/**
 * A page we did not see load (open before Onlooker started, or restored from the back-forward
 * cache): only its URL is known.
 */
export function unobservedPage(
  tabId: number,
  url: string,
  time: number,
  reason: 'preexisting' | 'cached',
  engine: ConnectionReport['engine'],
): TabState {
  const { scheme, host, port } = urlParts(url);
  const main: ConnectionReport = {
    v: REPORT_VERSION,
    engine,
    url,
    host,
    scheme,
    time,
    ...(port === undefined ? {} : { port }),
    ...(scheme === 'https' || scheme === 'wss' ? { tlsUnknown: reason } : {}),
  };
  const state = newPage(tabId, main);
  if (reason === 'preexisting') state.preexisting = true;
  return state;
}

/** Adds a response to the page's host list. Mutates `state`: this runs once per request. */
export function recordContact(state: TabState, report: ConnectionReport): void {
  if (!report.host) return;
  const existing = state.hosts[report.host];
  if (existing) {
    existing.count += 1;
    if (report.ip) existing.ip = report.ip;
    if (report.httpVersion) existing.httpVersion = report.httpVersion;
    if (report.tls?.protocol) existing.protocol = report.tls.protocol;
    if (report.error) existing.error = report.error;
    if (report.scheme === 'http' || report.scheme === 'ws') existing.scheme = report.scheme;
  } else {
    if (Object.keys(state.hosts).length >= MAX_HOSTS) {
      state.hostsDropped += 1;
      return;
    }
    const contact: HostContact = { host: report.host, scheme: report.scheme, count: 1 };
    if (report.ip) contact.ip = report.ip;
    if (report.httpVersion) contact.httpVersion = report.httpVersion;
    if (report.fromCache) contact.fromCache = true;
    if (report.tls?.protocol) contact.protocol = report.tls.protocol;
    if (report.error) contact.error = report.error;
    state.hosts[report.host] = contact;
  }
  state.updatedAt = report.time;
}

/** Adds mixed-content items not already listed. Returns true when something was added. */
export function recordMixed(state: TabState, items: readonly MixedContentItem[]): boolean {
  let added = false;
  for (const item of items) {
    if (state.mixed.length >= MAX_MIXED) break;
    if (state.mixed.some((m) => m.url === item.url && m.kind === item.kind)) continue;
    state.mixed.push({ kind: item.kind, url: item.url });
    added = true;
  }
  return added;
}

/** Adds secret kinds not already listed, kept in SECRET_FIELD_KINDS order. Returns true when something was added. */
function recordSecrets(state: TabState, kinds: readonly SecretFieldKind[]): boolean {
  const known = state.secrets ?? [];
  if (kinds.every((k) => known.includes(k))) return false;
  state.secrets = SECRET_FIELD_KINDS.filter((k) => known.includes(k) || kinds.includes(k));
  return true;
}

/** Puts TLS details learned later (Chromium inspection, origin cache) on the main report. */
function applyTls(state: TabState, tls: TlsInfo, time: number): void {
  if (!state.main) return;
  state.main = { ...state.main, tls };
  delete state.main.tlsUnknown;
  const contact = state.hosts[state.main.host];
  if (contact && tls.protocol) contact.protocol = tls.protocol;
  state.updatedAt = time;
}

// ---- TabStore: the tab states in memory and in storage.session (see the header) ----

/** The subset of `storage.StorageArea` the store needs; tests pass a Map-backed fake. */
export interface KeyValueArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const PREFIX = 'tab:';
const ORIGIN = 'origin:';
const LEFT = 'left:';
/** Pages kept per tab for Back and Forward (most go one step; each costs storage.session room). */
export const MAX_LEFT = 2;
/** Tabs whose left pages are kept: those that left a page most recently. */
export const MAX_LEFT_TABS = 10;
const FLUSH_MS = 50;
export const MAX_INSPECTIONS = 100;

export class TabStore {
  private readonly tabs = new Map<number, TabState>();
  /** Per tab, the pages it left that a document id names, newest first (see the header). */
  private readonly left = new Map<number, TabState[]>();
  private readonly dirtyLeft = new Set<number>();
  private readonly inspections = new Map<string, TlsInfo>();
  private readonly pendingInspections = new Map<string, TlsInfo | null>();
  private readonly dirty = new Set<number>();
  private readonly removed = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** True once storage has been read back; until then callers await `ready`. */
  loaded = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly area: KeyValueArea,
    private readonly flushMs = FLUSH_MS,
  ) {
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    try {
      const all = await this.area.get(null);
      for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(ORIGIN)) {
          const tls = value as TlsInfo;
          if (typeof tls?.inspectedAt === 'number') this.inspections.set(key.slice(ORIGIN.length), tls);
          continue;
        }
        if (key.startsWith(LEFT)) {
          const tabId = Number(key.slice(LEFT.length));
          const pages = Array.isArray(value) ? (value as TabState[]).filter((p) => p?.v === REPORT_VERSION && p.tabId === tabId) : [];
          if (pages.length && !this.left.has(tabId)) this.left.set(tabId, pages.slice(0, MAX_LEFT));
          continue;
        }
        if (!key.startsWith(PREFIX)) continue;
        const state = value as TabState;
        // An older report shape after an update is dropped, not misread.
        if (state?.v !== REPORT_VERSION || typeof state.tabId !== 'number') continue;
        if (!this.tabs.has(state.tabId)) this.tabs.set(state.tabId, state);
      }
    } catch (error) {
      console.warn('Onlooker: could not read tab state back', error);
    }
    this.loaded = true;
  }

  get(tabId: number): TabState | undefined {
    return this.tabs.get(tabId);
  }

  all(): TabState[] {
    return [...this.tabs.values()];
  }

  /** The last inspection of an origin, if any. */
  inspection(origin: string): TlsInfo | undefined {
    return this.inspections.get(origin);
  }

  /** Remembers an inspection; the oldest one goes when the bound is reached. */
  setInspection(origin: string, tls: TlsInfo): void {
    this.inspections.delete(origin);
    this.inspections.set(origin, tls);
    this.pendingInspections.set(origin, tls);
    if (this.inspections.size > MAX_INSPECTIONS) {
      const oldest = this.inspections.keys().next().value;
      if (oldest !== undefined) {
        this.inspections.delete(oldest);
        this.pendingInspections.set(oldest, null);
      }
    }
    this.schedule();
  }

  /** Keeps a page the tab is leaving, if a document id names it (only Back or Forward can restore it). */
  leave(tabId: number, state: TabState): void {
    const doc = state.nav?.documentId;
    if (doc === undefined || !state.main || state.main.error || state.preexisting) return;
    const others = (this.left.get(tabId) ?? []).filter((p) => p.nav?.documentId !== doc);
    this.left.delete(tabId);
    this.left.set(tabId, [state, ...others].slice(0, MAX_LEFT));
    this.dirtyLeft.add(tabId);
    if (this.left.size > MAX_LEFT_TABS) {
      const oldest = this.left.keys().next().value as number;
      this.left.delete(oldest);
      this.dirtyLeft.add(oldest);
    }
    this.schedule();
  }

  /** Takes back the page of `documentId` the tab left, if it is of `url`; it is the tab's again. */
  takeLeft(tabId: number, documentId: string, url: string): TabState | undefined {
    const pages = this.left.get(tabId);
    const page = pages?.find((p) => p.nav?.documentId === documentId && withoutHash(p.url) === withoutHash(url));
    if (!pages || !page) return undefined;
    const rest = pages.filter((p) => p !== page);
    if (rest.length) this.left.set(tabId, rest);
    else this.left.delete(tabId);
    this.dirtyLeft.add(tabId);
    this.schedule();
    return page;
  }

  /** Replaces a tab's state (a new page). */
  set(tabId: number, state: TabState): void {
    this.tabs.set(tabId, state);
    this.removed.delete(tabId);
    this.touch(tabId);
  }

  /** Marks a tab's state changed after an in-place update. */
  touch(tabId: number): void {
    this.dirty.add(tabId);
    this.schedule();
  }

  delete(tabId: number): void {
    if (this.left.delete(tabId)) {
      this.dirtyLeft.add(tabId);
      this.schedule();
    }
    if (!this.tabs.delete(tabId)) return;
    this.dirty.delete(tabId);
    this.removed.add(tabId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
  }

  /** Writes pending changes now. Safe to call at any time; writes are serialised. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const items: Record<string, TabState | TlsInfo> = {};
    // Kept pages are written apart: if they ever meet the quota, the tabs' own state still saves.
    const kept: Record<string, TabState[]> = {};
    for (const tabId of this.dirty) {
      const state = this.tabs.get(tabId);
      if (state) items[PREFIX + tabId] = state;
    }
    const gone = [...this.removed].map((id) => PREFIX + id);
    for (const tabId of this.dirtyLeft) {
      const pages = this.left.get(tabId);
      if (pages?.length) kept[LEFT + tabId] = pages;
      else gone.push(LEFT + tabId);
    }
    this.dirtyLeft.clear();
    for (const [origin, tls] of this.pendingInspections) {
      if (tls) items[ORIGIN + origin] = tls;
      else gone.push(ORIGIN + origin);
    }
    this.pendingInspections.clear();
    this.dirty.clear();
    this.removed.clear();
    if (!Object.keys(items).length && !Object.keys(kept).length && !gone.length) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        if (gone.length) await this.area.remove(gone);
        if (Object.keys(items).length) await this.area.set(items);
      } catch (error) {
        // Quota or a closing context: the in-memory copy stays right; the next change retries.
        console.warn('Onlooker: could not save tab state', error);
        for (const key of Object.keys(items)) {
          if (key.startsWith(PREFIX)) this.dirty.add(Number(key.slice(PREFIX.length)));
        }
      }
      try {
        if (Object.keys(kept).length) await this.area.set(kept);
      } catch (error) {
        console.warn('Onlooker: could not save pages kept for Back and Forward', error);
        for (const key of Object.keys(kept)) this.dirtyLeft.add(Number(key.slice(LEFT.length)));
      }
    });
    return this.flushing;
  }
}
