/**
 * "This page connected to": the hosts a page loaded from, and its plain-HTTP content.
 * Pure: TabState in, rows out.
 */
import { tlsVersionLabel } from '@/lib/report/crypto-names';
import type { Engine, MixedContentItem, Scheme, TabState } from '@/lib/report/types';
import { capabilities } from '@/lib/engines/capabilities';
import { isEncryptedScheme } from '@/lib/report/url';
import { msg, type Message } from './message';
import type { MessageKey } from '@/lib/i18n/keys';

/** One contacted host. */
export interface HostRow {
  host: string;
  scheme: Scheme;
  ip?: string;
  httpVersion?: string;
  /** "TLS 1.3", when the TLS version is known. */
  tls?: string;
  /** Why the TLS summary is missing on an encrypted host, in a few words. */
  tlsWhy?: Message;
  count: number;
  fromCache: boolean;
  error?: string;
  /** The page's own host. */
  main: boolean;
  /** Plain HTTP (or ws) from an encrypted page: the mixed-content flag. */
  insecure: boolean;
}

/** The hosts list with what the popup says around it. */
export interface HostsView {
  rows: HostRow[];
  /** Hosts not kept because of the per-tab bound. */
  dropped: number;
  /** The page itself is encrypted (so plain-HTTP hosts are mixed content). */
  pageEncrypted: boolean;
  mixed: MixedItemRow[];
}

/** One piece of plain-HTTP content on an encrypted page. */
export interface MixedItemRow {
  kind: MixedContentItem['kind'];
  /** `popup_mixed_<kind>`: what happened to it, in words. */
  label: Message;
  url: string;
  /** False for content the browser upgraded to HTTPS by itself (nothing went out in the clear). */
  problem: boolean;
}

const MIXED_LABELS: Record<MixedContentItem['kind'], MessageKey> = {
  subresource: 'popup_mixed_subresource',
  form: 'popup_mixed_form',
  upgraded: 'popup_mixed_upgraded',
};

/**
 * Rows in a useful order: the page's own host, then plain-HTTP hosts (the ones to look at),
 * then by number of requests, then by name so the order is stable.
 */
export function hostsView(state: TabState, engine: Engine): HostsView {
  const mainHost = state.main?.host;
  const pageEncrypted = state.main ? isEncryptedScheme(state.main.scheme) : /^(https|wss):/i.test(state.url);
  const rows: HostRow[] = Object.values(state.hosts).map((h) => {
    const encrypted = isEncryptedScheme(h.scheme);
    const row: HostRow = {
      host: h.host,
      scheme: h.scheme,
      count: h.count,
      fromCache: h.fromCache === true,
      main: h.host === mainHost,
      insecure: pageEncrypted && (h.scheme === 'http' || h.scheme === 'ws'),
    };
    if (h.ip) row.ip = h.ip;
    if (h.httpVersion) row.httpVersion = h.httpVersion;
    if (h.error) row.error = h.error;
    if (h.protocol) row.tls = tlsVersionLabel(h.protocol);
    // Per host: only an engine that gives TLS facts on every load could have told.
    else if (encrypted)
      row.tlsWhy = msg(capabilities(engine).tlsDetails === 'every-load' ? 'popup_host_tls_unknown' : 'popup_host_tls_chromium');
    return row;
  });
  rows.sort(
    (a, b) =>
      Number(b.main) - Number(a.main) ||
      Number(b.insecure) - Number(a.insecure) ||
      b.count - a.count ||
      (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
  );
  const mixed = pageEncrypted
    ? state.mixed.map((m) => ({ kind: m.kind, label: msg(MIXED_LABELS[m.kind]), url: m.url, problem: m.kind !== 'upgraded' }))
    : [];
  return { rows, dropped: state.hostsDropped, pageEncrypted, mixed };
}
