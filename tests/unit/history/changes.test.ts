import { describe, expect, it } from 'vitest';
import {
  detectChanges,
  EXPIRING_DAYS,
  FLAP_QUIET_DAYS,
  isSelfSigned,
  nextSnapshot,
  type HistoryEventKind,
  type SiteSnapshot,
} from '../../../lib/history/changes';
import { DAY, leaf, T0, tls, visit } from './helpers';

/** The snapshot a first visit with these inputs leaves. */
function after(...visits: Parameters<typeof visit>[0][]): SiteSnapshot | undefined {
  let snap: SiteSnapshot | undefined;
  for (const v of visits) {
    const input = visit(v);
    snap = nextSnapshot(snap, input, detectChanges(snap, input));
  }
  return snap;
}

function kinds(prev: SiteSnapshot | undefined, next: Parameters<typeof visit>[0]): HistoryEventKind[] {
  return detectChanges(prev, visit(next)).map((e) => e.kind);
}

const LE = { issuer: "CN=R11,O=Let's Encrypt,C=US", issuerOrg: "Let's Encrypt", issuerCN: 'R11' };
const LE_R10 = { issuer: "CN=R10,O=Let's Encrypt,C=US", issuerOrg: "Let's Encrypt", issuerCN: 'R10' };
const DIGICERT = { issuer: 'CN=DigiCert G2,O=DigiCert Inc,C=US', issuerOrg: 'DigiCert Inc', issuerCN: 'DigiCert G2' };
const CORP = { issuer: 'CN=Corp Proxy CA,O=ACME Corp', issuerOrg: 'ACME Corp', issuerCN: 'Corp Proxy CA' };

describe('first visit', () => {
  it('raises nothing for a normal site', () => {
    expect(kinds(undefined, {})).toEqual([]);
  });
  it('raises weak for a weak site', () => {
    expect(kinds(undefined, { verdict: 'weak' })).toEqual(['weak']);
  });
  it('cannot suspect interception without a public certificate before', () => {
    const selfSigned = leaf('x', { subject: 'CN=router', issuer: 'CN=router', issuerOrg: undefined });
    expect(kinds(undefined, { tls: tls({ leaf: selfSigned, rootBuiltIn: false }) })).toEqual([]);
  });
});

describe('certificate changes', () => {
  const base = after({ tls: tls({ leaf: leaf('a', LE) }) });

  it('same certificate: nothing', () => {
    expect(kinds(base, { navStart: T0 + DAY, tls: tls({ leaf: leaf('a', LE) }) })).toEqual([]);
  });

  it('renewal by the same organisation with a new key and another intermediate: nothing', () => {
    expect(kinds(base, { navStart: T0 + 60 * DAY, tls: tls({ leaf: leaf('b', LE_R10) }) })).toEqual([]);
  });

  it('renewal by the same organisation with other names: nothing', () => {
    const renewed = leaf('b', { ...LE, subject: 'CN=other.test', subjectCN: 'other.test', sans: ['other.test'] });
    expect(kinds(base, { tls: tls({ leaf: renewed }) })).toEqual([]);
  });

  it('organisation compared case- and space-insensitively', () => {
    expect(kinds(base, { tls: tls({ leaf: leaf('b', { ...LE, issuerOrg: "  let's  ENCRYPT " }) }) })).toEqual([]);
  });

  it('new issuing organisation with the same key: issuer-changed', () => {
    const events = detectChanges(base, visit({ tls: tls({ leaf: leaf('b', { ...DIGICERT, spkiSha256: 'SPKI:a' }) }) }));
    expect(events).toEqual([{ kind: 'issuer-changed', host: 'site.test', time: T0, from: "Let's Encrypt", to: 'DigiCert Inc' }]);
  });

  it('new issuing organisation and a new key: cert-changed (one event, not two)', () => {
    expect(kinds(base, { tls: tls({ leaf: leaf('b', DIGICERT) }) })).toEqual(['cert-changed']);
  });

  it('new organisation, key unknown (Chromium): issuer-changed', () => {
    expect(kinds(base, { tls: tls({ leaf: leaf('b', { ...DIGICERT, spkiSha256: undefined }) }) })).toEqual(['issuer-changed']);
  });

  it('organisation unknown on either side (issuer CN only): nothing, CNs rotate at every renewal', () => {
    const noOrg = after({ tls: tls({ leaf: leaf('a', { issuer: 'CN=R11', issuerOrg: undefined, issuerCN: 'R11' }) }) });
    expect(kinds(noOrg, { tls: tls({ leaf: leaf('b', { issuer: 'CN=E5', issuerOrg: undefined, issuerCN: 'E5' }) }) })).toEqual([]);
    expect(kinds(noOrg, { tls: tls({ leaf: leaf('b', DIGICERT) }) })).toEqual([]);
  });

  it('no certificate in this visit (not inspected): nothing, and the snapshot keeps the old one', () => {
    const input = visit({ tls: undefined, verdict: 'unknown' });
    expect(detectChanges(base, input)).toEqual([]);
    const snap = nextSnapshot(base, input, []);
    expect(snap.certSha256).toBe('SHA:a');
    expect(snap.issuerOrg).toBe("Let's Encrypt");
    expect(snap.tls).toBe('TLSv1.3');
  });

  it('first certificate ever learned for a known site: nothing', () => {
    const noCert = after({ tls: undefined, verdict: 'unknown' });
    expect(kinds(noCert, { tls: tls({ leaf: leaf('b', DIGICERT) }) })).toEqual([]);
  });
});

