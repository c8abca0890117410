/**
 * The privacy page's presentational parts rendered into a linkedom document: what people and
 * assistive technology get (labels on every control, headings, the confirmation dialog's
 * focus), certificate text kept inert, and every message in both locales. The virtual list
 * and the canvas charts need a layout engine: the e2e tests cover them in real browsers.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { linkedomDom, type DomElement } from '../dom';
import { ChartsSection } from '../../../components/privacy/ChartsSection';
import { ConfirmDialog } from '../../../components/privacy/ConfirmDialog';
import { EventList } from '../../../components/privacy/EventList';
import { FilterBar } from '../../../components/privacy/FilterBar';
import { Notices } from '../../../components/privacy/Notices';
import { SettingsSection } from '../../../components/privacy/SettingsSection';
import { SiteView } from '../../../components/privacy/SiteView';
import { VisitDetails } from '../../../components/privacy/VisitDetails';
import type { HistoryStats, SiteView as SiteData, VisitView } from '../../../lib/history/queries';
import type { CertificateRecord, HistoryEventRecord } from '../../../lib/history/schema';
import { EMPTY_FILTERS } from '../../../lib/privacy/filters';
import { createFormats } from '../../../lib/privacy/format';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { VERDICT_KINDS } from '../../../lib/report/types';
import { makeT } from '../cert/i18n';

// The charts' canvas module never loads here.
vi.mock('../../../lib/privacy/uplot-draw', () => ({ drawPercentLine: () => () => undefined, drawBars: () => () => undefined }));

const { window, mount } = linkedomDom();
const en = makeT('en');
const de = makeT('de');
const f = createFormats('en');
const T0 = Date.UTC(2026, 10, 20, 12);
const HOSTILE = '<img src=x onerror=alert(1)>\u202Egnp.exe';

const visit: VisitView = {
  key: T0,
  time: T0,
  host: 'bank.example',
  scheme: 'https',
  verdict: 'custom-root',
  tls: 'TLSv1.3',
  cipher: 'TLS_AES_128_GCM_SHA256',
  group: 'x25519',
  ip: '192.0.2.7',
  httpVersion: 'HTTP/2',
  ech: false,
  certId: 3,
  reloads: 2,
};
const cert: CertificateRecord = {
  sha256: 'AA:BB:CC',
  id: 3,
  subject: `CN=${HOSTILE}`,
  issuer: 'CN=Evil CA,O=Evil Org',
  subjectCN: HOSTILE,
  issuerOrg: `Evil\u202EOrg`,
  issuerCN: 'Evil CA',
  notBefore: T0 - 10 * 86_400_000,
  notAfter: T0 + 80 * 86_400_000,
  sans: Array.from({ length: 30 }, (_, i) => `h${i}.bank.example`),
  rootBuiltIn: false,
  hosts: ['bank.example'],
  firstSeen: T0,
  lastSeen: T0,
};
const events: HistoryEventRecord[] = [
  { id: 1, time: T0, host: 'bank.example', kind: 'cert-changed', from: "Let's Encrypt", to: HOSTILE },
  { id: 2, time: T0 - 1000, host: 'bank.example', kind: 'expiring', to: String(T0 + 5 * 86_400_000), ack: T0 },
];

/** All control labels resolve: every input/select has a <label for> or an aria-label. */
function unlabelled(root: DomElement): string[] {
  return [...root.querySelectorAll('input, select, textarea')]
    .filter((el) => {
      const id = el.getAttribute('id');
      const label = id ? root.querySelector(`label[for="${id}"]`) : null;
      return !label && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
    })
    .map((el) => el.outerHTML);
}

