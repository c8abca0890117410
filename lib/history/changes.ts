/**
 * Change detection between what a site showed before and what it shows now. Pure: no Dexie, no
 * clock (the visit's own time is "now"), so every rule is a table-driven unit test.
 *
 * The aim is few false alarms. Certificates are replaced all the time (Let's Encrypt every 60–90
 * days, usually with a new key and a different intermediate such as R10 → R11), so:
 *  - same issuing organisation, any key, any intermediate, any names: a renewal, no event;
 *  - a different issuing organisation: `issuer-changed`, or `cert-changed` when the key changed
 *    too (new key *and* new CA is the combination an attacker with a mis-issued cert produces);
 *  - a custom root or self-signed certificate where a public root was seen before:
 *    `interception-suspected` (corporate proxy, antivirus, or worse); it replaces the two above;
 *  - coming back from a custom root to a public one is not an alarm;
 *  - an unknown fact (engine did not say, Chromium before "Inspect") never raises anything and
 *    never erases what was known.
 */
import type { CertSummary, Scheme, VerdictKind } from '../report/types';
import { tlsRank } from './codes';
import type { VisitFacts } from './input';
import { defined, withDefined } from '@/lib/optional';

/** Days before `notAfter` from which an `expiring` event is raised (once per certificate). */
export const EXPIRING_DAYS = 14;

/**
 * Days during which `ech-lost` and `tls-downgrade` are not raised again for the same host.
 * Both flap with infrastructure (a DNS answer without the HTTPS record, a load balancer with
 * one old server): the first one is news, the tenth one in a week is noise.
 */
export const FLAP_QUIET_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * What the sites table remembers about a host between visits: the last *known* value of each
 * fact. A visit that lacks a fact leaves the remembered value alone.
 */
export interface SiteSnapshot {
  /** Scheme of the last visit (always known). */
  scheme: Scheme;
  /** Verdict of the last visit (always known). */
  verdict: VerdictKind;
  /** Last known TLS version ("TLSv1.3"). */
  tls?: string;
  /** SHA-256 of the current leaf certificate ("9A:5B:…"). */
  certSha256?: string;
  /** Issuing organisation of the current certificate (issuer O=), when the browser gave it. */
  issuerOrg?: string;
  /** Issuer DN of the current certificate, shown in events when there is no organisation. */
  issuer?: string;
  /** SHA-256 of the current certificate's public key, base64 (Firefox). */
  spki?: string;
  /**
   * Trust of the current certificate: true = chain to a built-in (public) root, false = custom
   * root or self-signed, undefined = the engine did not say.
   */
  publicRoot?: boolean;
  /** Last known ECH use. */
  ech?: boolean;
  /** SHA-256 of the certificate an `expiring` event was already raised for. */
  expiringWarned?: string;
  /** When `ech-lost` / `tls-downgrade` were last raised, ms (for `FLAP_QUIET_DAYS`). */
  echLostAt?: number;
  tlsDowngradeAt?: number;
}

/**
 * Every kind of history event, once. Stored as these strings (events are rare, bytes do not
 * matter); backups, titles and alerts derive from this list, so a new kind is added here only.
 */
export const HISTORY_EVENT_KINDS = [
  'cert-changed',
  'issuer-changed',
  'interception-suspected',
  'https-downgrade',
  'tls-downgrade',
  'ech-lost',
  'weak',
  'expiring',
  'expectation-broken',
] as const;

export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

/** An event as detected, before it is stored. */
export interface HistoryEventInput {
  kind: HistoryEventKind;
  host: string;
  /** The visit's time (ms). */
  time: number;
  /** What it was before, for display ("Let's Encrypt", "TLSv1.3", "https"). */
  from?: string;
  /** What it is now; for `expiring`, the certificate's notAfter in ms as a decimal string. */
  to?: string;
}

/** True when the leaf signed itself: the browser prints the same DN as subject and issuer. */
export function isSelfSigned(leaf: CertSummary): boolean {
  return leaf.subject !== '' && leaf.subject === leaf.issuer;
}

function normOrg(org: string | undefined): string | undefined {
  const n = org?.trim().toLowerCase().replace(/\s+/g, ' ');
  return n ? n : undefined;
}

/** Trust of this visit's certificate, as `SiteSnapshot.publicRoot` means it. */
function publicRootOf(next: VisitFacts): boolean | undefined {
  const tls = next.tls;
  if (!tls) return undefined;
  if (tls.leaf && isSelfSigned(tls.leaf)) return false;
  if (next.verdict === 'custom-root') return false;
  return tls.rootBuiltIn;
}

const SECURE: ReadonlySet<Scheme> = new Set<Scheme>(['https', 'wss']);
const PLAIN: ReadonlySet<Scheme> = new Set<Scheme>(['http', 'ws']);

/**
 * Compares a visit with the site's snapshot and returns the events it raises (possibly none).
 * `prev` is undefined on the first visit to a site: only facts about the present (weak,
 * expiring) can be raised then.
 */
