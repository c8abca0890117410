/**
 * The certificates of the main connection, read in two steps.
 *
 * First view: `briefChain` reads what the identity card and the collapsed chain show with the
 * light reader (lib/cert/summary.ts: no dependencies, well under a millisecond per
 * certificate), before the popup's first full render. Details: `parseChainEntries` parses the
 * DER with @peculiar/x509 — ~50 KB gzip, so it is reached only through `import()` here and
 * never sits in the popup's first bundle — when a chain entry is opened (or about to be).
 */
import { summariseCertificate, type CertBriefResult } from '@/lib/cert/summary';
import type { CertChainEntry, CertParseResult } from '@/lib/cert/types';
import { refusedOver, type RefusedOver } from '@/lib/report/error-kinds';
import type { MessageKey } from '@/lib/i18n/keys';
import type { CertSummary, ConnectionReport } from '@/lib/report/types';
import { msg, type Message } from './message';

/** The chain as the browser gave it, leaf first; empty when it gave none. */
export function chainOf(main: ConnectionReport | undefined): CertSummary[] {
  return main?.tls?.certificates ?? [];
}

/** True when there is DER to parse (otherwise the summary is all there will be). */
export function hasDer(certs: readonly CertSummary[]): boolean {
  return certs.some((c) => typeof c.der === 'string' && c.der.length > 0);
}

/** What CertChain needs for one certificate. */
function entryOf(result: CertParseResult, summary: CertSummary): CertChainEntry {
  const entry: CertChainEntry = { result, summary };
  if (summary.isBuiltInRoot !== undefined) entry.isBuiltInRoot = summary.isBuiltInRoot;
  return entry;
}

/**
 * The chain for the first view: each certificate read by the light reader (never throws; a
 * certificate without DER gets the 'empty' error). Details are added later (`withDetails`).
 */
export async function briefChain(certs: readonly CertSummary[]): Promise<CertChainEntry[]> {
  const briefs = await Promise.all(
    certs.map((c): Promise<CertBriefResult> => (c.der ? summariseCertificate(c.der) : Promise.resolve({ ok: false, reason: 'empty' }))),
  );
  return certs.map((summary, i) => {
    const entry: CertChainEntry = { brief: briefs[i] as CertBriefResult, summary };
    if (summary.isBuiltInRoot !== undefined) entry.isBuiltInRoot = summary.isBuiltInRoot;
    return entry;
  });
}

/** The entries with their parsed details (same order, one result per entry). */
export function withDetails(entries: readonly CertChainEntry[], results: readonly CertParseResult[]): CertChainEntry[] {
  return entries.map((entry, i) => {
    const result = results[i];
    return result ? { ...entry, result } : entry;
  });
}

/** True when every entry has its details (or there is nothing to parse). */
export function hasDetails(entries: readonly CertChainEntry[]): boolean {
  return entries.every((e) => e.result !== undefined || !e.summary?.der);
}

/**
 * Parses every certificate's DER, loading the parser on first use. Never throws: a missing or
 * unreadable certificate becomes a parse error for that entry alone, and a parser that fails
 * to load becomes an "internal" error for all of them.
 */
export async function parseChainEntries(certs: readonly CertSummary[]): Promise<CertChainEntry[]> {
  let parse: (der: string) => Promise<CertParseResult>;
  try {
    parse = (await import('@/lib/cert/parse')).parseCertificate;
  } catch (error) {
    return certs.map((c) => entryOf({ ok: false, reason: 'internal', detail: String(error) }, c));
  }
  return Promise.all(certs.map(async (c) => entryOf(c.der ? await parse(c.der) : { ok: false, reason: 'empty' }, c)));
}

/**
 * Where the popup is with the chain: no certificates, being read, or read for the first view
 * ('done': every entry has its brief; `result`, the full details, arrives on demand).
 */
export type ChainState = { status: 'idle' } | { status: 'none' } | { status: 'parsing' } | { status: 'done'; entries: CertChainEntry[] };

/** A blocked page's missing certificate, blamed on the certificate only when the browser said so. */
const IDENTITY_REFUSED: Record<RefusedOver, MessageKey> = {
  certificate: 'popup_identity_blocked',
  handshake: 'popup_identity_blocked_handshake',
  unknown: 'popup_identity_blocked_unknown',
};

/** Why an encrypted or plain connection shows no certificate, in words (a `_locales` key). */
export function absentCertificateReason(main: ConnectionReport): Message {
  if (main.scheme === 'http' || main.scheme === 'ws') return msg('popup_identity_http');
  const refused = refusedOver(main);
  if (refused) return msg(IDENTITY_REFUSED[refused]);
  if (main.tlsUnknown === 'not-inspected') return msg('popup_identity_not_inspected');
  if (main.fromCache || main.tlsUnknown === 'cached') return msg('popup_identity_cached');
  return msg('popup_identity_none');
}
