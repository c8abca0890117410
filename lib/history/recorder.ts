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
import type { EventVisit, HistoryLogger } from './logger';
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
