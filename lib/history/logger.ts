/**
 * The history logger: the background's only writer to the history database.
 *
 * State and how it survives a worker restart:
 *  - `LoggerState` (the queue of visits not yet written, the per-tab memory used to recognise
 *    reloads and later facts, a sequence counter and an epoch) lives in a `QueueStore`, in
 *    production `browser.storage.session`. `log()` resolves only after the state is stored,
 *    so a visit whose `log()` resolved survives the worker being stopped.
 *  - Exactly once: every queued item has a sequence number; the flush transaction writes the
 *    highest one it applied to `meta.flush` together with the data. A worker stopped after the
 *    commit but before the queue was trimmed re-flushes the same items on restart; they are at or
 *    below the watermark and are skipped, so counters, reloads and events are not doubled. The
 *    visit's key (its time, assigned once when queued) makes even a re-applied row an overwrite.
 *  - The epoch changes when the stored state is lost (browser restart clears storage.session):
 *    sequence numbers start again at 1, and the old watermark must not hide them.
 *  - Write trouble (`LoggerState.trouble`): consecutive failed flushes, the back-off deadline,
 *    whether this shortage already cost a prune, and how many visits the bounded queue had to
 *    drop. It is stored with the queue, so a restarted worker keeps backing off and never prunes
 *    a second time for the same shortage; the first successful write clears it.
 *  - Per tab, the navigations already logged (`TabMemory.nav` and `done`), so a navigation
 *    replayed after a worker stop (see journal.ts) is recognised and never counted twice.
 *  - In memory only: a mirror of the stored state (reloaded on start), the flush timer (on
 *    start, a non-empty queue schedules a flush again, not before the back-off deadline).
 *
 * A failed write never deletes anything: the batch stays queued and is retried with exponential
 * back-off. Only a shortage that persists (`persistentAfter` failed attempts in a row) and that
 * the storage estimate confirms may free room, once until a write succeeds again: first by the
 * user's own retention, else by the oldest `QUOTA_PRUNE_FRACTION` of visits; `onStorage` tells
 * the user either way.
 *
 * While the estimate shows less than MIN_FREE_BYTES of room, the logger does not touch the
 * database at all (no write, no prune) and counts the attempt as a failed one. Why: on a really
 * full disk Chromium 156 fails the write with an IO error ("FILE_ERROR_NO_SPACE") that closes
 * the connection, and the database then read as damaged and was deleted whole by the browser
 * (full-disk.e2e.ts, seen twice in three runs). For an extension with `unlimitedStorage` the
 * estimate's quota is the stored data plus the disk's free space, so this sees a full disk coming.
 */
import { detectChanges, nextSnapshot, type HistoryEventInput } from './changes';
import { urlHash, type VisitFacts, type VisitInput } from './input';
import { applyRetention, DEFAULT_RETENTION_DAYS, pruneOldest } from './retention';
import {
  isQuotaError,
  type CertificateRecord,
  type HistoryDb,
  type HistoryEventRecord,
  type SiteRecord,
  type VisitKey,
  type VisitRecord,
} from './schema';
import { certificateFromSummary, createCertIdAllocator, encodeVisit, freeVisitKey, HTTP_SCHEME_CODE, touchCertificate } from './write';

/** One visit waiting to be written. */
export interface QueuedVisit {
  /** Sequence number within the epoch; the flush watermark compares against it. */
  seq: number;
  /** A new row; later facts of the navigation of row `key`; or a reload of row `key`. */
  kind: 'new' | 'merge' | 'reload';
  /** The row it writes. For 'new', the key assigned when it was queued (unique in the queue). */
  key: VisitKey;
  visit: VisitFacts;
}

/** What the logger remembers per tab: the last visit row and the URL it was for (hashed). */
export interface TabMemory {
  key: VisitKey;
  /** `urlHash` of the URL; the URL itself is never kept. */
  u: string;
  /** Navigation start of the latest navigation logged in the tab. */
  nav: number;
  /** Earlier navigations of the tab already logged (newest last, at most MAX_DONE). */
  done?: number[];
  /** The browser's document id of the latest navigation, when it names one (Chromium). */
  doc?: string;
  /** Document ids of the earlier navigations in `done` that had one (newest last, at most MAX_DONE). */
  docs?: string[];
  /** Document ids among `doc` and `docs` logged under an inferred start (newest last, at most MAX_DONE). */
  found?: string[];
}

