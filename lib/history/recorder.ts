/**
 * Decides when a navigation becomes a history visit and hands it to the logger.
 * A visit is logged when the top frame commits (facts known then) and logged again with the
 * same navigation identity when it completes or is inspected, which the logger merges — so a
 * page that never finishes loading is still in the history, and nothing is counted twice.
 * State: none of its own. The navigation identity lives in TabState.nav (storage.session); the
 * queue lives in the logger's store (storage.session); a commit not yet in that queue lives in
 * the commit journal (storage.session, journal.ts) and is replayed by the next worker start;
 * alerts go back into TabState.
 */
import type { Engine, PageAlert, TabState } from '@/lib/report/types';
import { verdict, type VerdictOptions } from '@/lib/report/verdict';
import { unobservedPage } from '@/lib/state/tracker';
import { withoutHash } from '@/lib/report/url';
import type { HistoryEventRecord } from './schema';
import type { EventVisit, HistoryLogger, LogOutcome } from './logger';
import { visitFromReport } from './input';
import { clearCommit, noteCommit, pendingCommits, type JournalArea } from './journal';

/** Event kinds that mean "this site looks different from before": the badge says so. */
const ALERT_KINDS: ReadonlySet<string> = new Set([
  'cert-changed',
  'issuer-changed',
  'interception-suspected',
  'https-downgrade',
  'tls-downgrade',
]);

export interface RecorderDeps {
  logger: () => Promise<HistoryLogger>;
  options: () => VerdictOptions;
  /** Whether the tab is in a private window (asked once per visit). */
  isIncognito: (tabId: number) => Promise<boolean>;
  /** The commit journal (storage.session); without it a worker stop can lose a commit. */
  journal?: JournalArea;
  /** What became of each journalled or committed visit (E2E builds: lib/e2e-tap.ts). */
  trace?: (kind: 'logged' | 'replay', tabId: number, navStart: number, url: string, detail: string) => void;
}

/** Whether a navigation to `url` can become a visit (history keeps web pages only). */
export function isWebUrl(url: string): boolean {
  return /^https?:/i.test(url);
}

/**
 * Logs (or re-logs) the visit of a tab's current page. Never throws: history is best effort.
 * With `commit` (the call for webNavigation.onCommitted), the visit is first noted in the
 * journal, synchronously, and the note is removed once the logger has stored the visit.
 */
export async function recordVisit(deps: RecorderDeps, state: TabState | undefined, commit = false): Promise<void> {
  if (!state) return;
  const { main, nav } = state;
  const wanted = !!(main && nav && !state.preexisting && (main.scheme === 'http' || main.scheme === 'https'));
  const journal = commit && nav ? deps.journal : undefined;
  // Before the first await: a worker stopped from here on loses nothing (see journal.ts).
  if (journal && nav && wanted) noteCommit(journal, { tabId: state.tabId, url: state.url, nav, state });
  try {
    const outcome = wanted ? await logVisit(deps, state) : undefined;
    if (journal && nav) deps.trace?.('logged', state.tabId, nav.start, state.url, wanted ? String(outcome) : 'unwanted');
    // Also clears a note the listener wrote before the tab state was read back.
    if (journal && nav) await clearCommit(journal, state.tabId, nav.start);
  } catch (error) {
    // The note (if any) stays: the next worker start tries again.
    console.warn('Onlooker: could not log the visit', error);
  }
}

/** Builds the visit of a state that can be one and hands it to the logger; throws on failure. */
async function logVisit(deps: RecorderDeps, state: TabState): Promise<LogOutcome | undefined> {
  if (!state.main || !state.nav || state.preexisting) return undefined;
  if (state.main.scheme !== 'http' && state.main.scheme !== 'https') return undefined;
  const incognito = await deps.isIncognito(state.tabId);
  const kind = verdict(state, deps.options()).kind;
  const input = visitFromReport(state.main, kind, {
    tabId: state.tabId,
    navStart: state.nav.start,
    transition: state.nav.transition,
    incognito,
    ...(state.nav.documentId !== undefined ? { documentId: state.nav.documentId } : {}),
    ...(state.nav.inferred ? { inferred: true as const } : {}),
    ...(state.nav.late ? { ifNewDocument: true as const } : {}),
  });
  return (await deps.logger()).log(input);
}

