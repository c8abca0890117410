import { describe, expect, it } from 'vitest';
import { MAX_HOSTS, MAX_MIXED, newPage, recordContact, recordMixed, unobservedPage } from '@/lib/state/page';
import { REPORT_VERSION, type ConnectionReport } from '@/lib/report/types';

const report = (url: string, extra: Partial<ConnectionReport> = {}): ConnectionReport => {
  const u = new URL(url);
  return {
    v: REPORT_VERSION,
    engine: 'firefox',
    url,
    host: u.hostname,
    scheme: u.protocol === 'http:' ? 'http' : 'https',
    time: 1,
    ...extra,
  };
};

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