/** Why writes are failing, kept while they do (cleared by the first successful write). */
export interface WriteTrouble {
  /** Failed flush attempts in a row. */
  failures: number;
  /** When the first of them failed, ms. */
  since: number;
  /** No automatic attempt before this time, ms (exponential back-off). */
  retryAt: number;
  /** The last failure was a quota error (disk or origin quota full). */
  quota: boolean;
  /** Room was already made once during this shortage: never again until a write succeeds. */
  pruned: boolean;
  /** Visits not queued because the queue was full. */
  dropped: number;
}

/** The logger's persisted state. */
export interface LoggerState {
  v: 1;
  epoch: string;
  seq: number;
  queue: QueuedVisit[];
  tabs: Record<string, TabMemory>;
  trouble?: WriteTrouble;
}

/** Where the logger keeps its state across worker restarts. */
export interface QueueStore {
  get(): Promise<unknown>;
  set(state: LoggerState): Promise<void>;
}

/** The part of `browser.storage.session` / `storage.local` the store needs. */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Production store: one key in a WebExtension storage area (use `browser.storage.session`). */
export function storageAreaStore(area: StorageAreaLike, key: string): QueueStore {
  return {
    get: async () => (await area.get(key))[key],
    set: (state) => area.set({ [key]: state }),
  };
}

