/**
 * Paints the toolbar badge of a tab from its state.
 * State: the last spec painted per tab, in memory only, to skip redundant IPC. After a worker
 * restart it is empty, so the first event repaints — which is also how badges are restored.
 */
import type { TabState } from '@/lib/report/types';
import { badgeSpec } from '@/lib/report/badge';
import { verdict, type VerdictOptions } from '@/lib/report/verdict';
import { t } from '@/lib/i18n/t';

/** The `action` calls the painter makes (the polyfill's `browser.action`, or a test fake). */
export interface BadgeAction {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
  setBadgeTextColor?(details: { tabId: number; color: string }): Promise<void>;
}

const ALERT_COLOR = '#bc4c00';

/** The _locales key describing a history alert kind ("cert-changed" → "alert_cert_changed"). */
export function alertKey(kind: string): string {
  return `alert_${kind.replace(/-/g, '_')}`;
}

export type Painter = (tabId: number, state: TabState | undefined, force?: boolean) => void;

/** `options` is read at every paint, so a settings change applies to the next repaint. */
export function createBadgePainter(action: BadgeAction, options: () => VerdictOptions = () => ({})): Painter {
  const painted = new Map<number, string>();
  return (tabId, state, force = false) => {
    if (tabId < 0) return;
    if (!state) {
      painted.delete(tabId);
      return;
    }
    const spec = { ...badgeSpec(verdict(state, options()), state.main?.scheme) };
    let title = `${t('extName')}: ${t(spec.titleKey, spec.titleParams)}`;
    const alert = state.alerts?.at(-1);
    if (alert) {
      // A change since the last visit is the most urgent news on this page; the verdict stays in the title.
      spec.text = 'CHG';
      spec.color = ALERT_COLOR;
      title = `${t('extName')}: ${t(alertKey(alert.kind))} — ${t(spec.titleKey, spec.titleParams)}`;
    }
    const key = `${spec.text}|${spec.color}|${title}`;
    if (!force && painted.get(tabId) === key) return;
    painted.set(tabId, key);
    // A tab can close between the event and the paint; that is not an error worth reporting.
    const ignore = () => undefined;
    action.setBadgeText({ tabId, text: spec.text }).catch(ignore);
    action.setBadgeBackgroundColor({ tabId, color: spec.color }).catch(ignore);
    action.setBadgeTextColor?.({ tabId, color: '#ffffff' }).catch(ignore);
    action.setTitle({ tabId, title }).catch(ignore);
  };
}
