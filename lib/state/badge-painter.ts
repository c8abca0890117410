/**
 * Paints the toolbar badge of a tab from its state, off the page's critical path:
 *  - coalesced: paint requests for a tab within one frame (PAINT_MS) become one paint, of the
 *    tab's latest state;
 *  - only what changed: a paint whose text, colour and title equal what the tab shows is
 *    skipped, forced or not. Both engines reset a tab's badge when a new document commits in it
 *    (seen in Chromium and Firefox: a value set before onCommitted is gone by the time the
 *    extension hears of it, one set after it stays through onCompleted), so the document
 *    (`state.nav.start`, set at commit) is part of what is compared;
 *  - a new page's response seen before its commit is not painted unless forced: the commit
 *    (which resets the badge) repaints it right after;
 *  - the text colour is the same for every tab, so it is set once, globally (a global value
 *    survives navigations; per-tab ones do not).
 * State: the last spec painted per tab and the pending paints, in memory only. After a worker
 * restart it is empty, so the first event repaints — which is also how badges are restored.
 */
import type { TabState } from '@/lib/report/types';
import { badgeSpec } from '@/lib/report/badge';
import { verdict, type VerdictOptions } from '@/lib/report/verdict';
import { HISTORY_EVENT_MESSAGES } from '@/lib/i18n/keys';
import { t } from '@/lib/i18n/t';

/** The `action` calls the painter makes (the polyfill's `browser.action`, or a test fake). */
export interface BadgeAction {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
  setBadgeTextColor?(details: { tabId?: number; color: string }): Promise<void>;
}

const ALERT_COLOR = '#bc4c00';
const TEXT_COLOR = '#ffffff';
/** One frame: paints asked for within it are merged. */
const PAINT_MS = 16;

/**
 * `force`: paint even a page not yet committed (error pages, tabs found at start, alerts).
 * It no longer repaints what the tab already shows.
 */
export type Painter = (tabId: number, state: TabState | undefined, force?: boolean) => void;

/** `options` is read at every paint, so a settings change applies to the next repaint. */
export function createBadgePainter(
  action: BadgeAction,
  options: () => VerdictOptions = () => ({}),
  schedule: (run: () => void) => void = (run) => void setTimeout(run, PAINT_MS),
): Painter {
  const painted = new Map<number, string>();
  const pending = new Map<number, { state: TabState; force: boolean }>();
  // A tab can close between the event and the paint; that is not an error worth reporting.
  const ignore = () => undefined;
  action.setBadgeTextColor?.({ color: TEXT_COLOR }).catch(ignore);

  const paint = (tabId: number, state: TabState, force: boolean) => {
    // A response whose document has not committed yet: its commit resets the badge and repaints.
    if (!force && !state.nav && state.main) return;
    const judged = verdict(state, options());
    const spec = { ...badgeSpec(judged, state.main?.scheme) };
    let title = `${t('extName')}: ${t(spec.titleKey, spec.titleParams)}`;
    const alert = state.alerts?.at(-1);
    // A broken expectation is the user's own, more specific warning: a change alert (the new CA
    // that broke it) does not cover it; its title still names the change.
    if (alert && judged.kind === 'unexpected') {
      title = `${title} — ${t(HISTORY_EVENT_MESSAGES[alert.kind].alert)}`;
    } else if (alert) {
      // A change since the last visit is the most urgent news on this page; the verdict stays in the title.
      spec.text = 'CHG';
      spec.color = ALERT_COLOR;
      title = `${t('extName')}: ${t(HISTORY_EVENT_MESSAGES[alert.kind].alert)} — ${t(spec.titleKey, spec.titleParams)}`;
    }
    const key = `${state.nav?.start ?? ''}|${spec.text}|${spec.color}|${title}`;
    if (painted.get(tabId) === key) return;
    painted.set(tabId, key);
    action.setBadgeText({ tabId, text: spec.text }).catch(ignore);
    action.setBadgeBackgroundColor({ tabId, color: spec.color }).catch(ignore);
    action.setTitle({ tabId, title }).catch(ignore);
  };

  const flush = () => {
    const batch = [...pending];
    pending.clear();
    for (const [tabId, { state, force }] of batch) paint(tabId, state, force);
  };

  return (tabId, state, force = false) => {
    if (tabId < 0) return;
    if (!state) {
      painted.delete(tabId);
      pending.delete(tabId);
      return;
    }
    const queued = pending.get(tabId);
    if (!pending.size) schedule(flush);
    pending.set(tabId, { state, force: force || !!queued?.force });
  };
}