describe('VisitDetails', () => {
  it('lists every stored field and the certificate, hostile text as inert, visible text', () => {
    const el = mount(
      h(VisitDetails, { detail: { visit, cert }, siteHref: (x: string) => `#site=${x}`, onClose: () => undefined, t: en.t, f }),
    );
    const text = el.textContent ?? '';
    for (const v of ['bank.example', 'TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'x25519', '192.0.2.7', 'HTTP/2', 'AA:BB:CC'])
      expect(text).toContain(v);
    expect(el.querySelector('img')).toBeNull();
    expect(text).toContain('<img src=x onerror=alert(1)>');
    // The right-to-left override is shown as a token, never applied.
    expect(text).not.toContain('\u202E');
    expect(text).toContain('⟨U+202E⟩');
    expect(text).toContain(en.t('privacy_cert_root_custom'));
    expect(el.querySelector('aside')?.getAttribute('aria-labelledby')).toBe('visit-details-title');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('#site=bank.example');
  });

  it('says when a visit is gone and when plain HTTP has no certificate', () => {
    expect(mount(h(VisitDetails, { detail: null, siteHref: String, onClose: () => undefined, t: en.t, f })).textContent).toContain(
      en.t('privacy_details_gone'),
    );
    const http = mount(
      h(VisitDetails, {
        detail: { visit: { ...visit, scheme: 'http', verdict: 'http', tls: undefined, certId: undefined } },
        siteHref: String,
        onClose: () => undefined,
        t: en.t,
        f,
      }),
    );
    expect(http.textContent).toContain(en.t('privacy_cert_none_http'));
    expect(http.textContent).not.toContain(en.t('privacy_field_cipher'));
  });
});

describe('EventList', () => {
  it('names each event, fills in before/after safely, marks unseen ones in words', async () => {
    const seen: number[][] = [];
    const el = mount(
      h(EventList, {
        events,
        onMarkSeen: (ids: number[]) => seen.push(ids),
        siteHref: (x: string) => `#site=${x}`,
        labelledBy: 'x',
        t: en.t,
        f,
      }),
    );
    const items = el.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain(en.t('privacy_event_cert_changed'));
    expect(items[0]?.textContent).toContain("Let's Encrypt");
    expect(items[0]?.textContent).not.toContain('\u202E');
    expect(items[0]?.textContent).toContain(en.t('privacy_event_new'));
    expect(items[1]?.textContent).toContain(f.date(T0 + 5 * 86_400_000));
    expect(items[1]?.querySelector('button')).toBeNull();
    await act(() => {
      (items[0]?.querySelector('button') as unknown as HTMLElement).dispatchEvent(
        new window.Event('click', { bubbles: true }) as unknown as Event,
      );
    });
    expect(seen).toEqual([[1]]);
    expect(items[0]?.querySelector('button')?.getAttribute('aria-label')).toContain('bank.example');
  });
});

describe('FilterBar', () => {
  it('every control is labelled; changes are reported as patches', async () => {
    const patches: unknown[] = [];
    const el = mount(
      h(FilterBar, {
        filters: EMPTY_FILTERS,
        onChange: (p: unknown) => patches.push(p),
        onClear: () => undefined,
        hosts: ['a.test'],
        total: 1234,
        t: en.t,
        f,
      }),
    );
    expect(unlabelled(el)).toEqual([]);
    expect(el.querySelector('form')?.getAttribute('role')).toBe('search');
    // "Any verdict" and one per verdict kind.
    expect(el.querySelectorAll('#f-verdict option')).toHaveLength(VERDICT_KINDS.length + 1);
    expect(el.querySelector('output')?.textContent).toBe(en.t('privacy_result_count', '1,234'));
    const input = el.querySelector('#f-text') as unknown as HTMLInputElement;
    input.value = 'news';
    await act(() => {
      input.dispatchEvent(new window.Event('input', { bubbles: true }) as unknown as Event);
    });
    expect(patches).toEqual([{ text: 'news' }]);
  });
});

describe('SettingsSection', () => {
  const props = {
    settings: { ...DEFAULT_SETTINGS, excludedHosts: ['intranet.example'] },
    onSettings: () => undefined,
    onRetention: () => undefined,
    onDelete: () => undefined,
    onExport: () => undefined,
    onImport: () => undefined,
    busy: false,
    t: en.t,
    f,
  };

  it('labels every control and shows the defaults (history on, 90 days)', () => {
    const el = mount(h(SettingsSection, props));
    expect(unlabelled(el)).toEqual([]);
    const enabled = el.querySelector('#s-enabled')!;
    expect((enabled as unknown as { checked?: boolean }).checked ?? enabled.hasAttribute('checked')).toBe(true);
    expect((el.querySelector('#s-retention') as unknown as HTMLInputElement).value).toBe('90');
    expect(el.textContent).toContain('intranet.example');
    expect([...el.querySelectorAll('h2')].map((x) => x.textContent)).toEqual([
      en.t('privacy_settings_heading'),
      en.t('privacy_settings_verdicts_heading'),
      en.t('expect_settings_heading'),
      en.t('privacy_excluded_heading'),
      en.t('privacy_delete_heading'),
      en.t('privacy_backup_heading'),
    ]);
  });

  it('"judge local sites like remote ones" is off by default and changes the setting', async () => {
    const patches: unknown[] = [];
    const el = mount(h(SettingsSection, { ...props, onSettings: (p: unknown) => patches.push(p) }));
    const box = el.querySelector('#s-local-as-remote') as unknown as HTMLInputElement;
    expect(box.checked ?? box.hasAttribute('checked')).toBe(false);
    box.checked = true;
    await act(() => {
      box.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
    });
    expect(patches).toEqual([{ localAsRemote: true }]);
  });

  it('asks to delete: site, range and everything go out as requests', async () => {
    const requests: unknown[] = [];
    const el = mount(h(SettingsSection, { ...props, onDelete: (r: unknown) => requests.push(r) }));
    const site = el.querySelector('#d-site') as unknown as HTMLInputElement;
    site.value = 'https://Old.Example/path';
    await act(() => {
      site.dispatchEvent(new window.Event('input', { bubbles: true }) as unknown as Event);
    });
    await act(() => {
      site.closest('form')!.dispatchEvent(new window.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event);
    });
    const all = [...el.querySelectorAll('button')].find((b) => b.textContent === en.t('privacy_delete_all'))!;
    await act(() => {
      all.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
    });
    expect(requests).toEqual([{ kind: 'site', host: 'old.example' }, { kind: 'all' }]);
  });
});

describe('ConfirmDialog', () => {
  it('a labelled, described dialog; Cancel and Delete do what they say', async () => {
    const calls: string[] = [];
    let el!: ReturnType<typeof mount>;
    await act(() => {
      el = mount(
        h(ConfirmDialog, {
          request: { title: 'Delete a.test?', message: 'All of it.', confirmLabel: 'Delete' },
          onConfirm: () => calls.push('confirm'),
          onCancel: () => calls.push('cancel'),
          t: en.t,
        }),
      );
    });
    const dialog = el.querySelector('dialog')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(el.querySelector(`#${dialog.getAttribute('aria-labelledby')}`)?.textContent).toBe('Delete a.test?');
    expect(el.querySelector(`#${dialog.getAttribute('aria-describedby')}`)?.textContent).toBe('All of it.');
    const [cancel, confirm] = [...el.querySelectorAll('button')];
    expect(cancel?.textContent).toBe(en.t('privacy_cancel'));
    await act(() => {
      confirm!.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
      cancel!.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
    });
    expect(calls).toEqual(['confirm', 'cancel']);
  });
});

describe('Notices, SiteView, ChartsSection', () => {
  it('the quota notice says how many visits went and can be dismissed', () => {
    const el = mount(
      h(Notices, {
        quota: { quotaPruned: 5000, quotaPrunedAt: T0 },
        onDismissQuota: () => undefined,
        historyOff: true,
        settingsHref: '#settings',
        t: en.t,
        f,
      }),
    );
    expect(el.querySelector('[data-notice="quota"]')?.getAttribute('role')).toBe('alert');
    expect(el.textContent).toContain('5,000');
    expect(el.textContent).toContain(en.t('privacy_history_off_notice'));
    expect(el.querySelector('[role="status"]')).not.toBeNull();
  });

  it('a site page: summary, timeline with the issuer change, events, recent visits', () => {
    const data: SiteData = {
      site: {
        host: 'bank.example',
        firstSeen: T0,
        lastSeen: T0,
        visits: 2,
        reloads: 0,
        httpVisits: 0,
        snap: { scheme: 'https', verdict: 'secure', tls: 'TLSv1.3' },
      },
      visits: [visit],
      certificates: [
        {
          cert: { id: 1, sha256: 'AA:AA:AA:AA:AA:AA:AA:AA:AA', issuerOrg: "Let's Encrypt", subjectCN: 'bank.example' },
          firstSeen: T0 - 1000,
          lastSeen: T0 - 1000,
          visits: 1,
        },
        {
          cert: { id: 3, sha256: 'BB:BB:BB:BB:BB:BB:BB:BB:BB', issuerOrg: HOSTILE, subjectCN: 'bank.example' },
          firstSeen: T0,
          lastSeen: T0,
          visits: 1,
        },
      ],
      events,
    };
    const el = mount(
      h(SiteView, {
        host: 'bank.example',
        data,
        hrefOf: (v: VisitView) => `#visit=${v.key}`,
        onMarkSeen: () => undefined,
        onShowAll: () => undefined,
        onDelete: () => undefined,
        t: en.t,
        f,
      }),
    );
    expect(el.querySelector('h2')?.textContent).toBe('bank.example');
    expect(el.querySelectorAll('.timeline-item')).toHaveLength(2);
    expect(el.querySelector('.is-issuer-change')?.textContent).toContain(en.t('privacy_timeline_issuer_changed'));
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.site-visits a')?.getAttribute('href')).toBe(`#visit=${T0}`);
  });

  it('charts: tables for every chart, ranked issuers and HTTP sites', () => {
    const stats: HistoryStats = {
      visits: 10,
      sites: 3,
      httpsShareByDay: [
        { day: '2026-11-19', https: 4, total: 5 },
        { day: '2026-11-20', https: 5, total: 5 },
      ],
      tlsVersions: { 'TLSv1.2': 2, 'TLSv1.3': 7 },
      verdicts: { secure: 9, http: 1 },
      topIssuers: [{ issuer: HOSTILE, visits: 9, sites: 2 }],
      httpSites: [{ host: 'plain.example', lastSeen: T0, visits: 1, httpVisits: 1 }],
    };
    const el = mount(h(ChartsSection, { stats, siteHref: (x: string) => `#site=${x}`, t: en.t, f }));
    expect(el.querySelectorAll('table')).toHaveLength(4);
    expect(el.textContent).toContain(en.t('privacy_charts_summary', ['10', '3', f.percent(0.9)]));
    expect(el.querySelector('img')).toBeNull();
    expect([...el.querySelectorAll('table')[1]!.querySelectorAll('tbody th')].map((x) => x.textContent)).toEqual(['TLSv1.3', 'TLSv1.2']);
    expect(el.querySelector('a[href="#site=plain.example"]')).not.toBeNull();
  });
});

describe('messages', () => {
  it('every key the components asked for exists in English and German', () => {
    const missing = [...en.used].filter((k) => !en.messages[k] || !de.messages[k]);
    expect(missing).toEqual([]);
    expect(en.used.size).toBeGreaterThan(60);
  });
});
