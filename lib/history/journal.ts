/**
 * The commit journal: what makes a committed navigation durable before anything is awaited.
 *
 * Between webNavigation.onCommitted and the logger's own stored queue lie awaits (reading tab
 * state back after a worker start, tabs.get for the private-window check, loading the logger's
 * state). A worker stopped in there used to lose the visit. So the background writes a note as
 * the listener's first call to the browser — `storage.session.set` is handed to the browser when
 * called, and the browser completes it even if the worker stops right after; a stop cuts the
 * worker off between any two statements, so the note must come before any other work — and
 * removes it once the logger has the visit stored.
 *
 * State: one storage.session key per committed top-frame navigation, "hv:<tabId>:<navStart>",
 * holding the URL, the navigation identity and (once known) the tab's state; also one per
 * completion of a document the tab state did not hold when it came (`completion`, see CommitNote).
 * Notes left by a stopped worker are replayed at the next start (recorder.ts `replayCommits`);
 * the logger's per-tab memory of logged navigations makes the replay exactly-once.
 */
import type { TabState } from '@/lib/report/types';

const PREFIX = 'hv:';
/** Notes kept at most; a worker that keeps dying cannot grow storage.session without bound. */
export const MAX_NOTES = 200;

/** One committed navigation not yet known to be in the logger's queue. */
export interface CommitNote {
  tabId: number;
  url: string;
  nav: NonNullable<TabState['nav']>;
  /** The tab's state when the visit was built, if the tab state had been read back by then. */
  state?: TabState;
  /**
   * Written for a top-frame completion of a document the tab state did not hold, or that came
   * before the tab state was read back (Chromium): it may stand for a commit the worker never saw
   * (tracker.missedCommit), and nothing else would name that page should this worker stop too.
   * `nav.start` is the completion's time.
   */
  completion?: true;
}

/** The part of `browser.storage.session` the journal needs. */
export interface JournalArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

function noteKey(tabId: number, start: number): string {
  return `${PREFIX}${tabId}:${Math.floor(start)}`;
}

/**
 * Writes the note. Synchronous on purpose: call it in the event's own turn, before any await.
 * A second note for the same navigation (with the tab state) replaces the first.
 */
export function noteCommit(area: JournalArea, note: CommitNote): void {
  area.set({ [noteKey(note.tabId, note.nav.start)]: note }).catch((error: unknown) => {
    console.warn('Onlooker: could not note the navigation', error);
  });
}

/** Removes the note of a navigation the logger has stored (or decided not to keep). */
export async function clearCommit(area: JournalArea, tabId: number, start: number): Promise<void> {
  await area.remove(noteKey(tabId, start));
}

function isNote(v: unknown): v is CommitNote {
  if (typeof v !== 'object' || v === null) return false;
  const n = v as Partial<CommitNote>;
  return (
    typeof n.tabId === 'number' &&
    typeof n.url === 'string' &&
    typeof n.nav === 'object' &&
    n.nav !== null &&
    typeof n.nav.start === 'number' &&
    Number.isFinite(n.nav.start) &&
    (n.nav.transition === 'reload' || n.nav.transition === 'other') &&
    (n.completion === undefined || n.completion === true)
  );
}

/**
 * The notes left in storage, oldest navigation first. Malformed notes and those beyond
 * MAX_NOTES (the oldest) are removed.
 */
export async function pendingCommits(area: JournalArea): Promise<CommitNote[]> {
  const all = await area.get(null);
  const notes: CommitNote[] = [];
  const junk: string[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PREFIX)) continue;
    if (isNote(value) && key === noteKey(value.tabId, value.nav.start)) notes.push(value);
    else junk.push(key);
  }
  notes.sort((a, b) => a.nav.start - b.nav.start);
  const excess = notes.splice(0, Math.max(0, notes.length - MAX_NOTES));
  junk.push(...excess.map((n) => noteKey(n.tabId, n.nav.start)));
  if (junk.length > 0) await area.remove(junk);
  return notes;
}