export function detectChanges(prev: SiteSnapshot | undefined, next: VisitFacts): HistoryEventInput[] {
  const events: HistoryEventInput[] = [];
  const base = { host: next.host, time: Math.floor(next.navStart) };
  const leaf = next.tls?.leaf;

  if (prev) {
    // Certificate: at most one of interception / cert-changed / issuer-changed.
    const nextPublic = publicRootOf(next);
    const certChanged = leaf?.sha256 !== undefined && leaf.sha256 !== prev.certSha256;
    if (prev.publicRoot === true && nextPublic === false) {
      events.push({
        ...base,
        kind: 'interception-suspected',
        ...defined({ from: prev.issuerOrg ?? prev.issuer, to: leaf ? (leaf.issuerOrg ?? leaf.issuer) : undefined }),
      });
    } else if (leaf && certChanged && prev.certSha256 !== undefined && !(prev.publicRoot === false && nextPublic === true)) {
      const before = normOrg(prev.issuerOrg);
      const after = normOrg(leaf.issuerOrg);
      // Only a known organisation on both sides can differ: an issuer CN alone changes at every
      // Let's Encrypt renewal (R10 ↔ R11), so comparing CNs would alarm every few weeks.
      if (before !== undefined && after !== undefined && before !== after) {
        const keyChanged = prev.spki !== undefined && leaf.spkiSha256 !== undefined && prev.spki !== leaf.spkiSha256;
        events.push({
          ...base,
          kind: keyChanged ? 'cert-changed' : 'issuer-changed',
          ...defined({ from: prev.issuerOrg, to: leaf.issuerOrg }),
        });
      }
    }

    if (SECURE.has(prev.scheme) && PLAIN.has(next.scheme)) {
      events.push({ ...base, kind: 'https-downgrade', from: prev.scheme, to: next.scheme });
    }

    const before = tlsRank(prev.tls);
    const after = tlsRank(next.tls?.protocol);
    if (before !== undefined && after !== undefined && after < before && !quiet(prev.tlsDowngradeAt, base.time)) {
      events.push({ ...base, kind: 'tls-downgrade', ...defined({ from: prev.tls, to: next.tls?.protocol }) });
    }

    if (prev.ech === true && next.tls?.ech === false && !quiet(prev.echLostAt, base.time)) {
      events.push({ ...base, kind: 'ech-lost' });
    }
  }

  // A broken expectation (the user's own, lib/watch/expectations.ts): raised when a site starts
  // breaking it, not on every visit that still does. `to` names what the certificate showed.
  if (next.verdict === 'unexpected' && prev?.verdict !== 'unexpected') {
    events.push({
      ...base,
      kind: 'expectation-broken',
      ...defined({ from: prev?.issuerOrg, to: leaf ? (leaf.issuerOrg ?? leaf.issuer) : undefined }),
    });
  }

  // Weak: raised when a site becomes weak, not on every visit to a site that stays weak.
  if (next.verdict === 'weak' && prev?.verdict !== 'weak') {
    events.push({ ...base, kind: 'weak', ...defined({ from: prev?.verdict }) });
  }

  if (leaf?.sha256 !== undefined && leaf.notAfter !== undefined && prev?.expiringWarned !== leaf.sha256) {
    const left = leaf.notAfter - base.time;
    // An already expired certificate is the verdict's business (broken / overridden), not a warning.
    if (left > 0 && left <= EXPIRING_DAYS * DAY_MS) {
      events.push({ ...base, kind: 'expiring', to: String(leaf.notAfter) });
    }
  }
  return events;
}

function quiet(lastRaised: number | undefined, now: number): boolean {
  return lastRaised !== undefined && now - lastRaised < FLAP_QUIET_DAYS * DAY_MS && now >= lastRaised;
}

/**
 * The snapshot after `next`: known facts replace remembered ones, unknown facts keep them.
 * `events` are the ones `detectChanges` returned for this visit (to remember `expiring`).
 */
export function nextSnapshot(prev: SiteSnapshot | undefined, next: VisitFacts, events: readonly HistoryEventInput[]): SiteSnapshot {
  const snap: SiteSnapshot = { ...(prev ?? {}), scheme: next.scheme, verdict: next.verdict };
  const tls = next.tls;
  withDefined(snap, { tls: tls?.protocol, ech: tls?.ech });
  const leaf = tls?.leaf;
  if (leaf?.sha256 !== undefined) {
    if (leaf.sha256 !== prev?.certSha256) {
      // A different certificate: every cert-derived fact is replaced, known or not, so facts of
      // the old certificate are never attributed to the new one.
      snap.certSha256 = leaf.sha256;
      setOrDelete(snap, 'issuerOrg', leaf.issuerOrg);
      setOrDelete(snap, 'issuer', leaf.issuer || undefined);
      setOrDelete(snap, 'spki', leaf.spkiSha256);
      setOrDelete(snap, 'publicRoot', publicRootOf(next));
    } else {
      withDefined(snap, { publicRoot: publicRootOf(next), spki: leaf.spkiSha256, issuerOrg: leaf.issuerOrg });
    }
  } else {
    const pub = publicRootOf(next);
    if (pub !== undefined) snap.publicRoot = pub;
  }
  for (const e of events) {
    if (e.kind === 'expiring' && leaf?.sha256 !== undefined) snap.expiringWarned = leaf.sha256;
    if (e.kind === 'ech-lost') snap.echLostAt = e.time;
    if (e.kind === 'tls-downgrade') snap.tlsDowngradeAt = e.time;
  }
  return snap;
}

function setOrDelete<K extends keyof SiteSnapshot>(snap: SiteSnapshot, key: K, value: SiteSnapshot[K] | undefined): void {
  if (value === undefined) delete snap[key];
  else snap[key] = value;
}
