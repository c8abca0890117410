/**
 * Decides when a navigation becomes a history visit and hands it to the logger.
 * A visit is logged when the top frame commits (facts known then) and logged again with the
 * same navigation identity when it completes or is inspected, which the logger merges — so a
 * page that never finishes loading is still in the history, and nothing is counted twice.
 * State: none of its own. The navigation identity lives in TabState.nav (storage.session); the
 * queue lives in the logger's store (storage.session); alerts go back into TabState.
 */
import type { PageAlert, TabState } from '@/lib/report/types';
import { verdict, type VerdictOptions } from '@/lib/report/verdict';
import type { HistoryEventRecord } from './schema';
import type { HistoryLogger } from './logger';
import { visitFromReport } from './input';

/** Event kinds that mean "this site looks different from before": the badge says so. */
export const ALERT_KINDS: ReadonlySet<string> = new Set([
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
}

/** Logs (or re-logs) the visit of a tab's current page. Never throws: history is best effort. */
export async function recordVisit(deps: RecorderDeps, state: TabState | undefined): Promise<void> {
  if (!state?.main || !state.nav || state.preexisting) return;
  if (state.main.scheme !== 'http' && state.main.scheme !== 'https') return;
  try {
    const incognito = await deps.isIncognito(state.tabId);
    const kind = verdict(state, deps.options()).kind;
    const input = visitFromReport(state.main, kind, {
      tabId: state.tabId,
      navStart: state.nav.start,
      transition: state.nav.transition,
      incognito,
    });
    await (await deps.logger()).log(input);
  } catch (error) {
    console.warn('Onlooker: could not log the visit', error);
  }
}

/** The alerts among freshly written history events, for the page whose host they concern. */
export function alertsFor(events: readonly HistoryEventRecord[], host: string): PageAlert[] {
  return events
    .filter((e) => e.host === host && ALERT_KINDS.has(e.kind))
    .map((e) => {
      const alert: PageAlert = { kind: e.kind, time: e.time };
      if (e.from !== undefined) alert.from = e.from;
      if (e.to !== undefined) alert.to = e.to;
      return alert;
    });
}
