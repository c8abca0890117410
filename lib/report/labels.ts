/**
 * `_locales` keys for the names the popup shows next to verdicts and exposures, so screens
 * never build message keys from strings themselves.
 */
import type { ReportMessageKey } from './message-keys';
import type { ExposedItem, Exposure, ObserverId, VerdictKind } from './types';

const VERDICT_TITLES: Record<VerdictKind, ReportMessageKey> = {
  secure: 'verdict_secure',
  weak: 'verdict_weak',
  http: 'verdict_http',
  mixed: 'verdict_mixed',
  overridden: 'verdict_overridden',
  broken: 'verdict_broken',
  'custom-root': 'verdict_custom_root',
  local: 'verdict_local',
  unknown: 'verdict_unknown',
  unexpected: 'expect_verdict',
};

const OBSERVER_NAMES: Record<ObserverId, { name: ReportMessageKey; hint: ReportMessageKey }> = {
  'local-network': { name: 'observer_local_network', hint: 'observer_local_network_hint' },
  isp: { name: 'observer_isp', hint: 'observer_isp_hint' },
  'dns-resolver': { name: 'observer_dns_resolver', hint: 'observer_dns_resolver_hint' },
  proxy: { name: 'observer_proxy', hint: 'observer_proxy_hint' },
  ca: { name: 'observer_ca', hint: 'observer_ca_hint' },
  site: { name: 'observer_site', hint: 'observer_site_hint' },
};

const ITEM_NAMES: Record<ExposedItem, ReportMessageKey> = {
  ip: 'exposure_item_ip',
  'hostname-dns': 'exposure_item_hostname_dns',
  'hostname-sni': 'exposure_item_hostname_sni',
  certificate: 'exposure_item_certificate',
  'timing-size': 'exposure_item_timing_size',
  path: 'exposure_item_path',
  query: 'exposure_item_query',
  cookies: 'exposure_item_cookies',
  content: 'exposure_item_content',
  'can-modify': 'exposure_item_can_modify',
};

const VISIBILITY: Record<Exposure['visibility'], ReportMessageKey> = {
  visible: 'exposure_visible',
  hidden: 'exposure_hidden',
  unknown: 'exposure_unknown',
};

/** "verdict_secure" etc.: the headline for a verdict. */
export function verdictTitleKey(kind: VerdictKind): ReportMessageKey {
  return VERDICT_TITLES[kind];
}

/** The observer's name and a one-line hint of who that is. */
export function observerKeys(observer: ObserverId): { name: ReportMessageKey; hint: ReportMessageKey } {
  return OBSERVER_NAMES[observer];
}

export function exposedItemKey(item: ExposedItem): ReportMessageKey {
  return ITEM_NAMES[item];
}

export function visibilityKey(visibility: Exposure['visibility']): ReportMessageKey {
  return VISIBILITY[visibility];
}
