/**
 * What the toolbar badge shows for a verdict: at most four characters, a colour, a tooltip.
 * Colours are distinct per verdict so the badge can be told apart at a glance, and the text
 * carries the meaning too (for colour-blind users and monochrome themes).
 */
import type { ReportMessageKey } from './message-keys';
import type { Scheme, Verdict, VerdictKind } from './types';

export interface BadgeSpec {
  /** At most 4 characters: browsers truncate longer badge text. */
  text: string;
  /** "#rrggbb" */
  color: string;
  /** The tooltip, a `_locales` key. */
  titleKey: ReportMessageKey;
  titleParams?: string[];
}

const SPECS: Record<VerdictKind, BadgeSpec> = {
  secure: { text: 'OK', color: '#1a7f37', titleKey: 'badge_title_secure' },
  weak: { text: 'WEAK', color: '#d97706', titleKey: 'badge_title_weak' },
  http: { text: 'HTTP', color: '#d1242f', titleKey: 'badge_title_http' },
  mixed: { text: 'MIX', color: '#b45309', titleKey: 'badge_title_mixed' },
  overridden: { text: 'OVR', color: '#c2410c', titleKey: 'badge_title_overridden' },
  broken: { text: 'ERR', color: '#7f1d1d', titleKey: 'badge_title_broken' },
  'custom-root': { text: 'ROOT', color: '#7c3aed', titleKey: 'badge_title_custom_root' },
  local: { text: 'LOC', color: '#2563eb', titleKey: 'badge_title_local' },
  unknown: { text: '?', color: '#6b7280', titleKey: 'badge_title_unknown' },
  // The user's own expectation for this site is broken (lib/watch/expectations.ts).
  unexpected: { text: 'EXP', color: '#9a3412', titleKey: 'expect_badge_title' },
};

/**
 * The badge for a verdict. `scheme` is the main document's: an unknown verdict on an encrypted
 * page still says "TLS" (it is encrypted; only the details are missing), with a tooltip that
 * names what would reveal them when that is an inspection.
 */
export function badgeSpec(verdict: Verdict, scheme?: Scheme): BadgeSpec {
  if (verdict.kind === 'unknown' && (scheme === 'https' || scheme === 'wss')) {
    const notInspected = verdict.reasons.some((r) => r.key === 'reason_tls_not_inspected' || r.key === 'reason_tls_leaf_only');
    return {
      text: 'TLS',
      color: SPECS.unknown.color,
      titleKey: notInspected ? 'badge_title_tls_not_inspected' : 'badge_title_tls_unknown',
    };
  }
  return { ...SPECS[verdict.kind] };
}
