/**
 * Per-tab page state, the background's only mutable state.
 *
 * What exists: a Map<tabId, TabState> in memory, mirrored to `storage.session` under
 * "tab:<id>" keys (session storage: gone with the browser session, never on disk).
 * How it survives a worker restart: `ready` reloads every "tab:" key before any event is
 * applied (handlers wait on it), and writes are coalesced per tab and flushed within
 * FLUSH_MS — far inside the 30 s a stopped-looking MV3 worker still lives.
 * Chromium inspections are kept the same way per origin ("origin:<origin>", at most
 * MAX_INSPECTIONS), so a later visit can show "inspected 3 min ago".
 */
import { REPORT_VERSION, type TabState, type TlsInfo } from '@/lib/report/types';

/** The subset of `storage.StorageArea` the store needs; tests pass a Map-backed fake. */
export interface KeyValueArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const PREFIX = 'tab:';
const ORIGIN = 'origin:';
const FLUSH_MS = 50;
export const MAX_INSPECTIONS = 100;

export class TabStore {
  private readonly tabs = new Map<number, TabState>();
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
    for (const tabId of this.dirty) {
      const state = this.tabs.get(tabId);
      if (state) items[PREFIX + tabId] = state;
    }
    const gone = [...this.removed].map((id) => PREFIX + id);
    for (const [origin, tls] of this.pendingInspections) {
      if (tls) items[ORIGIN + origin] = tls;
      else gone.push(ORIGIN + origin);
    }
    this.pendingInspections.clear();
    this.dirty.clear();
    this.removed.clear();
    if (!Object.keys(items).length && !gone.length) return this.flushing;
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
    });
    return this.flushing;
  }
}
