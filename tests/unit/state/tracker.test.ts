import { beforeEach, describe, expect, it } from 'vitest';
import { PageTracker } from '@/lib/state/tracker';
import { TabStore } from '@/lib/state/tab-store';
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

  it('ignores cancelled navigations (downloads, aborted loads)', () => {
    tracker.mainResponse(1, report('https://a.test/'));
    tracker.mainResponse(1, report('https://file.test/x.zip', { error: 'net::ERR_ABORTED' }));
    expect(store.get(1)?.main?.host).toBe('a.test');
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

  it('says a missing host permission is why nothing is known', () => {
    tracker.committed(4, 'https://nope.test/', { start: 1, transition: 'other' });
    tracker.permissionMissing(4);
    expect(store.get(4)?.main?.tlsUnknown).toBe('permission');
  });

  it('reads the HTTP version and mixed content the page probe reports', () => {
    tracker.mainResponse(5, report('https://a.test/'));
    tracker.probe(5, 'https://a.test/', 'h2', [{ kind: 'form', url: 'http://x.test/' }]);
    expect(store.get(5)?.main?.httpVersion).toBe('HTTP/2');
    expect(store.get(5)?.mixed).toHaveLength(1);
    // A probe from another document than the one on record is ignored.
    tracker.probe(5, 'https://other.test/', 'h3', []);
    expect(store.get(5)?.main?.httpVersion).toBe('HTTP/2');
  });

  it('marks tabs open before Onlooker started, once', () => {
    tracker.preexisting(6, 'https://old.test/');
    expect(store.get(6)).toMatchObject({ preexisting: true, main: { tlsUnknown: 'preexisting' } });
    tracker.mainResponse(7, report('https://new.test/'));
    tracker.preexisting(7, 'https://new.test/');
    expect(store.get(7)?.preexisting).toBeUndefined();
  });

  it('hands history alerts to every tab showing the host, without duplicates', () => {
    tracker.mainResponse(8, report('https://a.test/'));
    tracker.mainResponse(9, report('https://b.test/'));
    const alert = { kind: 'cert-changed', time: 7 };
    tracker.alerts('a.test', [alert]);
    tracker.alerts('a.test', [alert]);
    expect(store.get(8)?.alerts).toEqual([alert]);
    expect(store.get(9)?.alerts).toBeUndefined();
  });

  it('applies an inspection to the tab and remembers it for the origin', () => {
    tracker.mainResponse(10, report('https://a.test/', { tlsUnknown: 'not-inspected' }));
    const tls: TlsInfo = { certificates: [], source: 'chromium-debugger', protocol: 'TLSv1.2', inspectedAt: 9 };
    tracker.inspected(10, 'https://a.test/', tls, { httpVersion: 'HTTP/2', ip: '127.0.0.1' });
    expect(store.get(10)?.main).toMatchObject({ httpVersion: 'HTTP/2', ip: '127.0.0.1', tls: { protocol: 'TLSv1.2' } });
    expect(store.inspection('https://a.test')?.inspectedAt).toBe(9);
  });
});