describe('interception', () => {
  const pub = after({ tls: tls({ leaf: leaf('a', LE), rootBuiltIn: true }) });

  it('custom root after a public one: interception-suspected only', () => {
    const events = detectChanges(pub, visit({ tls: tls({ leaf: leaf('p', CORP), rootBuiltIn: false }) }));
    expect(events.map((e) => e.kind)).toEqual(['interception-suspected']);
    expect(events[0]).toMatchObject({ from: "Let's Encrypt", to: 'ACME Corp' });
  });

  it('self-signed after a public one', () => {
    const self = leaf('s', { subject: 'CN=site.test', issuer: 'CN=site.test', issuerOrg: undefined });
    expect(isSelfSigned(self)).toBe(true);
    expect(kinds(pub, { tls: tls({ leaf: self, rootBuiltIn: undefined }) })).toEqual(['interception-suspected']);
  });

  it('verdict custom-root after a public one (engine gives no rootBuiltIn)', () => {
    expect(kinds(pub, { verdict: 'custom-root', tls: tls({ leaf: leaf('p', CORP), rootBuiltIn: undefined }) })).toEqual([
      'interception-suspected',
    ]);
  });

  it('unknown trust (Chromium) after a public one: nothing beyond the issuer rule', () => {
    expect(kinds(pub, { tls: tls({ leaf: leaf('b', LE), rootBuiltIn: undefined }) })).toEqual([]);
  });

  it('custom root after custom root: no interception alarm (always intercepted, e.g. a router)', () => {
    const custom = after({ tls: tls({ leaf: leaf('p', CORP), rootBuiltIn: false }) });
    expect(kinds(custom, { tls: tls({ leaf: leaf('q', CORP), rootBuiltIn: false }) })).toEqual([]);
  });

  it('back to a public root after a custom one: no alarm', () => {
    const custom = after(
      { tls: tls({ leaf: leaf('a', LE), rootBuiltIn: true }) },
      { tls: tls({ leaf: leaf('p', CORP), rootBuiltIn: false }) },
    );
    expect(custom?.publicRoot).toBe(false);
    expect(kinds(custom, { tls: tls({ leaf: leaf('a', LE), rootBuiltIn: true }) })).toEqual([]);
  });
});

describe('downgrades', () => {
  const https = after({});

  it('HTTPS → HTTP', () => {
    expect(detectChanges(https, visit({ scheme: 'http' }))).toEqual([
      { kind: 'https-downgrade', host: 'site.test', time: T0, from: 'https', to: 'http' },
    ]);
  });

  it('HTTP → HTTP and HTTP → HTTPS: nothing', () => {
    const http = after({ scheme: 'http' });
    expect(kinds(http, { scheme: 'http' })).toEqual([]);
    expect(kinds(http, {})).toEqual([]);
  });

  it('a second HTTP visit after the downgrade does not repeat it', () => {
    const down = after({}, { scheme: 'http' });
    expect(kinds(down, { scheme: 'http' })).toEqual([]);
  });

  it('lower TLS version: tls-downgrade', () => {
    expect(detectChanges(https, visit({ tls: tls({ protocol: 'TLSv1.2' }) }))).toEqual([
      { kind: 'tls-downgrade', host: 'site.test', time: T0, from: 'TLSv1.3', to: 'TLSv1.2' },
    ]);
  });

  it('HTTP/3 (QUIC, TLS 1.3 inside) to TLS 1.2: tls-downgrade, not only weak', () => {
    const quic = after({ tls: tls({ protocol: 'QUIC' }) });
    expect(kinds(quic, { tls: tls({ protocol: 'TLSv1.2' }) })).toContain('tls-downgrade');
    expect(kinds(quic, { tls: tls({ protocol: 'TLSv1.3' }) })).toEqual([]);
  });

  it('same, higher or unknown TLS version: nothing', () => {
    const old = after({ tls: tls({ protocol: 'TLSv1.2' }) });
    expect(kinds(old, { tls: tls({ protocol: 'TLSv1.2' }) })).toEqual([]);
    expect(kinds(old, { tls: tls({ protocol: 'TLSv1.3' }) })).toEqual([]);
    expect(kinds(https, { tls: tls({ protocol: 'QUICv1-something' }) })).toEqual([]);
    expect(kinds(https, { tls: tls({ protocol: undefined }) })).toEqual([]);
  });

  it('TLS version remembered across an HTTP visit', () => {
    const snap = after({}, { scheme: 'http', navStart: T0 + 1 });
    expect(snap?.tls).toBe('TLSv1.3');
    expect(kinds(snap, { navStart: T0 + 2, tls: tls({ protocol: 'TLSv1.2' }) })).toEqual(['tls-downgrade']);
  });

  it('a flapping TLS version alarms once per quiet period', () => {
    const once = after({}, { navStart: T0 + 1, tls: tls({ protocol: 'TLSv1.2' }) }, { navStart: T0 + 2 });
    expect(kinds(once, { navStart: T0 + DAY, tls: tls({ protocol: 'TLSv1.2' }) })).toEqual([]);
    expect(kinds(once, { navStart: T0 + (FLAP_QUIET_DAYS + 1) * DAY, tls: tls({ protocol: 'TLSv1.2' }) })).toEqual(['tls-downgrade']);
  });
});

