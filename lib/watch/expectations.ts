/**
 * Per-site expectations: "I expect this site's certificate from this issuing organisation" or
 * "…with this key". Pure: no storage, no clock. The background keeps an index of them in memory
 * (rebuilt at start and on every storage change), so judging a page costs a few Map lookups and
 * never a storage read.
 *
 * Stored in storage.local (lib/watch/store.ts), not IndexedDB: they are a handful of small
 * rows that every context needs at once (the badge's verdict, the popup's verdict), and
 * storage.onChanged tells the background of an edit made on the settings page — a Dexie write
 * from a page is not seen by the worker (liveQuery only goes worker → pages).
 */
import type { CertSummary } from '@/lib/report/types';

/** What an expectation pins: the issuing organisation (issuer O=) or the key (SPKI SHA-256, base64). */
export const EXPECTATION_KINDS = ['issuer', 'key'] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

/** One expectation. At most one per host, `subdomains` and kind (see `expectationId`). */
export interface Expectation {
  /** Lower-case host name without port. */
  host: string;
  /** Also applies to every subdomain of `host` (a wildcard "*.host" as well as "host"). */
  subdomains: boolean;
  kind: ExpectationKind;
  /** The issuing organisation as the certificate names it, or the key's SHA-256 (base64). */
  value: string;
  /** When it was made, ms. */
  created: number;
}

/** Caps: expectations come from the user and from backups (attacker-controlled). */
export const EXPECTATION_LIMITS = { count: 500, host: 253, value: 256 } as const;

const HOST_RE = /^[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?)*$/;

/** The identity of an expectation: editing its value keeps it, a second one with the same id replaces it. */
export function expectationId(e: Pick<Expectation, 'host' | 'subdomains' | 'kind'>): string {
  return `${e.kind}|${e.subdomains ? '*.' : ''}${e.host}`;
}

/** One stored or imported value checked field by field; undefined when anything is off. */
export function normaliseExpectation(value: unknown): Expectation | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const host = typeof v['host'] === 'string' ? v['host'].trim().toLowerCase().replace(/\.$/, '') : '';
  if (!host || host.length > EXPECTATION_LIMITS.host || !HOST_RE.test(host)) return undefined;
  const kind = v['kind'];
  if (kind !== 'issuer' && kind !== 'key') return undefined;
  const raw = typeof v['value'] === 'string' ? v['value'].trim() : '';
  if (!raw || raw.length > EXPECTATION_LIMITS.value) return undefined;
  if (kind === 'key' && !/^[A-Za-z0-9+/]{43}=$/.test(raw)) return undefined;
  if (typeof v['subdomains'] !== 'boolean') return undefined;
  const created = v['created'];
  if (typeof created !== 'number' || !Number.isInteger(created) || created < 0 || created > 8.64e15) return undefined;
  return { host, subdomains: v['subdomains'], kind, value: raw, created };
}

/** A stored list, cleaned: bad rows dropped, duplicates (same id) keep the last, capped. */
export function normaliseExpectations(value: unknown): Expectation[] {
  if (!Array.isArray(value)) return [];
  const byId = new Map<string, Expectation>();
  for (const item of value.slice(0, EXPECTATION_LIMITS.count * 2)) {
    const e = normaliseExpectation(item);
    if (e) byId.set(expectationId(e), e);
  }
  return [...byId.values()].slice(0, EXPECTATION_LIMITS.count);
}

/** Adds `e`, or replaces the one with its id. */
export function withExpectation(list: readonly Expectation[], e: Expectation): Expectation[] {
  const id = expectationId(e);
  return normaliseExpectations([...list.filter((x) => expectationId(x) !== id), e]);
}

/** Removes the expectation with `id`. */
export function withoutExpectation(list: readonly Expectation[], id: string): Expectation[] {
  return list.filter((x) => expectationId(x) !== id);
}

/** Expectations by host, for lookups on the hot path. */
export interface ExpectationIndex {
  /** Every expectation that applies to `host` (its own, and its parents' with `subdomains`). */
  forHost(host: string): readonly Expectation[];
  readonly size: number;
}

const EMPTY: readonly Expectation[] = Object.freeze([]);

/** Builds the index once per change of the list; `forHost` walks the host's labels (a few lookups). */
export function indexExpectations(list: readonly Expectation[]): ExpectationIndex {
  const exact = new Map<string, Expectation[]>();
  for (const e of list) {
    const at = exact.get(e.host);
    if (at) at.push(e);
    else exact.set(e.host, [e]);
  }
  return {
    size: list.length,
    forHost(host) {
      if (exact.size === 0) return EMPTY;
      const h = host.toLowerCase();
      const out: Expectation[] = [];
      for (const e of exact.get(h) ?? EMPTY) out.push(e);
      for (let dot = h.indexOf('.'); dot >= 0; dot = h.indexOf('.', dot + 1)) {
        for (const e of exact.get(h.slice(dot + 1)) ?? EMPTY) if (e.subdomains) out.push(e);
      }
      return out;
    },
  };
}

/** The same index for an empty list. */
export const NO_EXPECTATIONS: ExpectationIndex = indexExpectations([]);

/** An expectation the certificate broke, with what it showed instead. */
export interface BrokenExpectation {
  expectation: Expectation;
  /** The leaf's issuing organisation or key; undefined when the certificate names no organisation. */
  actual?: string;
}

function normOrg(org: string): string {
  return org.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The expectations for `host` that `leaf` breaks. A fact the browser did not give (no issuer
 * organisation read yet, no key digest) breaks nothing: an unknown is never an alarm. A leaf
 * whose issuer names no organisation at all does break an issuer expectation (the certificate
 * is certainly not from the expected organisation) — but only when the issuer itself is known.
 */
export function brokenExpectations(index: ExpectationIndex, host: string, leaf: CertSummary | undefined): BrokenExpectation[] {
  if (!leaf || index.size === 0) return [];
  const out: BrokenExpectation[] = [];
  for (const e of index.forHost(host)) {
    if (e.kind === 'issuer') {
      if (leaf.issuerOrg !== undefined) {
        if (normOrg(leaf.issuerOrg) !== normOrg(e.value)) out.push({ expectation: e, actual: leaf.issuerOrg });
      } else if (leaf.issuer && leaf.issuerCN !== undefined && !/(^|,)\s*O=/.test(leaf.issuer)) {
        out.push({ expectation: e });
      }
    } else if (leaf.spkiSha256 !== undefined && leaf.spkiSha256 !== e.value) {
      out.push({ expectation: e, actual: leaf.spkiSha256 });
    }
  }
  return out;
}

/** A short form of a key digest for display ("AbCd…wXyZ="). */
export function shortKey(spki: string): string {
  return spki.length > 16 ? `${spki.slice(0, 8)}…${spki.slice(-6)}` : spki;
}
