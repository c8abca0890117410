import { beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_HOSTS,
  MAX_INSPECTIONS,
  MAX_LEFT,
  MAX_LEFT_TABS,
  MAX_MIXED,
  newPage,
  PageTracker,
  recordContact,
  recordMixed,
  TabStore,
  unobservedPage,
} from '@/lib/state/tracker';
import { REPORT_VERSION, type ConnectionReport, type TabState, type TlsInfo } from '@/lib/report/types';
import { MapArea } from './fake-area';

const report = (url: string, extra: Partial<ConnectionReport> = {}): ConnectionReport => {
  const u = new URL(url);
  return {
    v: REPORT_VERSION,
    engine: 'chromium',
    url,
    host: u.hostname,
    scheme: u.protocol === 'http:' ? 'http' : 'https',
    time: 5,
    ...extra,
  };
};

describe('PageTracker', () => {
  let store: TabStore;
  let painted: { tabId: number; state: TabState | undefined; force: boolean }[];
  let tracker: PageTracker;

  beforeEach(async () => {
    store = new TabStore(new MapArea(), 1);
    await store.ready;
    painted = [];
    tracker = new PageTracker({
      store,
      engine: 'chromium',
      now: () => 100,
      paint: (tabId, state, force = false) => painted.push({ tabId, state, force }),
    });
  });

  it('starts a new page on a main response and counts its subresources', () => {
    tracker.mainResponse(1, report('https://a.test/', { ip: '127.0.0.1', tlsUnknown: 'not-inspected' }));
    tracker.subresource(1, report('https://cdn.test/x.js'));
    expect(store.get(1)?.hosts['cdn.test']?.count).toBe(1);
    tracker.mainResponse(1, report('https://b.test/'));
    expect(Object.keys(store.get(1)!.hosts)).toEqual(['b.test']);
  });

  describe('Chromium live certificate (securityInfo)', () => {
    const live = (sha256: string, extra: Partial<TlsInfo> = {}): TlsInfo => ({
      certificates: [{ subject: '', issuer: '', sha256, der: 'AAAA' }],
      source: 'chromium-webrequest',
      ...extra,
    });
    const inspected: TlsInfo = {
      protocol: 'TLSv1.3',
      cipher: 'AES_128_GCM',
      certificates: [
        { subject: 'CN=a.test', issuer: 'CN=CA', sha256: 'AA' },
        { subject: 'CN=CA', issuer: 'CN=CA', sha256: 'BB' },
      ],
      source: 'chromium-debugger',
      inspectedAt: 50,
    };

    it("merges the leaf's facts into the response they were read for, and only into it", () => {
      tracker.mainResponse(1, report('https://a.test/', { tls: live('AA') }));
      painted.length = 0;
      expect(
        tracker.leafRead(
          1,
          { url: 'https://a.test/', time: 5, sha256: 'AA' },
          { subjectCN: 'a.test', sha256: 'XX', der: 'BBBB', notAfter: 9 },
        ),
      ).toBe(true);
      const leaf = store.get(1)!.main!.tls!.certificates[0]!;
      // The browser's fingerprint and DER win over anything the reader says.
      expect(leaf).toMatchObject({ subjectCN: 'a.test', sha256: 'AA', der: 'AAAA', notAfter: 9 });
      expect(painted).toHaveLength(1);
      // Another response since (a reload at another time), or another certificate: not touched.
      expect(tracker.leafRead(1, { url: 'https://a.test/', time: 6, sha256: 'AA' }, { subjectCN: 'x' })).toBe(false);
      expect(tracker.leafRead(1, { url: 'https://a.test/', time: 5, sha256: 'ZZ' }, { subjectCN: 'x' })).toBe(false);
      expect(tracker.leafRead(2, { url: 'https://a.test/', time: 5, sha256: 'AA' }, { subjectCN: 'x' })).toBe(false);
    });

    it('an earlier inspection applies only while the server shows the same certificate, and keeps a live override', () => {
      store.setInspection('https://a.test', inspected);
      tracker.mainResponse(1, report('https://a.test/', { tls: live('AA', { overriddenError: 'unknown' }) }));
      expect(store.get(1)!.main!.tls).toMatchObject({ protocol: 'TLSv1.3', source: 'chromium-debugger', overriddenError: 'unknown' });
      tracker.mainResponse(1, report('https://a.test/', { tls: live('CC') }));
      expect(store.get(1)!.main!.tls).toMatchObject({ source: 'chromium-webrequest' });
      expect(store.get(1)!.main!.tls!.protocol).toBeUndefined();
    });

    it('security headers land on the document they came with, once', () => {
      tracker.mainResponse(1, report('https://a.test/'));
      const headers = { hsts: { maxAge: 1, includeSubDomains: false, preload: false }, h3Offered: false };
      tracker.securityHeaders(1, 'https://b.test/', headers);
      expect(store.get(1)!.main!.headers).toBeUndefined();
      tracker.securityHeaders(1, 'https://a.test/', headers);
      tracker.securityHeaders(1, 'https://a.test/', { h3Offered: true });
      expect(store.get(1)!.main!.headers).toEqual(headers);
    });
  });

  it('ignores cancelled navigations (downloads, aborted loads)', () => {
    tracker.mainResponse(1, report('https://a.test/'));
    tracker.mainResponse(1, report('https://file.test/x.zip', { error: 'net::ERR_ABORTED', errorKind: 'aborted' }));
    tracker.mainResponse(1, report('https://ad.test/', { error: 'net::ERR_BLOCKED_BY_CLIENT', errorKind: 'blocked' }));
    tracker.mainResponse(1, report('https://file.test/y.zip', { error: 'NS_BINDING_ABORTED', errorKind: 'aborted' }));
    expect(store.get(1)?.main?.host).toBe('a.test');
    // The kind decides, not the spelling: a refused connection does replace the page.
    tracker.mainResponse(1, report('https://down.test/', { error: 'NS_ERROR_CONNECTION_REFUSED', errorKind: 'network' }));
    expect(store.get(1)?.main?.host).toBe('down.test');
  });

  it('paints a certificate error at once: its error page may already have committed, or never will', () => {
    tracker.committed(1, 'https://expired.test/', { start: 1, transition: 'other' });
    painted.length = 0;
    tracker.mainResponse(
      1,
      report('https://expired.test/', { error: 'Peer’s Certificate has expired.', errorKind: 'secure-connection-failed' }),
    );
    expect(painted).toEqual([{ tabId: 1, state: store.get(1), force: true }]);
    tracker.mainResponse(2, report('https://fine.test/'));
    expect(painted.at(-1)?.force).toBe(false);
    // Its error page then replaces the document and clears the badge: forget the paint, paint again.
    painted.length = 0;
    tracker.completed(1);
    expect(painted).toEqual([
      { tabId: 1, state: undefined, force: false },
      { tabId: 1, state: store.get(1), force: true },
    ]);
  });

  it('a response that trails its own commit (Firefox plain HTTP, non-blocking) keeps the commit', () => {
    const nav = { start: 7, transition: 'other' as const };
    const placeholder = tracker.committed(11, 'http://plain.test/a#x', nav);
    expect(placeholder.main?.ip).toBeUndefined();
    tracker.mainResponse(11, report('http://plain.test/a', { ip: '198.18.7.2', statusCode: 200 }));
    expect(store.get(11)).toMatchObject({ nav, url: 'http://plain.test/a#x', main: { ip: '198.18.7.2' } });
    // Another page's response, or a second response after a real one, starts a page of its own.
    tracker.mainResponse(11, report('http://plain.test/b', { statusCode: 200 }));
    expect(store.get(11)?.nav).toBeUndefined();
  });

  it('a trailing response keeps the security headers its own listener stored on the commit first', () => {
    const nav = { start: 8, transition: 'other' as const };
    tracker.committed(12, 'http://plain.test/', nav);
    tracker.securityHeaders(12, 'http://plain.test/', { h3Offered: false });
    tracker.mainResponse(12, report('http://plain.test/', { ip: '198.18.7.2', statusCode: 200 }));
    expect(store.get(12)?.main).toMatchObject({ ip: '198.18.7.2', headers: { h3Offered: false } });
  });

  it('a trailing response keeps what the page probe found on the commit first (Firefox plain HTTP under load)', () => {
    // Seen once in CI: the matrix's http-login page on Firefox lost its password field this way.
    const nav = { start: 9, transition: 'other' as const };
    tracker.committed(13, 'http://plain.test/login', nav);
    tracker.probe({ tabId: 13, url: 'http://plain.test/login', protocol: '', mixed: [], secrets: ['password', 'card'] });
    tracker.mainResponse(13, report('http://plain.test/login', { ip: '198.18.7.2', statusCode: 200 }));
    expect(store.get(13)).toMatchObject({ nav, secrets: ['password', 'card'], main: { ip: '198.18.7.2' } });
    // An HTTPS page keeps its mixed-content findings the same way.
    tracker.committed(14, 'https://mixed.test/m/login', { start: 10, transition: 'other' });
    tracker.probe({
      tabId: 14,
      url: 'https://mixed.test/m/login',
      protocol: '',
      mixed: [{ kind: 'form', url: 'http://plain.test/post' }],
      secrets: [],
    });
    tracker.mainResponse(14, report('https://mixed.test/m/login'));
    expect(store.get(14)?.mixed).toEqual([{ kind: 'form', url: 'http://plain.test/post' }]);
  });

  it('flags plain-HTTP subresources of an HTTPS page as mixed content and repaints', () => {
    tracker.mainResponse(1, report('https://a.test/'));
    painted.length = 0;
    tracker.subresource(1, report('http://plain.test/x.png'));
    expect(store.get(1)?.mixed).toEqual([{ kind: 'subresource', url: 'http://plain.test/x.png' }]);
    expect(painted).toHaveLength(1);
  });

  it('applies a remembered inspection of the same origin to a new, uninspected load', () => {
    const tls: TlsInfo = { certificates: [], source: 'chromium-debugger', protocol: 'TLSv1.3', inspectedAt: 42 };
    store.setInspection('https://a.test', tls);
    tracker.mainResponse(2, report('https://a.test/page', { tlsUnknown: 'not-inspected' }));
    expect(store.get(2)?.main?.tls?.inspectedAt).toBe(42);
    expect(store.get(2)?.main?.tlsUnknown).toBeUndefined();
  });

  it('describes a committed page it never saw load as unobserved, and keeps an observed one', () => {
    tracker.mainResponse(3, report('https://a.test/'));
    const kept = tracker.committed(3, 'https://a.test/#section', { start: 1, transition: 'other' });
    expect(kept.main?.host).toBe('a.test');
    expect(kept.nav).toEqual({ start: 1, transition: 'other' });
    const restored = tracker.committed(3, 'https://b.test/', { start: 2, transition: 'other' });
    expect(restored.main).toMatchObject({ host: 'b.test', tlsUnknown: 'cached' });
    expect(painted.at(-1)?.force).toBe(true);
  });

  it('says a missing host permission is why nothing is known, for the page it was asked about', () => {
    tracker.committed(4, 'https://nope.test/', { start: 1, transition: 'other' });
    tracker.permissionMissing({ tabId: 4, navStart: 1 });
    expect(store.get(4)?.main?.tlsUnknown).toBe('permission');
    // The answer for the first page arrives after the tab moved on: the new page keeps its own reason.
    tracker.committed(4, 'https://later.test/', { start: 2, transition: 'other' });
    tracker.permissionMissing({ tabId: 4, navStart: 1 });
    expect(store.get(4)?.main?.tlsUnknown).toBe('cached');
  });

  it('reads the HTTP version and mixed content the page probe reports', () => {
    tracker.mainResponse(5, report('https://a.test/'));
    tracker.probe({ tabId: 5, url: 'https://a.test/', protocol: 'h2', mixed: [{ kind: 'form', url: 'http://x.test/' }], secrets: [] });
    expect(store.get(5)?.main?.httpVersion).toBe('HTTP/2');
    expect(store.get(5)?.mixed).toHaveLength(1);
    // A probe from another document than the one on record is ignored.
    tracker.probe({ tabId: 5, url: 'https://other.test/', protocol: 'h3', mixed: [], secrets: ['password'] });
    expect(store.get(5)?.secrets).toBeUndefined();
    expect(store.get(5)?.main?.httpVersion).toBe('HTTP/2');
  });

  it('keeps the secret fields a probe reports for the page on record, in list order, until the next page', () => {
    const probe = (url: string, secrets: ('password' | 'card')[]) => tracker.probe({ tabId: 6, url, protocol: '', mixed: [], secrets });
    tracker.mainResponse(6, report('http://a.test/login'));
    probe('http://a.test/login', ['card']);
    probe('http://a.test/login#x', ['password', 'card']);
    expect(store.get(6)?.secrets).toEqual(['password', 'card']);
    // Each document has its own: a new page starts without any.
    tracker.mainResponse(6, report('http://a.test/other'));
    expect(store.get(6)?.secrets).toBeUndefined();
    probe('http://a.test/login', ['password']);
    expect(store.get(6)?.secrets).toBeUndefined();
  });

  it('makes up a commit the worker missed from the completion that followed it, once', () => {
    const nav = { start: 1_000, transition: 'other' as const };
    // Response seen, commit lost (the worker stopped as it was sent): the completion names it.
    tracker.mainResponse(1, report('http://a.test/'));
    const made = tracker.missedCommit(1, 'http://a.test/#top', 1_500.7);
    expect(made?.nav).toEqual({ start: 1_500, transition: 'other', inferred: true });
    expect(made?.url).toBe('http://a.test/#top');
    // Now that it has a navigation, the same completion again is nothing new.
    expect(tracker.missedCommit(1, 'http://a.test/', 1_600)).toBeUndefined();

    // Nothing of the page seen at all: the tab still holds the previous page, committed earlier.
    tracker.committed(2, 'http://b.test/', nav);
    expect(tracker.missedCommit(2, 'http://c.test/', 2_000)?.url).toBe('http://c.test/');
    expect(store.get(2)?.main?.tlsUnknown).toBeUndefined(); // plain HTTP: nothing to be unknown about
    expect(store.get(2)?.nav?.start).toBe(2_000);
  });

  it('does not take a late completion of the previous page for a missed commit', () => {
    // Page b committed at 3000; a's completion (at 2500, before b replaced it) arrives late.
    tracker.committed(3, 'http://b.test/', { start: 3_000, transition: 'other' });
    expect(tracker.missedCommit(3, 'http://a.test/', 2_500)).toBeUndefined();
    // Its own completion, and pages that are not web pages, are not missed commits either.
    expect(tracker.missedCommit(3, 'http://b.test/', 3_200)).toBeUndefined();
    expect(tracker.missedCommit(3, 'about:blank', 3_300)).toBeUndefined();
    expect(tracker.missedCommit(99, 'http://x.test/', 1)).toBeUndefined();
    // An error page (certificate error) completes without a commit: not a missed one.
    tracker.mainResponse(4, report('https://expired.test/', { error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'cert-expired' }));
    expect(tracker.missedCommit(4, 'https://expired.test/', 4_000)).toBeUndefined();
    expect(store.get(4)?.main?.error).toBe('net::ERR_CERT_DATE_INVALID');
    // Firefox: error pages complete without committing, so a completion proves nothing there.
    const firefox = new PageTracker({ store, engine: 'firefox', now: () => 100, paint: () => undefined });
    firefox.mainResponse(5, report('http://f.test/'));
    expect(firefox.missedCommit(5, 'http://f.test/', 5_000)).toBeUndefined();
    expect(store.get(3)?.nav?.start).toBe(3_000);
  });

  it('with document ids, tells a missed commit from the completion of the page it has', () => {
    const nav = (start: number, documentId: string) => ({ start, transition: 'other' as const, documentId });
    const found = (start: number, documentId: string) => ({ ...nav(start, documentId), inferred: true });
    tracker.committed(8, 'http://a.test/', nav(1_000, 'A'));
    // Its own completion: nothing missed.
    expect(tracker.missedCommit(8, 'http://a.test/', 1_200, 'A')).toBeUndefined();
    // A reload whose commit was dropped: same URL, another document.
    expect(tracker.missedCommit(8, 'http://a.test/', 2_000, 'A2')?.nav).toEqual(found(2_000, 'A2'));
    // A late completion of another document, from before the one on record was found: that one's
    // commit time is not known, so this is an earlier page of its own; the tab keeps A2.
    expect(tracker.missedCommit(8, 'http://z.test/', 1_900, 'Z')?.nav).toEqual(found(1_900, 'Z'));
    expect(store.get(8)?.nav?.documentId).toBe('A2');
    // A tab Onlooker has nothing for (its commit and response both dropped).
    expect(tracker.missedCommit(9, 'http://n.test/', 3_000, 'N')?.nav).toEqual(found(3_000, 'N'));
    // An error page never is one, document id or not.
    tracker.mainResponse(10, report('https://expired.test/', { error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'cert-expired' }));
    expect(tracker.missedCommit(10, 'https://expired.test/', 4_000, 'E')).toBeUndefined();
  });

  it('a page found only at a worker start does not hide an earlier page whose completion arrives after', () => {
    // Both commits were dropped; a worker start found b shown (its start is then, 5000, later than its commit).
    const b = tracker.missedCommit(11, 'http://b.test/', 5_000, 'B');
    expect(b?.nav).toEqual({ start: 5_000, transition: 'other', documentId: 'B', inferred: true });
    // a's completion (at 4900, before b was found) is delivered late: an earlier page of its own.
    const a = tracker.missedCommit(11, 'http://a.test/', 4_900, 'A');
    expect(a).toMatchObject({ url: 'http://a.test/', nav: { start: 4_900, documentId: 'A', inferred: true } });
    // The tab still shows b.
    expect(store.get(11)).toMatchObject({ url: 'http://b.test/', nav: { documentId: 'B' } });
    // b's own completion is nothing new.
    expect(tracker.missedCommit(11, 'http://b.test/', 5_100, 'B')).toBeUndefined();
  });

  it('a late completion of a page the tab has left is a visit of its own if its document is new', () => {
    const left = (start: number, documentId: string) => ({ start, transition: 'other', documentId, inferred: true, late: true });
    // With a real commit on record, an earlier completion is a page the tab left: whether its
    // commit was seen only the history knows (by document), so it is marked late; the tab keeps c.
    tracker.committed(12, 'http://c.test/', { start: 6_000, transition: 'other', documentId: 'C' });
    expect(tracker.missedCommit(12, 'http://z.test/', 5_900, 'Z')).toMatchObject({ url: 'http://z.test/', nav: left(5_900, 'Z') });
    // A reload: the same URL, the earlier document.
    expect(tracker.missedCommit(12, 'http://c.test/', 5_950, 'C0')?.nav).toEqual(left(5_950, 'C0'));
    expect(store.get(12)).toMatchObject({ url: 'http://c.test/', nav: { start: 6_000, documentId: 'C' } });
    // Seen in Chromium (durability run, seed 46): y's commit dropped by a stop, its completion
    // delivered after the next page's response replaced the tab's state (no commit yet).
    tracker.mainResponse(13, report('http://next.test/'));
    expect(tracker.missedCommit(13, 'http://y.test/', 7_000, 'Y')).toMatchObject({ url: 'http://y.test/', nav: left(7_000, 'Y') });
    expect(store.get(13)).toMatchObject({ url: 'http://next.test/' });
    expect(store.get(13)?.nav).toBeUndefined();
    // Without a document id nothing could tell it from a page already logged: no visit.
    expect(tracker.missedCommit(13, 'http://y.test/', 7_000)).toBeUndefined();
    expect(tracker.missedCommit(12, 'http://z.test/', 5_900)).toBeUndefined();
    // The next page's own completion (response seen, commit dropped) is a missed commit, as before.
    expect(tracker.missedCommit(13, 'http://next.test/', 7_100, 'NEXT')?.nav).toEqual({
      start: 7_100,
      transition: 'other',
      documentId: 'NEXT',
      inferred: true,
    });
  });

  it('Back and Forward to a page restored without a request show the facts it was loaded with', () => {
    const nav = (start: number, documentId: string) => ({ start, transition: 'other' as const, documentId });
    tracker.mainResponse(20, report('https://a.test/', { ip: '192.0.2.1', tlsUnknown: 'not-inspected' }));
    tracker.committed(20, 'https://a.test/', nav(1_000, 'A'));
    tracker.subresource(20, report('https://cdn.test/x.js'));
    tracker.alerts({ tabId: 20, navStart: 1_000, host: 'a.test', alerts: [{ kind: 'cert-changed', time: 1_000 }] });
    tracker.mainResponse(20, report('http://b.test/', { ip: '192.0.2.2' }));
    tracker.committed(20, 'http://b.test/', nav(2_000, 'B'));
    // Back: a's document again, committed without a response (the back-forward cache).
    const back = tracker.committed(20, 'https://a.test/#top', nav(3_000, 'A'));
    expect(back).toMatchObject({
      url: 'https://a.test/#top',
      nav: nav(3_000, 'A'),
      main: { ip: '192.0.2.1', tlsUnknown: 'not-inspected' },
    });
    expect(Object.keys(back.hosts).sort()).toEqual(['a.test', 'cdn.test']);
    // Its alerts were the first visit's; this visit gets its own from the history.
    expect(back.alerts).toBeUndefined();
    expect(painted.at(-1)).toMatchObject({ tabId: 20, force: true, state: back });
    // Forward: b again.
    expect(tracker.committed(20, 'http://b.test/', nav(4_000, 'B')).main).toMatchObject({ ip: '192.0.2.2', scheme: 'http' });
    // A new document of a's URL (a reload or a link, not restored) is not a's old page.
    tracker.committed(20, 'https://a.test/', nav(5_000, 'A2'));
    expect(store.get(20)?.main?.tlsUnknown).toBe('cached');
    // Nor is a's document under another URL, or any document without an id.
    tracker.committed(21, 'https://c.test/', nav(1_000, 'C'));
    tracker.committed(21, 'https://d.test/', nav(2_000, 'D'));
    expect(tracker.committed(21, 'https://e.test/', nav(3_000, 'C')).main?.tlsUnknown).toBe('cached');
    expect(tracker.committed(21, 'https://d.test/', { start: 4_000, transition: 'other' }).main?.tlsUnknown).toBe('cached');
  });

  it('marks tabs open before Onlooker started, once', () => {
    tracker.preexisting(6, 'https://old.test/');
    expect(store.get(6)).toMatchObject({ preexisting: true, main: { tlsUnknown: 'preexisting' } });
    tracker.mainResponse(7, report('https://new.test/'));
    tracker.preexisting(7, 'https://new.test/');
    expect(store.get(7)?.preexisting).toBeUndefined();
  });

  it('hands history alerts to the navigation that raised them, without duplicates', () => {
    tracker.mainResponse(8, report('https://a.test/'));
    tracker.committed(8, 'https://a.test/', { start: 70, transition: 'other' });
    tracker.mainResponse(9, report('https://a.test/other'));
    tracker.committed(9, 'https://a.test/other', { start: 71, transition: 'other' });
    const alert = { kind: 'cert-changed' as const, time: 70 };
    tracker.alerts({ tabId: 8, navStart: 70, host: 'a.test', alerts: [alert] });
    tracker.alerts({ tabId: 8, navStart: 70, host: 'a.test', alerts: [alert] });
    expect(store.get(8)?.alerts).toEqual([alert]);
    // Another tab on the same host is another visit: it gets its own alerts, not these.
    expect(store.get(9)?.alerts).toBeUndefined();
  });

  it('never paints a late alert of the previous page on the page that replaced it (http → https)', () => {
    tracker.mainResponse(11, report('http://site.test/'));
    tracker.committed(11, 'http://site.test/', { start: 100, transition: 'other' });
    // The tab moves on to the HTTPS page of the same host before history has written the visit.
    tracker.mainResponse(11, report('https://site.test/'));
    painted.length = 0;
    const downgrade = { kind: 'https-downgrade' as const, time: 100, from: 'https', to: 'http' };
    // Between response and commit (no navigation on record yet), and after the commit.
    tracker.alerts({ tabId: 11, navStart: 100, host: 'site.test', alerts: [downgrade] });
    tracker.committed(11, 'https://site.test/', { start: 200, transition: 'other' });
    tracker.alerts({ tabId: 11, navStart: 100, host: 'site.test', alerts: [downgrade] });
    expect(store.get(11)?.alerts).toBeUndefined();
    expect(painted.every((p) => !p.state?.alerts?.length)).toBe(true);
    // The HTTPS page's own alerts still arrive.
    tracker.alerts({ tabId: 11, navStart: 200, host: 'site.test', alerts: [{ kind: 'cert-changed', time: 200 }] });
    expect(store.get(11)?.alerts).toEqual([{ kind: 'cert-changed', time: 200 }]);
  });

  it("ignores alerts whose host is not the page's (a redirect moved the tab elsewhere)", () => {
    tracker.mainResponse(12, report('https://b.test/'));
    tracker.committed(12, 'https://b.test/', { start: 5, transition: 'other' });
    tracker.alerts({ tabId: 12, navStart: 5, host: 'a.test', alerts: [{ kind: 'cert-changed', time: 5 }] });
    expect(store.get(12)?.alerts).toBeUndefined();
  });

  it('drops a page probe of another document than the committed one (Chromium documentId)', () => {
    tracker.mainResponse(13, report('https://a.test/'));
    tracker.committed(13, 'https://a.test/', { start: 1, transition: 'other', documentId: 'DOC2' });
    const found = {
      url: 'https://a.test/',
      protocol: 'h2',
      mixed: [{ kind: 'form', url: 'http://x.test/' }] as const,
      secrets: ['card'] as const,
    };
    tracker.probe({ tabId: 13, ...found, documentId: 'DOC1' });
    expect(store.get(13)?.mixed).toEqual([]);
    expect(store.get(13)?.secrets).toBeUndefined();
    tracker.probe({ tabId: 13, ...found, documentId: 'DOC2' });
    expect(store.get(13)?.mixed).toHaveLength(1);
    expect(store.get(13)?.secrets).toEqual(['card']);
  });

  it('applies an inspection to the tab and remembers it for the origin', () => {
    tracker.mainResponse(10, report('https://a.test/', { tlsUnknown: 'not-inspected' }));
    const tls: TlsInfo = { certificates: [], source: 'chromium-debugger', protocol: 'TLSv1.2', inspectedAt: 9 };
    tracker.inspected(10, 'https://a.test/', tls, { httpVersion: 'HTTP/2', ip: '127.0.0.1' });
    expect(store.get(10)?.main).toMatchObject({ httpVersion: 'HTTP/2', ip: '127.0.0.1', tls: { protocol: 'TLSv1.2' } });
    expect(store.inspection('https://a.test')?.inspectedAt).toBe(9);
  });
});

