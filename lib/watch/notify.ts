/**
 * The edge between the alert plan (lib/watch/alerts.ts, pure) and the browser's notifications.
 * The background hands every batch of freshly written history events here; when the user
 * opted in, the plan decides what to show and the record of what was sent goes to
 * storage.local before anything is shown (a worker stopped in between shows one too few, never
 * one too many).
 */
import type { HistoryEventRecord } from '@/lib/history/schema';
import type { EventVisit } from '@/lib/history/logger';
import type { MessageKey } from '@/lib/i18n/keys';
import { safeParam } from '@/lib/safe-text';
import { hostOfAlertId, planAlerts, type AlertCandidate, type AlertEventKind, type PlannedAlert, type SentAlerts } from './alerts';

/** The notifications calls made (the polyfill's `browser.notifications`, or a test fake). */
export interface NotificationsApi {
  create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
}

export interface AlerterDeps {
  enabled: () => boolean;
  /** Undefined while the permission is not granted (the API is absent then). */
  notifications: () => NotificationsApi | undefined;
  loadSent: () => Promise<SentAlerts>;
  saveSent: (sent: SentAlerts) => Promise<void>;
  now: () => number;
  iconUrl: string;
  t: (key: MessageKey, params?: string[]) => string;
}

const BODY: Record<AlertEventKind, MessageKey> = {
  'expectation-broken': 'notify_expectation_broken',
  'issuer-changed': 'notify_issuer_changed',
  'cert-changed': 'notify_issuer_changed',
  'https-downgrade': 'notify_https_downgrade',
  'interception-suspected': 'notify_interception',
};

/** The notification's title and text; certificate names are attacker-controlled: safeParam. */
function alertText(alert: PlannedAlert, t: AlerterDeps['t']): { title: string; message: string } {
  const from = safeParam(alert.from ?? '?');
  const to = safeParam(alert.to ?? '?');
  return {
    title: t('notify_title', [safeParam(alert.host)]),
    message: t(BODY[alert.kind], alert.kind === 'expectation-broken' ? [to] : [from, to]),
  };
}

/** Returns the handler for new events; calls are serialised so two batches never both send. */
export function createAlerter(deps: AlerterDeps): (events: readonly HistoryEventRecord[], visits: readonly EventVisit[]) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  const handle = async (events: readonly HistoryEventRecord[], visits: readonly EventVisit[]) => {
    const api = deps.notifications();
    if (!deps.enabled() || !api) return;
    const candidates: AlertCandidate[] = events.map((e, i) => {
      const c: AlertCandidate = { host: e.host, kind: e.kind, time: e.time };
      if (e.from !== undefined) c.from = e.from;
      if (e.to !== undefined) c.to = e.to;
      const n = visits[i]?.siteVisits;
      if (n !== undefined) c.siteVisits = n;
      return c;
    });
    const plan = planAlerts(candidates, await deps.loadSent(), deps.now());
    if (plan.alerts.length === 0) return;
    await deps.saveSent(plan.sent);
    for (const alert of plan.alerts) {
      await api.create(alert.id, { type: 'basic', iconUrl: deps.iconUrl, ...alertText(alert, deps.t) }).catch(() => undefined);
    }
  };
  return (events, visits) => {
    queue = queue.then(() => handle(events, visits)).catch((error: unknown) => console.warn('Onlooker: could not notify', error));
    return queue;
  };
}

/** The part of `browser.notifications` a click needs. */
export interface NotificationClicks {
  onClicked?: { addListener(cb: (id: string) => void): void };
}

/**
 * Listens for clicks on Onlooker's notifications (each opens its site's history view) as soon
 * as the namespace exists: at once when the permission is granted, else when the returned
 * function is called again (on `permissions.onAdded`). Listens once.
 */
export function alertClicks(api: () => NotificationClicks | undefined, open: (host: string) => void): () => void {
  let listening = false;
  const listen = () => {
    const onClicked = api()?.onClicked;
    if (listening || !onClicked) return;
    listening = true;
    onClicked.addListener((id) => {
      const host = hostOfAlertId(id);
      if (host) open(host);
    });
  };
  listen();
  return listen;
}
