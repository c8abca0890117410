/**
 * Desktop alerts the user opted into: which freshly written history events deserve a
 * notification, at most one per site and kind per day. Pure: the background hands in the
 * events, the record of what was sent (storage.local, so the daily limit survives a worker
 * restart) and the time, and gets back what to show and the new record.
 *
 * Routine renewals never get here: change detection (lib/history/changes.ts) raises no event
 * for a new certificate from the same issuing organisation. Events come only from logged visits,
 * so private windows and excluded sites never notify.
 */
import type { HistoryEventKind } from '@/lib/history/changes';

/** The kinds of alert, each from one history event kind. */
export const ALERT_EVENT_KINDS = [
  'expectation-broken',
  'issuer-changed',
  'cert-changed',
  'https-downgrade',
  'interception-suspected',
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/** "A site visited often": a new issuing organisation is news only on a site with this many visits. */
export const FREQUENT_VISITS = 5;

/** At most one notification per site and kind within this span. */
export const ALERT_QUIET_MS = 86_400_000;

/** `"host|kind"` → when the last notification for it was shown, ms. */
export type SentAlerts = Record<string, number>;

/** An event as the background hears of it, with the site's visit count after it. */
export interface AlertCandidate {
  host: string;
  kind: HistoryEventKind;
  time: number;
  from?: string;
  to?: string;
  /** Stored visits of the site, counting this one; undefined when unknown. */
  siteVisits?: number;
}

/** One notification to show. */
export interface PlannedAlert {
  /** Unique; names the site, so a click knows what to open (`hostOfAlertId`). */
  id: string;
  host: string;
  kind: AlertEventKind;
  from?: string;
  to?: string;
}

export interface AlertPlan {
  alerts: PlannedAlert[];
  sent: SentAlerts;
}

const ID_PREFIX = 'onlooker-alert|';

function isAlertKind(kind: string): kind is AlertEventKind {
  return (ALERT_EVENT_KINDS as readonly string[]).includes(kind);
}

/** The history event kinds the user is alerted of, from this candidate; undefined when none. */
function alertKindOf(c: AlertCandidate): AlertEventKind | undefined {
  if (!isAlertKind(c.kind)) return undefined;
  // A new CA (with or without a new key) matters on a site one relies on, not on one seen twice.
  if ((c.kind === 'issuer-changed' || c.kind === 'cert-changed') && (c.siteVisits ?? 0) < FREQUENT_VISITS) return undefined;
  return c.kind;
}

/**
 * What to notify now. Entries of `sent` older than a day are dropped from the new record, so
 * it stays small; a clock that went back counts as "just sent" (no burst after a clock fix).
 */
export function planAlerts(candidates: readonly AlertCandidate[], sent: SentAlerts, now: number): AlertPlan {
  const next: SentAlerts = {};
  for (const [key, at] of Object.entries(sent)) if (now - at < ALERT_QUIET_MS) next[key] = at;
  const alerts: PlannedAlert[] = [];
  for (const c of candidates) {
    const kind = alertKindOf(c);
    if (!kind) continue;
    const key = `${c.host}|${kind}`;
    if (next[key] !== undefined) continue;
    next[key] = now;
    const alert: PlannedAlert = { id: `${ID_PREFIX}${c.host}|${kind}|${now}`, host: c.host, kind };
    if (c.from !== undefined) alert.from = c.from;
    if (c.to !== undefined) alert.to = c.to;
    alerts.push(alert);
  }
  return { alerts, sent: next };
}

/** The site a notification id names, or undefined for an id that is not Onlooker's alert. */
export function hostOfAlertId(id: string): string | undefined {
  if (!id.startsWith(ID_PREFIX)) return undefined;
  const host = id.slice(ID_PREFIX.length).split('|')[0];
  return host ? host : undefined;
}

/** A stored record, cleaned: only `"host|kind"` keys with finite times. */
export function normaliseSent(value: unknown): SentAlerts {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: SentAlerts = {};
  for (const [key, at] of Object.entries(value as Record<string, unknown>)) {
    if (typeof at === 'number' && Number.isFinite(at) && /^[^|]{1,253}\|[a-z-]{1,40}$/.test(key)) out[key] = at;
  }
  return out;
}
