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
 *  - In memory only: a mirror of the stored state (reloaded on start), the flush timer (on
 *    start, a non-empty queue schedules a flush again).
 */
import { detectChanges, nextSnapshot, type HistoryEventInput } from './changes';
import { urlHash, type VisitFacts, type VisitInput } from './input';
import { pruneOldest } from './retention';
import {
  isQuotaError,
  type CertificateRecord,
  type HistoryDb,
  type HistoryEventRecord,
  type SiteRecord,
  type VisitKey,
  type VisitRecord,
} from './schema';
import {
  certificateFromSummary,
  createCertIdAllocator,
  encodeVisit,
  freeVisitKey,
  HTTP_SCHEME_CODE,
  touchCertificate,
} from './write';

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
}

/** The logger's persisted state. */
export interface LoggerState {
  v: 1;
  epoch: string;
  seq: number;
  queue: QueuedVisit[];
  tabs: Record<string, TabMemory>;
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
export function storageAreaStore(area: StorageAreaLike, key = 'historyQueue'): QueueStore {
  return {
    get: async () => (await area.get(key))[key],
    set: (state) => area.set({ [key]: state }),
  };
}

/** Test store backed by a Map; share the Map between two loggers to simulate a restart. */
export function memoryStore(map: Map<string, unknown> = new Map(), key = 'historyQueue'): QueueStore {
  return {
    get: async () => structuredClone(map.get(key)),
    set: async (state) => {
      map.set(key, structuredClone(state));
    },
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
  /** Bound of the queue when the database keeps failing; the oldest are dropped beyond it. Default 2000. */
  maxQueue?: number;
  /** The disk was full: `pruned` oldest visits were deleted so new ones fit. Tell the user. */
  onQuota?: (pruned: number) => void;
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

/** The navigation a history event was raised by. */
export type EventVisit = Pick<VisitFacts, 'tabId' | 'navStart'>;

/** Why `log` did or did not queue a visit. */
export type LogOutcome = 'queued' | 'reload' | 'merged' | 'incognito' | 'excluded' | 'not-web';

/** What a `flush()` did. */
export interface FlushResult {
  /** Queue items applied by this flush (items already applied before a restart not counted). */
  written: number;
  /** Visits pruned because of a quota error. */
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
  /** Queued, unwritten visits. */
  pending(): number;
  /** Cancels the timer (tests, shutdown). Queued items stay in the store. */
  dispose(): void;
}

const WEB: ReadonlySet<string> = new Set(['http', 'https']);
const MAX_TABS = 500;
/** Share of visits removed when the disk is full: enough to make room for a while. */
const QUOTA_PRUNE_FRACTION = 0.1;

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
  return { v: 1, epoch: s.epoch, seq: s.seq, queue, tabs: s.tabs };
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
    maxQueue = 2000,
    onQuota,
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

  function arm(ms: number): void {
    if (cancelTimer || disposed) return;
    cancelTimer = schedule(() => {
      cancelTimer = undefined;
      background(flush());
    }, ms);
  }

  async function log(input: VisitInput): Promise<LogOutcome> {
    if (input.incognito) return 'incognito';
    if (!WEB.has(input.scheme)) return 'not-web';
    await ready;
    const outcome = await locked(async (): Promise<LogOutcome> => {
      // Inside the lock, so a slow check cannot let a later navigation overtake this one.
      if (await isExcluded(input.host)) return 'excluded';
      const nav = Math.floor(input.navStart);
      const tabKey = String(input.tabId);
      const mem = state.tabs[tabKey];
      const hash = urlHash(input.url);
      let kind: QueuedVisit['kind'];
      let key: VisitKey;
      let outcome: LogOutcome;
      if (mem && mem.nav === nav) {
        // The same navigation again, with facts learned later: merge into its row.
        kind = 'merge';
        key = mem.key;
        outcome = 'merged';
      } else if (input.transition === 'reload' && mem && mem.u === hash) {
        kind = 'reload';
        key = mem.key;
        outcome = 'reload';
        state.tabs[tabKey] = { ...mem, nav };
      } else {
        kind = 'new';
        key = freeQueuedKey(nav);
        outcome = 'queued';
        state.tabs[tabKey] = { key, u: hash, nav };
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
      if (state.queue.length > maxQueue) {
        const dropped = state.queue.splice(0, state.queue.length - maxQueue);
        onError?.(new Error(`history queue full: ${dropped.length} oldest visits dropped`));
      }
      trimTabs();
      await store.set(state);
      return outcome;
    });
    if (outcome === 'excluded') return outcome;
    if (state.queue.length >= maxBatch) background(flush());
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
    const run = flushChain.then(flushAll, flushAll);
    flushChain = run.catch(() => undefined);
    return run;
  }

  async function flushAll(): Promise<FlushResult> {
    await ready;
    if (cancelTimer) {
      cancelTimer();
      cancelTimer = undefined;
    }
    const total: FlushResult = emptyResult();
    for (;;) {
      const batch = state.queue.slice(0, maxBatch);
      if (batch.length === 0) return total;
      const result = await flushBatch(batch);
      total.written += result.written;
      total.pruned += result.pruned;
      total.events.push(...result.events);
      if (result.error !== undefined) {
        total.error = result.error;
        // Keep the batch and try again later, not in a tight loop.
        arm(flushMs * 4);
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
        await store.set(state);
      });
    }
  }

  async function flushBatch(batch: QueuedVisit[]): Promise<FlushResult & { moved: [VisitKey, VisitKey][] }> {
    const epoch = state.epoch;
    let pruned = 0;
    try {
      const written = await writeBatch(db, epoch, batch);
      report(written.events, written.visits);
      return { written: written.applied, pruned, events: written.events, moved: written.moved };
    } catch (err) {
      if (!isQuotaError(err)) {
        onError?.(err);
        return { written: 0, pruned, events: [], error: err, moved: [] };
      }
      // Disk full. The failed transaction was rolled back as a whole; make room and retry once.
      try {
        pruned = await pruneOldest(db, QUOTA_PRUNE_FRACTION);
      } catch (pruneErr) {
        onError?.(pruneErr);
      }
      onQuota?.(pruned);
      try {
        const written = await writeBatch(db, epoch, batch);
        report(written.events, written.visits);
        return { written: written.applied, pruned, events: written.events, moved: written.moved };
      } catch (again) {
        onError?.(again);
        return { written: 0, pruned, events: [], error: again, moved: [] };
      }
    }
  }

  function report(events: HistoryEventRecord[], visits: EventVisit[]): void {
    if (events.length > 0) onEvents?.(events, visits);
  }

  return {
    ready,
    log,
    flush,
    forgetTab,
    pending: () => state.queue.length,
    dispose: () => {
      disposed = true;
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
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

    const getVisit = async (key: VisitKey): Promise<VisitRecord | undefined> =>
      visits.get(key) ?? (await db.visits.get(key));
    const getSite = async (host: string): Promise<SiteRecord | undefined> =>
      sites.get(host) ?? (await db.sites.get(host));

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
        visitsOf.push({ tabId: facts.tabId, navStart: facts.navStart });
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