describe('page state', () => {
  it('counts requests per host and keeps the latest facts', () => {
    const state = newPage(1, report('https://a.test/', { ip: '127.0.0.1' }));
    recordContact(state, report('https://cdn.test/x.js', { ip: '127.0.0.2' }));
    recordContact(state, report('https://cdn.test/y.js', { httpVersion: 'HTTP/2' }));
    expect(state.hosts['a.test']).toMatchObject({ count: 1, ip: '127.0.0.1' });
    expect(state.hosts['cdn.test']).toMatchObject({ count: 2, ip: '127.0.0.2', httpVersion: 'HTTP/2' });
  });

  it('is bounded in hosts and mixed items', () => {
    const state = newPage(1, report('https://a.test/'));
    for (let i = 0; i < MAX_HOSTS + 10; i++) recordContact(state, report(`https://h${i}.test/`));
    expect(Object.keys(state.hosts)).toHaveLength(MAX_HOSTS);
    expect(state.hostsDropped).toBe(11);
    for (let i = 0; i < MAX_MIXED + 5; i++) recordMixed(state, [{ kind: 'subresource', url: `http://m${i}.test/` }]);
    expect(state.mixed).toHaveLength(MAX_MIXED);
    expect(recordMixed(state, [{ kind: 'subresource', url: 'http://m0.test/' }])).toBe(false);
  });

  it('describes a page it did not see load honestly', () => {
    const https = unobservedPage(4, 'https://old.test/', 9, 'preexisting', 'chromium');
    expect(https.preexisting).toBe(true);
    expect(https.main).toMatchObject({ scheme: 'https', tlsUnknown: 'preexisting' });
    const http = unobservedPage(4, 'http://old.test/', 9, 'cached', 'chromium');
    expect(http.main?.tlsUnknown).toBeUndefined();
    expect(http.preexisting).toBeUndefined();
  });
});

