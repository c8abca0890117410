/**
 * The message keys of `_locales`, as a type the compiler checks every lookup against.
 *
 * Derived from the English messages.json, the file every message is added to first; a
 * unit test (tests/unit/i18n/keys.test.ts) checks German has exactly the same keys. A
 * type-only import: nothing of the JSON reaches a bundle.
 *
 * Why not WXT's generated `browser.i18n.getMessage` overloads: they type one call, but give no
 * key type to store in data (a Reason, a table) or pass to a component's `t`.
 */
import type { HistoryEventKind } from '@/lib/history/changes';
import type messages from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/**
 * The messages of each history event kind: the short alert (badge title, popup header), and the
 * privacy page's title and explanation. A table rather than keys built from the kind, so the
 * compiler checks every kind has all three and each exists.
 */
export const HISTORY_EVENT_MESSAGES: Record<HistoryEventKind, { alert: MessageKey; title: MessageKey; detail: MessageKey }> = {
  'cert-changed': { alert: 'alert_cert_changed', title: 'privacy_event_cert_changed', detail: 'privacy_event_cert_changed_detail' },
  'issuer-changed': { alert: 'alert_issuer_changed', title: 'privacy_event_issuer_changed', detail: 'privacy_event_issuer_changed_detail' },
  'interception-suspected': {
    alert: 'alert_interception_suspected',
    title: 'privacy_event_interception_suspected',
    detail: 'privacy_event_interception_suspected_detail',
  },
  'https-downgrade': {
    alert: 'alert_https_downgrade',
    title: 'privacy_event_https_downgrade',
    detail: 'privacy_event_https_downgrade_detail',
  },
  'tls-downgrade': { alert: 'alert_tls_downgrade', title: 'privacy_event_tls_downgrade', detail: 'privacy_event_tls_downgrade_detail' },
  'ech-lost': { alert: 'alert_ech_lost', title: 'privacy_event_ech_lost', detail: 'privacy_event_ech_lost_detail' },
  weak: { alert: 'alert_weak', title: 'privacy_event_weak', detail: 'privacy_event_weak_detail' },
  expiring: { alert: 'alert_expiring', title: 'privacy_event_expiring', detail: 'privacy_event_expiring_detail' },
  'expectation-broken': { alert: 'expect_event_alert', title: 'expect_event_title', detail: 'expect_event_detail' },
};