/** Options of `createHistoryLogger`; only `db` and `store` are required. */
export interface HistoryLoggerOptions {
  db: HistoryDb;
  store: QueueStore;
  /** Clock, ms. */
  now?: () => number;
  /** User-excluded hosts are dropped before anything is stored, even in the session queue. */
  isExcluded?: (host: string) => boolean | Promise<boolean>;
  /** Flush at most this long after the first queued visit. Default 3000 ms. */
  flushMs?: number;
  /** Flush at once when this many visits are queued; also the most written per transaction. Default 50. */
  maxBatch?: number;
  /**
   * Bound of the queue while the database keeps failing; newer visits are dropped (and counted)
   * beyond it. Default 500: the whole queue is rewritten to storage.session on every visit.
   */
  maxQueue?: number;
  /** Longest back-off between flush attempts while writes fail. Default 5 minutes. */
  maxBackoffMs?: number;
  /** Failed attempts in a row after which a quota shortage counts as persistent. Default 4. */
  persistentAfter?: number;
  /**
   * `navigator.storage.estimate()`: with less than MIN_FREE_BYTES of room the database is left
   * alone; a persistent quota error frees room only if this confirms the space is short (or
   * cannot say). Without it, persistence alone decides.
   */
  estimate?: () => Promise<StorageEstimate>;
  /** The user's retention in days: room is made by it first, before any younger visit goes. */
  retentionDays?: () => number;
  /** Write trouble worth telling the user about (persistent failure, a prune, recovery). */
  onStorage?: (report: StorageReport) => void;
  /**
   * Events written by a flush (after commit): for the badge and the popup. `visits[i]` is the
   * navigation (tab, start) whose visit raised `events[i]`, so an alert reaches only that page.
   */
  onEvents?: (events: HistoryEventRecord[], visits: EventVisit[]) => void;
  /** A flush failed for another reason (the queue is kept and retried), or the queue overflowed. */
  onError?: (error: unknown) => void;
  /** Timer injection for tests; defaults to setTimeout. Returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

/** What the logger tells the user about storage (see lib/privacy/notice.ts). */
export type StorageReport =
  /**
   * Writes have failed since `since` (`persistentAfter` times in a row, or the queue is full);
   * `dropped`: visits newly lost with this report (0 or 1), to add to what the user was told.
   */
  | { kind: 'failing'; since: number; quota: boolean; dropped: number }
  /** Room was made: `count` visits deleted at `at` (`beyondRetention` of them younger than retention). */
  | { kind: 'pruned'; at: number; count: number; beyondRetention: number }
  /** A write succeeded again after persistent trouble. */
  | { kind: 'recovered'; at: number; dropped: number };

/** The navigation a history event was raised by. */
export type EventVisit = Pick<VisitFacts, 'tabId' | 'navStart'> & {
  /** The site's stored visits after this one (alerts notify of a new CA only on sites visited often). */
  siteVisits?: number;
};

/** Why `log` did or did not queue a visit. */
export type LogOutcome =
  | 'queued'
  | 'reload'
  | 'merged'
  | 'incognito'
  | 'excluded'
  | 'not-web'
  /** This navigation was logged before (a replay after a worker stop): nothing queued. */
  | 'known'
  /** The queue was full while writes fail: dropped and counted. */
  | 'dropped';

/** What a `flush()` did. */
export interface FlushResult {
  /** Queue items applied by this flush (items already applied before a restart not counted). */
  written: number;
  /** Visits deleted to make room after a persistent quota shortage. */
  pruned: number;
  events: HistoryEventRecord[];
  /** Set when the batch could not be written; it stays queued. */
  error?: unknown;
}

/** The logger the background holds (one per worker start). */
export interface HistoryLogger {
  /** Resolves when the stored state was loaded. */
  readonly ready: Promise<void>;
  /** Queues a visit; resolves once it is persisted in the store (await it in the listener). */
  log(visit: VisitInput): Promise<LogOutcome>;
  /** Writes everything queued now (in batches of `maxBatch`). */
  flush(): Promise<FlushResult>;
  /** Forget a closed tab's reload memory (call from tabs.onRemoved). */
  forgetTab(tabId: number): Promise<void>;
  /**
   * Whether the navigation `tabId` + `navStart` was already logged (after `ready`), or, given
   * its `documentId`, the same document under another start where one of the two was inferred
   * (`inferred`: this start was; otherwise the logged one must have been).
   */
  hasLogged(tabId: number, navStart: number, documentId?: string, inferred?: boolean): boolean;
  /** The current write trouble, if writes are failing. */
  trouble(): Readonly<WriteTrouble> | undefined;
  /** Queued, unwritten visits. */
  pending(): number;
  /** Cancels the timer (tests, shutdown). Queued items stay in the store. */
  dispose(): void;
}

const WEB: ReadonlySet<string> = new Set(['http', 'https']);
const MAX_TABS = 500;
/** Earlier navigations remembered per tab: a replay comes within a few navigations of a stop. */
const MAX_DONE = 16;
/** Share of visits removed when the disk stays full: enough to make room for a while. */
const QUOTA_PRUNE_FRACTION = 0.1;

/** Room below which the logger leaves the database alone (see the header): a batch, LevelDB's log and a compaction. */
export const MIN_FREE_BYTES = 16 << 20;

/** An estimate's free room and quota, or undefined when it has no numbers to tell. */
function roomIn(est: StorageEstimate | undefined): { free: number; quota: number } | undefined {
  if (!est || typeof est.usage !== 'number' || typeof est.quota !== 'number' || !(est.quota > 0)) return undefined;
  return { free: est.quota - est.usage, quota: est.quota };
}

function newEpoch(now: number): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const KINDS: ReadonlySet<unknown> = new Set(['new', 'merge', 'reload']);

/** Accepts a stored state only if it has the shape this code wrote; otherwise starts afresh. */
function parseState(raw: unknown): LoggerState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Partial<LoggerState>;
  if (s.v !== 1 || typeof s.epoch !== 'string' || typeof s.seq !== 'number') return undefined;
  if (!Array.isArray(s.queue) || typeof s.tabs !== 'object' || s.tabs === null) return undefined;
  const queue = s.queue.filter(
    (q): q is QueuedVisit =>
      typeof q === 'object' &&
      q !== null &&
      typeof q.seq === 'number' &&
      typeof q.key === 'number' &&
      KINDS.has(q.kind) &&
      typeof q.visit === 'object' &&
      q.visit !== null &&
      typeof q.visit.host === 'string',
  );
  const state: LoggerState = { v: 1, epoch: s.epoch, seq: s.seq, queue, tabs: s.tabs };
  const t = s.trouble;
  if (typeof t === 'object' && t !== null && typeof t.failures === 'number' && typeof t.retryAt === 'number') {
    state.trouble = {
      failures: t.failures,
      since: Number(t.since) || 0,
      retryAt: t.retryAt,
      quota: t.quota === true,
      pruned: t.pruned === true,
      dropped: Number(t.dropped) || 0,
    };
  }
  return state;
}

