/**
 * "What an onlooker sees": lib/report's exposure model folded into what the popup's compact
 * panel shows — one row per observer with what it sees (real values first), and one line in
 * plain words that sums it up.
 */
import { connectionLocality } from '@/lib/report/address';
import { blockedBySecurity } from '@/lib/report/error-kinds';
import { exposure } from '@/lib/report/exposure';
import type { ConnectionReport, Exposure, ObserverId, PageFindings, SecretFieldKind } from '@/lib/report/types';
import { isEncryptedScheme } from '@/lib/report/url';
import { msg, type Message } from './message';

/** One observer's row. */
export interface ObserverRow {
  observer: ObserverId;
  /** Items it sees, in the model's order (what leaks even with HTTPS first). */
  sees: Exposure[];
  /** Items whose visibility the browser did not let us know. */
  unknown: Exposure[];
  /** Items it cannot see. */
  hidden: Exposure[];
}

/** The whole panel. */
export interface OnlookerView {
  /** The one line in plain words; the first thing the panel says. */
  headline: Message;
  /** Said after the headline when it needs a qualifier (loopback, cache, interception). */
  notes: Message[];
  rows: ObserverRow[];
  /** The page is plain HTTP: the popup offers "Try HTTPS". */
  plainHttp: boolean;
}

/** The user's settings that change the model (lib/settings). */
export interface OnlookerOptions {
  /** "Judge local sites like remote ones": show the way as if the site were on the internet. */
  localAsRemote?: boolean;
}

/** The note for each kind of secret field someone on the way can read. */
const SECRET_NOTES: Record<SecretFieldKind, Message> = {
  password: msg('popup_onlooker_secret_password'),
  card: msg('popup_onlooker_secret_card'),
};

/**
 * The panel for a main-document report. `page` is what the probe found in the document: its
 * plain-HTTP content, which makes parts of an HTTPS page readable on the way, and secret fields
 * that travel in clear.
 */
export function onlookerView(report: ConnectionReport, page: PageFindings = {}, opts: OnlookerOptions = {}): OnlookerView {
  const mixed = page.mixed ?? [];
  const views = exposure(report, { mixed, secrets: page.secrets ?? [], localAsRemote: opts.localAsRemote === true });
  const rows: ObserverRow[] = views.map((v) => ({
    observer: v.observer,
    sees: v.items.filter((e) => e.visibility === 'visible'),
    unknown: v.items.filter((e) => e.visibility === 'unknown'),
    hidden: v.items.filter((e) => e.visibility === 'hidden'),
  }));

  const encrypted = isEncryptedScheme(report.scheme);
  const plainHttp = report.scheme === 'http' || report.scheme === 'ws';
  const notes: Message[] = [];
  let headline: Message;
  if (report.scheme === 'file' || report.scheme === 'browser') headline = msg('popup_onlooker_no_network');
  else if (report.fromCache || report.tlsUnknown === 'cached') headline = msg('popup_onlooker_cache');
  else if (blockedBySecurity(report)) headline = msg('popup_onlooker_blocked');
  else if (plainHttp) headline = msg('popup_onlooker_http');
  else if (encrypted) headline = msg('popup_onlooker_https');
  else headline = msg('popup_onlooker_other');

  const network = headline.key === 'popup_onlooker_http' || headline.key === 'popup_onlooker_https';
  if (network) {
    const locality = opts.localAsRemote ? undefined : connectionLocality(report.host, report.proxy ? undefined : report.ip);
    if (locality?.kind === 'loopback') notes.push(msg('popup_onlooker_loopback'));
    else if (locality) notes.push(msg('popup_onlooker_lan'));
    if (encrypted && report.tls?.overriddenError) notes.push(msg('popup_onlooker_override'));
    else if (encrypted && report.tls?.rootBuiltIn === false) notes.push(msg('popup_onlooker_custom_root'));
    const mixedCount = encrypted ? mixed.filter((m) => m.kind !== 'upgraded').length : 0;
    if (mixedCount) notes.push(msg('popup_onlooker_mixed', mixedCount));
    // Said only where someone on the way really reads the content (not on loopback, not behind a
    // local proxy): the rows name who.
    const read = rows.some((r) => r.observer !== 'site' && r.sees.some((e) => e.item === 'content'));
    if (read) for (const kind of page.secrets ?? []) notes.push(SECRET_NOTES[kind]);
  }
  return { headline, notes, rows, plainHttp };
}
