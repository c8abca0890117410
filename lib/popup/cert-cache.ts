/**
 * Parsed certificates, remembered between popup openings.
 *
 * Why: parsing a chain's full details needs @peculiar/x509 (a 53 KB gzip chunk to load and
 * evaluate) and ~10 ms per certificate; people reopen the popup on the same site all the time.
 * The popup keeps what it parsed in storage.session (memory only, gone with the browser
 * session; the background never parses, it only stores tab state next to it), so opening a
 * chain entry in a reopened popup shows its details without loading the parser at all. (The
 * first view never needs it: it is drawn from the light reader, lib/cert/summary.ts.)
 *
 * Pure: the popup reads and writes the stored value through lib/popup/popup-io.ts.
 * Bounded: at most MAX_ENTRIES certificates of at most MAX_ENTRY_CHARS of JSON each (hostile
 * certificates with huge names are simply parsed again), the least recently parsed dropped first.
 */
import { normaliseBase64 } from '@/lib/cert/bytes';
import type { CertChainEntry, CertDetails } from '@/lib/cert/types';
import type { CertSummary } from '@/lib/report/types';

/** The storage.session key. Versioned: a changed CertDetails shape must not be read back. */
export const CERT_CACHE_KEY = 'popup:parsed-certs:v1';
export const MAX_ENTRIES = 24;
export const MAX_ENTRY_CHARS = 12_000;

/** One remembered certificate. `der` is the normalised base64 it was parsed from. */
export interface CachedCert {
  der: string;
  details: CertDetails;
}

/** Least recently parsed first. */
export type CertCache = readonly CachedCert[];

/** Accepts what storage returned; anything not shaped like a cache is an empty one. */
export function readCertCache(value: unknown): CertCache {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is CachedCert =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as CachedCert).der === 'string' &&
      typeof (e as CachedCert).details === 'object' &&
      (e as CachedCert).details !== null &&
      (e as CachedCert).details.ok === true &&
      (e as CachedCert).details.derBase64 === (e as CachedCert).der,
  );
}

function entryOf(summary: CertSummary, details: CertDetails | undefined): CertChainEntry {
  const entry: CertChainEntry = { result: details ?? { ok: false, reason: 'empty' }, summary };
  if (summary.isBuiltInRoot !== undefined) entry.isBuiltInRoot = summary.isBuiltInRoot;
  return entry;
}

/**
 * The parsed chain from the cache, when every certificate that has DER is in it; otherwise
 * undefined (parse them all: one parse pass is cheaper than mixing).
 */
export function cachedChain(cache: CertCache, certs: readonly CertSummary[]): CertChainEntry[] | undefined {
  if (!certs.some((c) => c.der)) return undefined;
  const byDer = new Map(cache.map((e) => [e.der, e.details]));
  const entries: CertChainEntry[] = [];
  for (const summary of certs) {
    if (!summary.der) {
      entries.push(entryOf(summary, undefined));
      continue;
    }
    const details = byDer.get(normaliseBase64(summary.der));
    if (!details) return undefined;
    entries.push(entryOf(summary, details));
  }
  return entries;
}

/**
 * The cache with a chain's parsed certificates added (as the most recent). Parse errors and
 * oversized results are not remembered.
 */
export function rememberChain(cache: CertCache, entries: readonly CertChainEntry[]): CachedCert[] {
  const fresh: CachedCert[] = [];
  for (const { result } of entries) {
    if (!result?.ok || JSON.stringify(result).length > MAX_ENTRY_CHARS) continue;
    fresh.push({ der: result.derBase64, details: result });
  }
  const added = new Set(fresh.map((e) => e.der));
  return [...cache.filter((e) => !added.has(e.der)), ...fresh].slice(-MAX_ENTRIES);
}