describe('ECH', () => {
  it('used before, not now: ech-lost', () => {
    expect(kinds(after({ tls: tls({ ech: true }) }), { tls: tls({ ech: false }) })).toEqual(['ech-lost']);
  });
  it('unknown now, or never used: nothing', () => {
    expect(kinds(after({ tls: tls({ ech: true }) }), { tls: tls({ ech: undefined }) })).toEqual([]);
    expect(kinds(after({ tls: tls({ ech: false }) }), { tls: tls({ ech: false }) })).toEqual([]);
  });
  it('flapping ECH alarms once per quiet period', () => {
    const snap = after(
      { tls: tls({ ech: true }) },
      { navStart: T0 + 1, tls: tls({ ech: false }) },
      { navStart: T0 + 2, tls: tls({ ech: true }) },
    );
    expect(kinds(snap, { navStart: T0 + 3, tls: tls({ ech: false }) })).toEqual([]);
    expect(kinds(snap, { navStart: T0 + FLAP_QUIET_DAYS * DAY + 3, tls: tls({ ech: false }) })).toEqual(['ech-lost']);
  });
});

describe('weak', () => {
  it('raised when a site becomes weak, not on every weak visit', () => {
    expect(kinds(after({}), { verdict: 'weak' })).toEqual(['weak']);
    expect(kinds(after({ verdict: 'weak' }), { verdict: 'weak' })).toEqual([]);
    expect(kinds(after({ verdict: 'weak' }, {}), { verdict: 'weak' })).toEqual(['weak']);
  });
});

describe('expiring', () => {
  const soon = (days: number) => leaf('e', { notAfter: T0 + days * DAY });

  it(`within ${EXPIRING_DAYS} days: once per certificate`, () => {
    const events = detectChanges(undefined, visit({ tls: tls({ leaf: soon(3) }) }));
    expect(events).toEqual([{ kind: 'expiring', host: 'site.test', time: T0, to: String(T0 + 3 * DAY) }]);
    const snap = after({ tls: tls({ leaf: soon(3) }) });
    expect(snap?.expiringWarned).toBe('SHA:e');
    expect(kinds(snap, { navStart: T0 + DAY, tls: tls({ leaf: soon(3) }) })).toEqual([]);
  });

  it('a renewed certificate that also expires soon warns again', () => {
    const snap = after({ tls: tls({ leaf: soon(3) }) });
    expect(kinds(snap, { tls: tls({ leaf: leaf('f', { notAfter: T0 + 2 * DAY }) }) })).toEqual(['expiring']);
  });

  it('not when far away, already expired, or unknown', () => {
    expect(kinds(undefined, { tls: tls({ leaf: soon(EXPIRING_DAYS + 1) }) })).toEqual([]);
    expect(kinds(undefined, { tls: tls({ leaf: soon(-1) }) })).toEqual([]);
    expect(kinds(undefined, { tls: tls({ leaf: leaf('e', { notAfter: undefined }) }) })).toEqual([]);
  });
});

describe('several at once', () => {
  it('a downgraded TLS with a new CA and lost ECH gives each event once', () => {
    const snap = after({ tls: tls({ leaf: leaf('a', LE), ech: true }) });
    expect(kinds(snap, { tls: tls({ leaf: leaf('b', DIGICERT), protocol: 'TLSv1.2', ech: false }) })).toEqual([
      'cert-changed',
      'tls-downgrade',
      'ech-lost',
    ]);
  });
});

describe('nextSnapshot', () => {
  it('a new certificate replaces all certificate facts, known or not', () => {
    const snap = after(
      { tls: tls({ leaf: leaf('a', LE) }) },
      { tls: tls({ leaf: leaf('b', { issuer: 'CN=X', issuerOrg: undefined, spkiSha256: undefined }), rootBuiltIn: undefined }) },
    );
    expect(snap).toMatchObject({ certSha256: 'SHA:b', issuer: 'CN=X' });
    expect(snap?.issuerOrg).toBeUndefined();
    expect(snap?.spki).toBeUndefined();
    expect(snap?.publicRoot).toBeUndefined();
  });

  it('keeps scheme and verdict of the last visit', () => {
    expect(after({}, { scheme: 'http' })).toMatchObject({ scheme: 'http', verdict: 'http' });
  });

  it('never stores undefined properties', () => {
    const snap = after({ tls: tls({ leaf: leaf('b', { issuerOrg: undefined, spkiSha256: undefined }) }) });
    expect(Object.values(snap ?? {}).includes(undefined)).toBe(false);
  });
});