describe('TabStore', () => {
  it('survives a worker restart: a new store reads back what the old one flushed', async () => {
    const area = new MapArea();
    const first = new TabStore(area, 5);
    await first.ready;
    first.set(7, newPage(7, report('https://a.test/')));
    await first.flush();

    const second = new TabStore(area, 5);
    expect(second.loaded).toBe(false);
    await second.ready;
    expect(second.get(7)?.main?.host).toBe('a.test');
  });

  it('keeps the pages a tab left across a worker restart, a few per tab and for the latest tabs only', async () => {
    const area = new MapArea();
    const first = new TabStore(area, 5);
    await first.ready;
    const page = (tabId: number, host: string, documentId: string): TabState => ({
      ...newPage(tabId, report(`https://${host}/`)),
      nav: { start: 1, transition: 'other', documentId },
    });
    // One page more than is kept: D0 (the oldest) goes; the newest is D${MAX_LEFT}.
    for (let i = 0; i <= MAX_LEFT; i++) first.leave(1, page(1, `p${i}.test`, `D${i}`));
    // Error pages, pages without a document id and tabs open before Onlooker started are not kept.
    first.leave(1, { ...page(1, 'x.test', 'X'), preexisting: true });
    first.leave(1, { ...newPage(1, report('https://y.test/')), nav: { start: 1, transition: 'other' } });
    await first.flush();
    const second = new TabStore(area, 5);
    await second.ready;
    expect(second.takeLeft(1, 'D0', 'https://p0.test/')).toBeUndefined();
    expect(second.takeLeft(1, 'D1', 'https://p0.test/')).toBeUndefined(); // another page's URL
    expect(second.takeLeft(1, 'D1', 'https://p1.test/')?.main?.host).toBe('p1.test');
    expect(second.takeLeft(1, 'D1', 'https://p1.test/')).toBeUndefined(); // taken back once
    expect(second.takeLeft(1, 'X', 'https://x.test/')).toBeUndefined();
    for (let tab = 2; tab <= 2 + MAX_LEFT_TABS; tab++) second.leave(tab, page(tab, 'z.test', `Z${tab}`));
    expect(second.takeLeft(1, `D${MAX_LEFT}`, `https://p${MAX_LEFT}.test/`)).toBeUndefined(); // tab 1 left longest ago
    expect(second.takeLeft(2 + MAX_LEFT_TABS, `Z${2 + MAX_LEFT_TABS}`, 'https://z.test/')).toBeDefined();
    second.delete(3);
    await second.flush();
    expect([...area.data.keys()].filter((k) => k.startsWith('left:')).sort()).toEqual(
      Array.from({ length: MAX_LEFT_TABS - 2 }, (_, i) => `left:${i + 4}`).sort(),
    );
  });

  it('coalesces many changes into one write', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    const state = newPage(1, report('https://a.test/'));
    store.set(1, state);
    for (let i = 0; i < 100; i++) store.touch(1);
    await new Promise((r) => setTimeout(r, 20));
    await store.flush();
    expect(area.writes).toBe(1);
  });

  it('removes closed tabs from storage', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    store.set(2, newPage(2, report('https://b.test/')));
    await store.flush();
    store.delete(2);
    await store.flush();
    expect(area.data.has('tab:2')).toBe(false);
  });

  it('drops state of another report version instead of misreading it', async () => {
    const area = new MapArea();
    area.data.set('tab:3', { v: 999, tabId: 3 });
    area.data.set('tab:4', 'garbage');
    const store = new TabStore(area, 5);
    await store.ready;
    expect(store.all()).toEqual([]);
  });

  it('keeps inspections per origin, bounded, across restarts', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    const tls = (n: number): TlsInfo => ({ certificates: [], source: 'chromium-debugger', inspectedAt: n });
    for (let i = 0; i <= MAX_INSPECTIONS; i++) store.setInspection(`https://h${i}.test`, tls(i));
    await store.flush();
    const again = new TabStore(area, 5);
    await again.ready;
    expect(again.inspection('https://h0.test')).toBeUndefined();
    expect(again.inspection(`https://h${MAX_INSPECTIONS}.test`)?.inspectedAt).toBe(MAX_INSPECTIONS);
  });

  it('keeps working in memory when storage refuses a write', async () => {
    const area = new MapArea();
    area.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const store = new TabStore(area, 5);
    await store.ready;
    store.set(5, newPage(5, report('https://c.test/')));
    await expect(store.flush()).resolves.toBeUndefined();
    expect(store.get(5)?.main?.host).toBe('c.test');
  });
});
