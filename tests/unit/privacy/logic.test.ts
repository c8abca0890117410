import { describe, expect, it } from 'vitest';
import type { HistoryStats } from '../../../lib/history/queries';
import { httpsShareSeries, overallHttpsShare, tlsVersionBars } from '../../../lib/privacy/charts';
import { exportFileName } from '../../../lib/privacy/download';
import { eventDetail } from '../../../lib/privacy/events';
import { createFormats, verdictTone } from '../../../lib/privacy/format';
import { parseHistoryNotice } from '../../../lib/privacy/notice';
import { visitRows } from '../../../lib/privacy/visit-details';
import { safeText } from '../../../lib/safe-text';
import { makeT } from '../cert/i18n';

const { t } = makeT('en');
const f = createFormats('en');

const stats = (over: Partial<HistoryStats> = {}): HistoryStats => ({
  visits: 0,
  sites: 0,
  httpsShareByDay: [],
  tlsVersions: {},
  verdicts: {},
  topIssuers: [],
  httpSites: [],
  ...over,
});

describe('chart data', () => {
  it('HTTPS share per day in percent at local noon, days without visits left out', () => {
    const s = httpsShareSeries(
      stats({
        httpsShareByDay: [
          { day: '2026-11-19', https: 1, total: 3 },
          { day: '2026-11-20', https: 0, total: 0 },
        ],
      }),
    );
    expect(s.x).toEqual([new Date(2026, 10, 19, 12).getTime() / 1000]);
    expect(s.y).toEqual([33.3]);
    expect(overallHttpsShare(stats({ httpsShareByDay: [{ day: '2026-11-19', https: 1, total: 4 }] }))).toBe(0.25);
    expect(overallHttpsShare(stats())).toBeUndefined();
  });

  it('TLS versions newest first, odd ones next, unknown last', () => {
    const bars = tlsVersionBars(stats({ tlsVersions: { unknown: 2, 'TLSv1.2': 5, 'TLS(99)': 1, 'TLSv1.3': 9, SSLv3: 0 } }));
    expect(bars).toEqual({ labels: ['TLSv1.3', 'TLSv1.2', 'TLS(99)', 'unknown'], counts: [9, 5, 1, 2] });
    // QUIC carries TLS 1.3: it ranks with it, above TLS 1.2 (the same order change detection uses).
    const quic = tlsVersionBars(stats({ tlsVersions: { 'TLSv1.2': 5, TLSv1: 1, QUIC: 3 } }));
    expect(quic.labels).toEqual(['QUIC', 'TLSv1.2', 'TLSv1']);
  });
});

describe('notice, names, formats', () => {
  it('accepts only a well-formed quota notice', () => {
    expect(parseHistoryNotice({ quotaPrunedAt: 5, quotaPruned: 12.4 })).toEqual({ quotaPrunedAt: 5, quotaPruned: 12 });
    for (const bad of [
      undefined,
      null,
      'x',
      {},
      { quotaPrunedAt: 'x', quotaPruned: 1 },
      { quotaPrunedAt: 1, quotaPruned: -1 },
      { quotaPrunedAt: 1, quotaPruned: NaN },
    ]) {
      expect(parseHistoryNotice(bad)).toBeUndefined();
    }
  });

  it('export file names carry the local date', () => {
    expect(exportFileName('json', new Date(2026, 0, 5, 23).getTime())).toBe('onlooker-history-2026-01-05.json');
    expect(exportFileName('csv', new Date(2026, 10, 20).getTime())).toBe('onlooker-history-2026-11-20.csv');
  });

  it('formats survive a bad language tag; verdicts have a tone', () => {
    expect(createFormats('not a tag!').number(1234)).toMatch(/1.?234/);
    expect(createFormats('de').number(1234.5)).toBe('1.234,5');
    expect(f.dateTime(NaN)).toBe('');
    expect(verdictTone('secure')).toBe('ok');
    expect(verdictTone('http')).toBe('bad');
  });

  it('certificate text: invisible characters shown, length capped', () => {
    expect(safeText('a\u202Eb')).toBe('a⟨U+202E⟩b');
    const long = safeText('x'.repeat(5000));
    expect(long.length).toBeLessThan(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('event sentences: unknown values said, expiry as a date, hostile issuers isolated', () => {
    const base = { id: 1, host: 'a.test', time: 0 };
    expect(eventDetail({ ...base, kind: 'tls-downgrade' }, t, f)).toContain('unknown');
    expect(eventDetail({ ...base, kind: 'expiring', to: String(Date.UTC(2026, 10, 20, 12)) }, t, f)).toContain(
      f.date(Date.UTC(2026, 10, 20, 12)),
    );
    const hostile = eventDetail({ ...base, kind: 'issuer-changed', from: 'A', to: 'Évil\u202EOrg' }, t, f);
    expect(hostile).toContain('\u2068Évil⟨U+202E⟩Org\u2069');
  });

  it('visit fields: HTTPS facts only for HTTPS, unknowns said', () => {
    const https = visitRows({ key: 1, time: 1, host: 'a.test', scheme: 'https', verdict: 'secure', reloads: 0 }, t, f);
    expect(https.find((r) => r.label === 'privacy_field_tls')?.value).toBe('unknown');
    expect(https.find((r) => r.label === 'privacy_field_proxy')?.value).toBe('none');
    const http = visitRows({ key: 1, time: 1, host: 'a.test', scheme: 'http', verdict: 'http', reloads: 3 }, t, f);
    expect(http.map((r) => r.label)).not.toContain('privacy_field_tls');
    expect(http.find((r) => r.label === 'privacy_field_reloads')?.value).toBe('3');
  });
});
