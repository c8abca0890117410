import {
  REPORT_VERSION,
  type ConnectionReport,
  type HostContact,
  type MixedContentItem,
  type TabState,
  type TlsInfo,
} from '@/lib/report/types';
import { urlParts } from '@/lib/report/url';

/** Bounds keep storage.session small whatever a page loads (ad-heavy pages reach 300+ hosts). */
export const MAX_HOSTS = 150;
export const MAX_MIXED = 40;

/** A fresh page state for a tab whose main document has just answered. */
export function newPage(tabId: number, main: ConnectionReport): TabState {
  const state: TabState = {
    v: REPORT_VERSION,
    tabId,
    url: main.url,
    main,
    hosts: {},
    hostsDropped: 0,
    mixed: [],
    updatedAt: main.time,
  };
  recordContact(state, main);
  return state;
}

/**
 * A page we did not see load (open before Onlooker started, or restored from the back-forward
 * cache): only its URL is known.
 */
export function unobservedPage(
  tabId: number,
  url: string,
  time: number,
  reason: 'preexisting' | 'cached',
  engine: ConnectionReport['engine'],
): TabState {
  const { scheme, host, port } = urlParts(url);
  const main: ConnectionReport = {
    v: REPORT_VERSION,
    engine,
    url,
    host,
    scheme,
    time,
    ...(port === undefined ? {} : { port }),
    ...(scheme === 'https' || scheme === 'wss' ? { tlsUnknown: reason } : {}),
  };
  const state = newPage(tabId, main);
  if (reason === 'preexisting') state.preexisting = true;
  return state;
}

/** Adds a response to the page's host list. Mutates `state`: this runs once per request. */
export function recordContact(state: TabState, report: ConnectionReport): void {
  if (!report.host) return;
  const existing = state.hosts[report.host];
  if (existing) {
    existing.count += 1;
    if (report.ip) existing.ip = report.ip;
    if (report.httpVersion) existing.httpVersion = report.httpVersion;
    if (report.tls?.protocol) existing.protocol = report.tls.protocol;
    if (report.error) existing.error = report.error;
    if (report.scheme === 'http' || report.scheme === 'ws') existing.scheme = report.scheme;
  } else {
    if (Object.keys(state.hosts).length >= MAX_HOSTS) {
      state.hostsDropped += 1;
      return;
    }
    const contact: HostContact = { host: report.host, scheme: report.scheme, count: 1 };
    if (report.ip) contact.ip = report.ip;
    if (report.httpVersion) contact.httpVersion = report.httpVersion;
    if (report.fromCache) contact.fromCache = true;
    if (report.tls?.protocol) contact.protocol = report.tls.protocol;
    if (report.error) contact.error = report.error;
    state.hosts[report.host] = contact;
  }
  state.updatedAt = report.time;
}

/** Adds mixed-content items not already listed. Returns true when something was added. */
export function recordMixed(state: TabState, items: readonly MixedContentItem[]): boolean {
  let added = false;
  for (const item of items) {
    if (state.mixed.length >= MAX_MIXED) break;
    if (state.mixed.some((m) => m.url === item.url && m.kind === item.kind)) continue;
    state.mixed.push({ kind: item.kind, url: item.url });
    added = true;
  }
  return added;
}

/** Puts TLS details learned later (Chromium inspection, origin cache) on the main report. */
export function applyTls(state: TabState, tls: TlsInfo, time: number): void {
  if (!state.main) return;
  state.main = { ...state.main, tls };
  delete state.main.tlsUnknown;
  const contact = state.hosts[state.main.host];
  if (contact && tls.protocol) contact.protocol = tls.protocol;
  state.updatedAt = time;
}