/**
 * Creates the logger and starts loading its stored state. Create it synchronously at worker
 * start (top level of the background), so a queue left by the previous worker is flushed.
 */
export function createHistoryLogger(options: HistoryLoggerOptions): HistoryLogger {
  const {
    db,
    store,
    now = Date.now,
    isExcluded = () => false,
    flushMs = 3000,
    maxBatch = 50,
    maxQueue = 500,
    maxBackoffMs = 5 * 60_000,
    persistentAfter = 4,
    estimate,
    retentionDays = () => DEFAULT_RETENTION_DAYS,
    onStorage,
    onEvents,
    onError,
    schedule = (fn, ms) => {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    },
  } = options;

  let state: LoggerState = { v: 1, epoch: newEpoch(now()), seq: 0, queue: [], tabs: {} };
  let cancelTimer: (() => void) | undefined;
  // Flushes run one after another; a caller during a flush waits for it, then flushes the rest.
  let flushChain: Promise<unknown> = Promise.resolve();
  let disposed = false;
  // Serialises every change of `state` with its write to the store, in call order.
  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  const ready = locked(async () => {
    const loaded = parseState(await store.get());
    if (loaded) state = loaded;
    else await store.set(state);
    if (state.queue.length > 0) arm(0);
  });

  /** A flush nobody awaits: its failure goes to onError, never to an unhandled rejection. */
  function background(run: Promise<unknown>): void {
    run.catch((err: unknown) => onError?.(err));
  }

  /** Schedules a flush in `ms`, never before the back-off deadline while writes fail. */
  function arm(ms: number): void {
    if (cancelTimer || disposed) return;
    const wait = state.trouble ? Math.max(ms, state.trouble.retryAt - now()) : ms;
    cancelTimer = schedule(
      () => {
        cancelTimer = undefined;
        background(flushWhenDue());
      },
      Math.max(0, wait),
    );
  }

  async function log(input: VisitInput): Promise<LogOutcome> {
    if (input.incognito) return 'incognito';
    if (!WEB.has(input.scheme)) return 'not-web';
    await ready;
    const outcome = await locked(async (): Promise<LogOutcome> => {
      // Inside the lock, so a slow check cannot let a later navigation overtake this one.
      if (await isExcluded(input.host)) return 'excluded';
      let nav = Math.floor(input.navStart);
      const tabKey = String(input.tabId);
      const mem = state.tabs[tabKey];
      const hash = urlHash(input.url);
      const doc = input.documentId;
      if (input.ifNewDocument && doc !== undefined && (mem?.doc === doc || !!mem?.docs?.includes(doc))) return 'known';
      // One document under two starts is one visit only when one start was inferred (the real
      // commit, replayed from the journal, and the one inferred from its completion). A real
      // commit of a document logged under a real start is that page restored from the
      // back-forward cache (same document id): a visit of its own.
      const oneVisit = doc !== undefined && (input.inferred || !!mem?.found?.includes(doc));
      if (mem && oneVisit && nav !== mem.nav) {
        // The inferred one is later and knows at least as much.
        if (mem.doc === doc) {
          if (nav < mem.nav) return 'known';
          nav = mem.nav;
        } else if (mem.docs?.includes(doc)) return 'known';
      }
      let kind: QueuedVisit['kind'];
      let key: VisitKey;
      let outcome: LogOutcome;
      if (mem && mem.nav === nav) {
        // The same navigation again, with facts learned later: merge into its row.
        kind = 'merge';
        key = mem.key;
        outcome = 'merged';
      } else if (mem?.done?.includes(nav)) {
        // An earlier navigation of this tab, logged already (a replay after a worker stop).
        return 'known';
      } else if (mem && nav < mem.nav) {
        // An earlier navigation arriving late (replayed after a stop): a visit of its own that
        // must not take the tab's memory from the newer one, or that one's facts would split.
        kind = 'new';
        key = freeQueuedKey(nav);
        outcome = 'queued';
        mem.done = keepLast(mem.done, nav);
        if (doc !== undefined) mem.docs = keepLast(mem.docs, doc);
      } else if (input.transition === 'reload' && mem && mem.u === hash) {
        kind = 'reload';
        key = mem.key;
        outcome = 'reload';
        state.tabs[tabKey] = moveOn(mem, { ...mem, nav }, doc);
      } else {
        kind = 'new';
        key = freeQueuedKey(nav);
        outcome = 'queued';
        state.tabs[tabKey] = mem ? moveOn(mem, { key, u: hash, nav }, doc) : withDoc({ key, u: hash, nav }, doc);
      }
      if (input.inferred && doc !== undefined) {
        const now = state.tabs[tabKey];
        if (now) now.found = keepLast(now.found, doc);
      }
      if (state.queue.length >= maxQueue) {
        // Writes keep failing and the queue is full: this visit is lost. Count it (merges only
        // add facts to a visit, they are not visits) and say so; the tab memory above still
        // moved on, so a later merge of this navigation cannot count it twice.
        const trouble = (state.trouble ??= { failures: 0, since: now(), retryAt: 0, quota: false, pruned: false, dropped: 0 });
        if (kind !== 'merge') trouble.dropped += 1;
        trimTabs();
        await store.set(state);
        if (kind !== 'merge') {
          onError?.(new Error(`history queue full: ${trouble.dropped} visits dropped while writes fail`));
          onStorage?.({ kind: 'failing', since: trouble.since, quota: trouble.quota, dropped: 1 });
        }
        return 'dropped';
      }
      const facts: VisitFacts = {
        tabId: input.tabId,
        navStart: nav,
        host: input.host,
        scheme: input.scheme,
        verdict: input.verdict,
      };
      if (input.ip !== undefined) facts.ip = input.ip;
      if (input.httpVersion !== undefined) facts.httpVersion = input.httpVersion;
      if (input.proxy !== undefined) facts.proxy = input.proxy;
      if (input.tls !== undefined) facts.tls = input.tls;
      state.seq += 1;
      state.queue.push({ seq: state.seq, kind, key, visit: facts });
      trimTabs();
      await store.set(state);
      return outcome;
    });
    if (outcome === 'excluded' || outcome === 'known' || outcome === 'dropped') return outcome;
    if (state.queue.length >= maxBatch && !state.trouble) background(flush());
    else arm(flushMs);
    return outcome;
  }

  /** A key no queued new visit and no tab memory holds (the database is checked at flush). */
  function freeQueuedKey(nav: number): VisitKey {
    const taken = new Set<number>(Object.values(state.tabs).map((m) => m.key));
    for (const q of state.queue) if (q.kind === 'new') taken.add(q.key);
    let k = nav;
    while (taken.has(k)) k += 1;
    return k;
  }

  function trimTabs(): void {
    const entries = Object.entries(state.tabs);
    if (entries.length <= MAX_TABS) return;
    entries.sort((a, b) => a[1].nav - b[1].nav);
    for (const [k] of entries.slice(0, entries.length - MAX_TABS)) delete state.tabs[k];
  }

  async function forgetTab(tabId: number): Promise<void> {
    await ready;
    await locked(async () => {
      if (!(String(tabId) in state.tabs)) return;
      delete state.tabs[String(tabId)];
      await store.set(state);
    });
  }

  function flush(): Promise<FlushResult> {
    const run = flushChain.then(() => flushAll(true));
    flushChain = run.catch(() => undefined);
    return run;
  }

  /** The timer's flush: skipped (and re-armed) before the back-off deadline. */
  function flushWhenDue(): Promise<FlushResult> {
    const run = flushChain.then(() => flushAll(false));
    flushChain = run.catch(() => undefined);
    return run;
  }

  async function flushAll(force: boolean): Promise<FlushResult> {
    await ready;
    if (cancelTimer) {
      cancelTimer();
      cancelTimer = undefined;
    }
    const total: FlushResult = emptyResult();
    if (!force && state.trouble && state.trouble.failures > 0 && now() < state.trouble.retryAt) {
      if (state.queue.length > 0) arm(0);
      return total;
    }
    for (;;) {
      const batch = state.queue.slice(0, maxBatch);
      if (batch.length === 0) return total;
      const result = await flushBatch(batch);
      total.written += result.written;
      total.pruned += result.pruned;
      total.events.push(...result.events);
      if (result.error !== undefined) {
        total.error = result.error;
        // Keep the batch and try again after the back-off, not in a tight loop.
        arm(0);
        return total;
      }
      const last = batch[batch.length - 1]!.seq;
      await locked(async () => {
        state.queue = state.queue.filter((q) => q.seq > last);
        // A new visit whose key was taken in the database was written 1 ms later: point the
        // tab memory and still-queued merges / reloads at the row where it really is.
        for (const [from, to] of result.moved) {
          for (const m of Object.values(state.tabs)) if (m.key === from) m.key = to;
          for (const q of state.queue) if (q.kind !== 'new' && q.key === from) q.key = to;
        }
        const trouble = state.trouble;
        delete state.trouble;
        await store.set(state);
        // Told only if the user was told about the trouble (persistent or with losses).
        if (trouble && (trouble.failures >= persistentAfter || trouble.dropped > 0)) {
          onStorage?.({ kind: 'recovered', at: now(), dropped: trouble.dropped });
        }
      });
    }
  }

  type BatchOutcome = FlushResult & { moved: [VisitKey, VisitKey][] };

  async function attempt(batch: QueuedVisit[]): Promise<BatchOutcome> {
    // A failed open (Chromium on a full disk) is kept by Dexie; let this attempt open again.
    db.retryFailedOpen();
    const written = await writeBatch(db, state.epoch, batch);
    report(written.events, written.visits);
    return { written: written.applied, pruned: 0, events: written.events, moved: written.moved };
  }

  async function flushBatch(batch: QueuedVisit[]): Promise<BatchOutcome> {
    if (await noRoom()) {
      const trouble = await noteFailure(true);
      if (trouble.failures === persistentAfter) onStorage?.({ kind: 'failing', since: trouble.since, quota: true, dropped: 0 });
      return failed(new DOMException('The disk is all but full: history writes wait for room.', 'QuotaExceededError'), 0);
    }
    try {
      return await attempt(batch);
    } catch (err) {
      // The failed transaction was rolled back as a whole: nothing stored was touched.
      onError?.(err);
      const quota = isQuotaError(err);
      const trouble = await noteFailure(quota);
      if (trouble.failures < persistentAfter) return failed(err, 0);
      if (trouble.failures === persistentAfter) {
        onStorage?.({ kind: 'failing', since: trouble.since, quota, dropped: 0 });
      }
      if (!quota || trouble.pruned || !(await shortageConfirmed())) return failed(err, 0);
      // A persistent, confirmed shortage: make room once, recorded before deleting anything so
      // a worker stopped mid-way never prunes twice for it.
      await locked(async () => {
        trouble.pruned = true;
        await store.set(state);
      });
      let pruned = 0;
      try {
        const freed = await makeRoom();
        pruned = freed.count;
        if (freed.count > 0) onStorage?.({ kind: 'pruned', at: now(), ...freed });
      } catch (pruneErr) {
        onError?.(pruneErr);
      }
      try {
        return { ...(await attempt(batch)), pruned };
      } catch (again) {
        onError?.(again);
        return failed(again, pruned);
      }
    }
  }

  function failed(error: unknown, pruned: number): BatchOutcome {
    return { written: 0, pruned, events: [], error, moved: [] };
  }

  /** Counts a failed attempt and sets the next deadline: flushMs, doubling, at most maxBackoffMs. */
  function noteFailure(quota: boolean): Promise<WriteTrouble> {
    return locked(async () => {
      const t = (state.trouble ??= { failures: 0, since: now(), retryAt: 0, quota, pruned: false, dropped: 0 });
      if (t.failures === 0) t.since = now();
      t.failures += 1;
      t.quota = quota;
      t.retryAt = now() + Math.min(maxBackoffMs, flushMs * 2 ** Math.min(t.failures - 1, 30));
      await store.set(state);
      return t;
    });
  }

  /** The storage estimate, or undefined where it cannot be had (each reader says what that means). */
  async function estimated(): Promise<StorageEstimate | undefined> {
    try {
      return await estimate?.();
    } catch {
      return undefined;
    }
  }

  /** Whether the estimate shows less than MIN_FREE_BYTES of room; one that cannot say shows room. */
  async function noRoom(): Promise<boolean> {
    const room = roomIn(await estimated());
    return room !== undefined && room.free < MIN_FREE_BYTES;
  }

  /**
   * Whether the estimate confirms a shortage: less than 5 % of the quota (or 1 MiB) free. One
   * that cannot say confirms it: persistence alone decides then.
   */
  async function shortageConfirmed(): Promise<boolean> {
    const room = roomIn(await estimated());
    return room === undefined || room.free < Math.max(room.quota * 0.05, 1 << 20);
  }

  /**
   * Frees room: the user's own retention first (visits they chose not to keep); only if that
   * deletes nothing, the oldest QUOTA_PRUNE_FRACTION of visits, which the user is told about.
   */
  async function makeRoom(): Promise<{ count: number; beyondRetention: number }> {
    const byRetention = (await applyRetention(db, retentionDays(), now())).visits;
    if (byRetention > 0) return { count: byRetention, beyondRetention: 0 };
    const pruned = await pruneOldest(db, QUOTA_PRUNE_FRACTION);
    return { count: pruned, beyondRetention: pruned };
  }

  function report(events: HistoryEventRecord[], visits: EventVisit[]): void {
    if (events.length > 0) onEvents?.(events, visits);
  }

  return {
    ready,
    log,
    flush,
    forgetTab,
    hasLogged: (tabId, navStart, documentId, inferred = false) => {
      const mem = state.tabs[String(tabId)];
      const nav = Math.floor(navStart);
      if (!mem) return false;
      if (mem.nav === nav || mem.done?.includes(nav)) return true;
      if (documentId === undefined || !(inferred || mem.found?.includes(documentId))) return false;
      return mem.doc === documentId || !!mem.docs?.includes(documentId);
    },
    trouble: () => state.trouble,
    pending: () => state.queue.length,
    dispose: () => {
      disposed = true;
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
}

/** The tab's memory after it moves on from `mem` to the navigation `next` (of document `doc`). */
function moveOn(mem: TabMemory, next: Omit<TabMemory, 'done' | 'docs' | 'doc' | 'found'>, doc: string | undefined): TabMemory {
  const moved: TabMemory = { key: next.key, u: next.u, nav: next.nav, done: keepLast(mem.done, mem.nav) };
  const docs = mem.doc !== undefined ? keepLast(mem.docs, mem.doc) : mem.docs;
  if (docs?.length) moved.docs = docs;
  if (mem.found?.length) moved.found = mem.found;
  return withDoc(moved, doc);
}

function withDoc(mem: TabMemory, doc: string | undefined): TabMemory {
  if (doc !== undefined) mem.doc = doc;
  return mem;
}

function keepLast<T>(list: T[] | undefined, item: T): T[] {
  const next = (list ?? []).filter((n) => n !== item);
  next.push(item);
  return next.slice(-MAX_DONE);
}

function emptyResult(): FlushResult {
  return { written: 0, pruned: 0, events: [] };
}

/** What one committed batch did. */
export interface BatchResult {
  /** Items applied (items at or below the watermark are skipped). */
  applied: number;
  events: HistoryEventRecord[];
  /** `visits[i]`: the navigation that raised `events[i]`. */
  visits: EventVisit[];
  /** New visits written under another key than queued, because the key was taken: [queued, used]. */
  moved: [VisitKey, VisitKey][];
}

/**
 * Writes one batch in one transaction: certificates (deduplicated), visits, sites, events and
 * the watermark. Either all of it is committed or none of it.
 */
export async function writeBatch(db: HistoryDb, epoch: string, batch: readonly QueuedVisit[]): Promise<BatchResult> {
  return db.transaction('rw', [db.visits, db.certificates, db.sites, db.events, db.meta], async () => {
    const mark = await db.meta.get('flush');
    const done = mark?.k === 'flush' && mark.epoch === epoch ? mark.seq : 0;
    const todo = batch.filter((q) => q.seq > done);
    if (todo.length === 0) return { applied: 0, events: [], visits: [], moved: [] };

    const ids = await createCertIdAllocator(db);
    const certs = new Map<string, CertificateRecord>();
    const visits = new Map<VisitKey, VisitRecord>();
    const sites = new Map<string, SiteRecord>();
    const events: HistoryEventRecord[] = [];
    const visitsOf: EventVisit[] = [];
    const moved = new Map<VisitKey, VisitKey>();

    const getVisit = async (key: VisitKey): Promise<VisitRecord | undefined> => visits.get(key) ?? (await db.visits.get(key));
    const getSite = async (host: string): Promise<SiteRecord | undefined> => sites.get(host) ?? (await db.sites.get(host));

    for (const item of todo) {
      const facts = item.visit;
      const time = facts.navStart;

      let certId: number | undefined;
      const leaf = facts.tls?.leaf;
      if (leaf?.sha256 !== undefined) {
        const sha = leaf.sha256;
        const known = certs.get(sha) ?? (await db.certificates.get(sha));
        const cert = known
          ? touchCertificate(known, facts.host, time, leaf.der)
          : certificateFromSummary({ ...leaf, sha256: sha }, ids.next(), facts.host, time, facts.tls?.rootBuiltIn);
        certs.set(sha, cert);
        certId = cert.id;
      }

      let kind = item.kind;
      let key = moved.get(item.key) ?? item.key;
      let existing: VisitRecord | undefined;
      if (kind !== 'new') {
        existing = await getVisit(key);
        if (!existing || existing.h !== facts.host) {
          // The row is gone (deleted, pruned) or is not this site's: this load is a visit of its own.
          kind = 'new';
          key = Math.floor(time);
          existing = undefined;
        }
      }
      if (kind === 'new') {
        // Exactly-once is the watermark's job, so a taken key here is another navigation (same
        // millisecond, or the clock went back): never overwrite it, take the next free one.
        const wanted = key;
        key = await freeVisitKey(db, key, (k) => visits.has(k));
        if (key !== wanted && item.kind === 'new') moved.set(wanted, key);
      }
      const row = encodeVisit(facts, key, certId, existing, kind === 'reload');
      visits.set(key, row);

      const site = await getSite(facts.host);
      const detected: HistoryEventInput[] = detectChanges(site?.snap, facts);
      const snap = nextSnapshot(site?.snap, facts, detected);
      const isHttp = row.s === HTTP_SCHEME_CODE ? 1 : 0;
      const wasHttp = existing?.s === HTTP_SCHEME_CODE ? 1 : 0;
      const updated: SiteRecord = site
        ? {
            ...site,
            firstSeen: Math.min(site.firstSeen, row.t),
            lastSeen: Math.max(site.lastSeen, time),
            visits: site.visits + (kind === 'new' ? 1 : 0),
            reloads: site.reloads + (kind === 'reload' ? 1 : 0),
            httpVisits: Math.max(0, site.httpVisits + isHttp - wasHttp),
            snap,
          }
        : {
            host: facts.host,
            firstSeen: row.t,
            lastSeen: time,
            visits: 1,
            reloads: 0,
            httpVisits: isHttp,
            snap,
          };
      if (certId !== undefined) updated.cert = certId;
      sites.set(facts.host, updated);
      for (const e of detected) {
        events.push(eventRecord(e));
        visitsOf.push({ tabId: facts.tabId, navStart: facts.navStart, siteVisits: updated.visits });
      }
    }

    await db.certificates.bulkPut([...certs.values()]);
    await db.visits.bulkPut([...visits.values()]);
    await db.sites.bulkPut([...sites.values()]);
    if (events.length > 0) {
      const keys = await db.events.bulkAdd(events, { allKeys: true });
      keys.forEach((id, i) => {
        const e = events[i];
        if (e) e.id = id;
      });
    }
    await ids.save();
    await db.meta.put({ k: 'flush', epoch, seq: todo[todo.length - 1]!.seq });
    return { applied: todo.length, events, visits: visitsOf, moved: [...moved] };
  });
}

function eventRecord(e: HistoryEventInput): HistoryEventRecord {
  const rec: HistoryEventRecord = { time: e.time, host: e.host, kind: e.kind };
  if (e.from !== undefined) rec.from = e.from;
  if (e.to !== undefined) rec.to = e.to;
  return rec;
}