/**
 * At worker start: logs every journalled commit the logger does not have yet (the previous
 * worker stopped between the commit and the logger's write), then removes the notes. The
 * richest known state of that navigation is used: the tab's current state if it is still that
 * navigation, else the state noted with it, else what the URL alone says. Returns how many
 * visits were handed to the logger again.
 */
export async function replayCommits(deps: RecorderDeps, current: (tabId: number) => TabState | undefined, engine: Engine): Promise<number> {
  const journal = deps.journal;
  if (!journal) return 0;
  const notes = await pendingCommits(journal);
  if (notes.length === 0) return 0;
  const logger = await deps.logger();
  let replayed = 0;
  for (const note of notes) {
    const start = note.nav.start;
    // A completion's note stands for a commit inferred from it (written so since it was noted).
    const nav = note.completion ? { ...note.nav, inferred: true as const } : note.nav;
    try {
      const now = current(note.tabId);
      // Chromium completes a certificate error page that never committed: not a visit.
      const errorPage = note.completion && !!now?.main?.error && withoutHash(now.url) === withoutHash(note.url);
      const known = logger.hasLogged(note.tabId, start, nav.documentId, !!nav.inferred);
      let decided = known ? 'known' : errorPage ? 'error-page' : isWebUrl(note.url) ? '' : 'not-web';
      if (!decided) {
        const state =
          now?.nav?.start === start
            ? now
            : note.state?.nav?.start === start && note.state.tabId === note.tabId
              ? note.state
              : { ...unobservedPage(note.tabId, note.url, start, 'cached', engine), nav };
        const outcome = await logVisit(deps, state);
        if (outcome === 'queued' || outcome === 'reload') replayed += 1;
        decided = `${state === now ? 'tab' : state === note.state ? 'noted' : 'url'}-${String(outcome)}`;
      }
      deps.trace?.('replay', note.tabId, start, note.url, `${note.completion ? 'completion-' : ''}${decided}`);
      await clearCommit(journal, note.tabId, start);
    } catch (error) {
      console.warn('Onlooker: could not replay a navigation', error);
    }
  }
  return replayed;
}

/** The alerts one navigation raised: they belong to that page, and to no other. */
export interface NavigationAlerts {
  tabId: number;
  navStart: number;
  host: string;
  alerts: PageAlert[];
}

/**
 * The alerts among freshly written history events, grouped by the navigation whose visit raised
 * them (`visits[i]` raised `events[i]`, as the logger reports them). A page of the same site open
 * later in the tab, or in another tab, is another navigation and gets none of them: an
 * "HTTPS before, plain HTTP now" alert of an http:// page must not badge the https:// page
 * that replaced it.
 */
export function alertsFor(events: readonly HistoryEventRecord[], visits: readonly EventVisit[]): NavigationAlerts[] {
  const byNav = new Map<string, NavigationAlerts>();
  events.forEach((e, i) => {
    const visit = visits[i];
    if (!visit || !ALERT_KINDS.has(e.kind)) return;
    const key = `${visit.tabId}:${visit.navStart}:${e.host}`;
    let group = byNav.get(key);
    if (!group) {
      group = { tabId: visit.tabId, navStart: visit.navStart, host: e.host, alerts: [] };
      byNav.set(key, group);
    }
    const alert: PageAlert = { kind: e.kind, time: e.time };
    if (e.from !== undefined) alert.from = e.from;
    if (e.to !== undefined) alert.to = e.to;
    group.alerts.push(alert);
  });
  return [...byNav.values()];
}
